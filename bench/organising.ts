/**
 * Teams and groups at scale (issue 5), measured in-process on the use-case functions:
 *   - preview of a 3-condition rule (count + sample of 10): p50 / p95 over BENCH_PREVIEWS runs
 *   - full recompute of one group
 *   - the added cost of one profile update with BENCH_GROUPS groups defined (refreshFor for one user)
 *
 *   npx tsx bench/organising.ts                       PGlite, 100,000 users, 2,000 teams (6 levels), 200 groups
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/organising.ts   the same on a fresh database of that server
 *   BENCH_USERS (100000)  BENCH_TEAMS (2000)  BENCH_GROUPS (200)  BENCH_PREVIEWS (50)  BENCH_UPDATES (100)
 * Prints one JSON line per figure on stdout.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect, type Db } from '../src/server/db/index';
import { migrate } from '../src/server/db/migrate';
import { systemActor } from '../src/server/http/actor';
import { recomputeGroup, refreshFor } from '../src/server/modules/groups/membership';
import { preview } from '../src/server/modules/groups/service';
import { stats } from './measure';
import { seedUsers } from './seed';

const env = process.env;
const int = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);
const USERS = int(env.BENCH_USERS, 100_000);
const TEAMS = int(env.BENCH_TEAMS, 2000);
const GROUPS = int(env.BENCH_GROUPS, 200);
const PREVIEWS = int(env.BENCH_PREVIEWS, 50);
const UPDATES = int(env.BENCH_UPDATES, 100);
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'HR', 'Operations', 'Support', 'Legal', 'Product', 'Design', 'Logistics', 'Research'];
const LOCATIONS = ['Amsterdam', 'Berlin', 'Lisbon', 'London', 'Madrid', 'Paris', 'Warsaw', 'Stockholm', 'New York', 'Toronto', 'Remote'];
const actor = systemActor('bench');

const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const note = (s: string) => process.stderr.write(`[bench:organising] ${s}\n`);
const time = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

/** 2,000 teams in 6 levels: each team's parent is a team of the level above. */
async function seedTeams(db: Db) {
  const perLevel = Math.ceil(TEAMS / 6);
  for (let level = 0; level < 6; level++) {
    await db.query(
      `insert into teams (id, name, parent_id, path)
       select 't' || $1 || '-' || g, 'Team ' || $1 || '-' || g, p.id, coalesce(p.path, '/') || 't' || $1 || '-' || g || '/'
       from generate_series(1, $2::int) g
       left join teams p on $1 > 0 and p.id = 't' || ($1 - 1) || '-' || (1 + g % $2::int)`,
      [level, perLevel],
    );
  }
  // Everyone in one team, a tenth of people in a second one.
  await db.query(`insert into team_members (team_id, user_id) select 't' || (abs(hashtext(id)) % 6) || '-' || (1 + abs(hashtext('x' || id)) % $1::int), id from users`, [perLevel]);
  await db.query(
    `insert into team_members (team_id, user_id) select 't5-' || (1 + abs(hashtext('y' || id)) % $1::int), id from users where abs(hashtext(id)) % 10 = 0 on conflict do nothing`,
    [perLevel],
  );
  await db.query('analyze teams');
  await db.query('analyze team_members');
}

function groupRules(i: number) {
  const dept = DEPARTMENTS[i % DEPARTMENTS.length];
  const loc = LOCATIONS[i % LOCATIONS.length];
  switch (i % 4) {
    case 0:
      return { all: [{ field: 'department', op: 'eq', value: dept }, { field: 'location', op: 'in', value: [loc, 'Remote'] }] };
    case 1:
      return { any: [{ field: 'jobTitle', op: 'contains', value: 'engineer' }, { field: 'teamId', op: 'in_team', value: { teamId: `t1-${1 + (i % 50)}`, includeSubteams: true } }] };
    case 2:
      return { all: [{ field: 'hireDate', op: 'within_last_days', value: 90 }, { not: { field: 'role', op: 'in', value: ['owner', 'admin'] } }] };
    default:
      return { all: [{ field: 'department', op: 'neq', value: dept }, { field: 'engagement', op: 'eq', value: 'active' }, { field: 'language', op: 'eq', value: 'fr' }] };
  }
}

async function run(kind: string, db: Db) {
  note(`${kind}: seeding ${USERS} users`);
  await seedUsers(db, USERS);
  await seedTeams(db);
  note(`${kind}: creating ${GROUPS} groups and computing their members`);
  const groupIds: string[] = [];
  let recomputeAll = 0;
  for (let i = 0; i < GROUPS; i++) {
    const id = `g${i}`;
    await db.query(`insert into groups (id, name, rules, has_date_rules) values ($1, $1, $2, $3)`, [id, JSON.stringify(groupRules(i)), i % 4 === 2]);
    recomputeAll += await time(() => db.tx((tx) => recomputeGroup(tx, id, 'bench')));
    groupIds.push(id);
  }
  await db.query('analyze group_members');
  emit({ db: kind, users: USERS, groups: GROUPS, metric: 'initial_compute_all_groups_s', value: Math.round(recomputeAll) / 1000 });

  const rule = {
    all: [
      { field: 'department', op: 'in', value: ['Sales', 'Marketing'] },
      { field: 'location', op: 'eq', value: 'Paris' },
      { field: 'teamId', op: 'in_team', value: { teamId: 't0-3', includeSubteams: true } },
    ],
  };
  let last = { count: 0 };
  const samples: number[] = [];
  for (let i = 0; i < 5 + PREVIEWS; i++) {
    const ms = await time(async () => (last = await preview(db, actor, rule)));
    if (i >= 5) samples.push(ms);
  }
  emit({ db: kind, users: USERS, metric: 'preview_3_conditions', count: last.count, ...stats(samples), target_p95_ms: 300 });

  const recompute: number[] = [];
  for (const id of ['g0', 'g1', 'g2', 'g3']) recompute.push(await time(() => db.tx((tx) => recomputeGroup(tx, id, 'bench'))));
  emit({ db: kind, users: USERS, metric: 'recompute_one_group', ...stats(recompute), target_ms: 2000 });

  const ids = (await db.query<{ id: string }>(`select id from users where deleted_at is null order by id limit $1`, [UPDATES])).map((r) => r.id);
  const refresh: number[] = [];
  for (const [i, id] of ids.entries()) {
    await db.query(`update users set department = $2 where id = $1`, [id, DEPARTMENTS[i % DEPARTMENTS.length]]);
    refresh.push(await time(() => db.tx((tx) => refreshFor(tx, [id], 'bench'))));
  }
  emit({ db: kind, users: USERS, groups: GROUPS, metric: 'profile_update_added_cost', ...stats(refresh.slice(5)), target_p95_ms: 10 });
}

async function main() {
  const url = env.BENCH_DATABASE_URL;
  if (!url) {
    const db = await connect({});
    await migrate(db);
    try {
      await run('pglite', db);
    } finally {
      await db.close();
    }
    return;
  }
  const name = `roster_bench_org_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const db = await connect({ databaseUrl: url.replace(/\/[^/]*$/, `/${name}`) });
  try {
    await migrate(db);
    await run('postgres', db);
  } finally {
    await db.close();
    await admin.query(`drop database ${name}`);
    await admin.end();
  }
}

await main();
