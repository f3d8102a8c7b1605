/**
 * Teams and groups at scale (issue 5), measured in-process on the use-case functions:
 *   - preview of a 3-condition rule (count + sample of 10): p50 / p95 over BENCH_PREVIEWS runs (target p95 ≤ 300 ms)
 *   - full recompute of one group: with its stored members already current, and computing a new group from empty
 *     (every member joins, with events) (target ≤ 2 s)
 *   - the added cost of one profile update with BENCH_GROUPS groups defined: refreshFor for the changed user, in
 *     its own transaction (target p95 ≤ 10 ms)
 *
 *   npx tsx bench/organising.ts
 *   BENCH_DB=pglite|postgres|both (both)   BENCH_USERS (PostgreSQL 1,000,000; PGlite 100,000)
 *   BENCH_TEAMS (2000, 6 levels)   BENCH_GROUPS (200)   BENCH_PREVIEWS (50)   BENCH_UPDATES (200)
 *   BENCH_DATABASE_URL / DATABASE_URL: the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 *   a fresh database roster_bench_org_<random> is created there and dropped at the end (unreachable → skipped).
 *   BENCH_KEEP_DB=1 keeps it (its name is printed); BENCH_DB_NAME=name uses that database (created if missing, kept),
 *   and skips seeding when it already has users, so a measurement can be repeated without seeding again.
 * Prints one JSON object per line on stdout (notes on stderr). `benchOrganising` is the scenario for bench/run.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { binder, connect, type Db } from '../src/server/db/index';
import { migrate } from '../src/server/db/migrate';
import { systemActor } from '../src/server/core/actor';
import { withBulkManagerChanges } from '../src/server/modules/people/hierarchy';
import { customFieldDefs, membershipSql, recomputeGroup, refreshFor } from '../src/server/modules/groups/membership';
import { preview } from '../src/server/modules/groups/service';
import { registerSubscriptions } from '../src/server/subscriptions';
import type { Rule } from '../src/server/modules/groups/rules';
import { stats, withBenchDatabase } from './measure';
import { DEPARTMENTS, seedUsers, withoutConstraints, withoutSecondaryIndexes } from './seed';

type Kind = 'pglite' | 'postgres';
export interface OrganisingBenchOptions {
  users: number;
  teams: number;
  groups: number;
  previews: number;
  updates: number;
  emit: (obj: Record<string, unknown>) => void;
  note: (line: string) => void;
}

const LOCATIONS = [
  'Amsterdam',
  'Berlin',
  'Lisbon',
  'London',
  'Madrid',
  'Paris',
  'Warsaw',
  'Stockholm',
  'New York',
  'Toronto',
  'Remote',
];
const actor = systemActor('bench');

const time = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

/** `teams` teams in 6 levels (each team's parent is a team of the level above); everyone in one team, a tenth in two. */
async function seedTeams(db: Db, teams: number) {
  const perLevel = Math.ceil(teams / 6);
  for (let level = 0; level < 6; level++) {
    await db.query(
      `insert into teams (id, name, parent_id, path)
       select 't' || $1 || '-' || g, 'Team ' || $1 || '-' || g, p.id, coalesce(p.path, '/') || 't' || $1 || '-' || g || '/'
       from generate_series(1, $2::int) g
       left join teams p on $1 > 0 and p.id = 't' || ($1 - 1) || '-' || (1 + g % $2::int)`,
      [level, perLevel],
    );
  }
  await db.query(
    `insert into team_members (team_id, user_id) select 't' || (abs(hashtext(id)) % 6) || '-' || (1 + abs(hashtext('x' || id)) % $1::int), id from users`,
    [perLevel],
  );
  await db.query(
    `insert into team_members (team_id, user_id) select 't5-' || (1 + abs(hashtext('y' || id)) % $1::int), id from users where abs(hashtext(id)) % 10 = 0 on conflict do nothing`,
    [perLevel],
  );
  await db.query('analyze teams');
  await db.query('analyze team_members');
}

function groupRules(i: number): Rule {
  const dept = DEPARTMENTS[i % DEPARTMENTS.length]!;
  const loc = LOCATIONS[i % LOCATIONS.length]!;
  switch (i % 4) {
    case 0:
      return {
        all: [
          { field: 'department', op: 'eq', value: dept },
          { field: 'location', op: 'in', value: [loc, 'Remote'] },
        ],
      };
    case 1:
      return {
        any: [
          { field: 'jobTitle', op: 'contains', value: 'engineer' },
          { field: 'teamId', op: 'in_team', value: { teamId: `t1-${1 + (i % 50)}`, includeSubteams: true } },
        ],
      };
    case 2:
      return {
        all: [
          { field: 'hireDate', op: 'within_last_days', value: 90 },
          { not: { field: 'role', op: 'in', value: ['owner', 'admin'] } },
        ],
      };
    default:
      return {
        all: [
          { field: 'department', op: 'neq', value: dept },
          { field: 'engagement', op: 'eq', value: 'active' },
          { field: 'language', op: 'eq', value: 'fr' },
        ],
      };
  }
}

/**
 * Set-up only: the groups, then their members with one INSERT … SELECT per 50 groups (one pass over users
 * evaluates every group's condition; no join events), so a million users do not spend the bench's time on
 * set-up. The measured recomputes below use the real code path.
 */
async function seedGroups(db: Db, groups: number): Promise<void> {
  const cfs = await customFieldDefs(db);
  for (let i = 0; i < groups; i++)
    await db.query(
      `insert into groups (id, name, rules, has_date_rules, evaluated_on) values ($1, $1, $2, $3, current_date)`,
      [`g${i}`, JSON.stringify(groupRules(i)), i % 4 === 2],
    );
  for (let first = 0; first < groups; first += 50) {
    const { params, bind } = binder();
    const rows: string[] = [];
    for (let i = first; i < Math.min(groups, first + 50); i++)
      rows.push(`(${bind(`g${i}`)}, ${membershipSql(groupRules(i), bind, cfs)})`);
    await db.query(
      `insert into group_members (group_id, user_id)
       select m.group_id, u.id from users u cross join lateral (values ${rows.join(', ')}) as m(group_id, member) where m.member`,
      params,
    );
  }
  await db.query('analyze groups');
  await db.query('analyze group_members');
}

export async function benchOrganising(kind: Kind, db: Db, o: OrganisingBenchOptions): Promise<void> {
  registerSubscriptions(); // recomputeGroup publishes group.member_joined / left
  const base = { bench: 'organising', db: kind, users: o.users };
  const [{ seeded }] = (await db.query<{ seeded: number }>(`select count(*)::int as seeded from users`)) as [
    { seeded: number },
  ];
  if (seeded) {
    o.note(`${kind}: reusing the ${seeded.toLocaleString('en')} users, teams and groups already seeded`);
    base.users = seeded;
  } else {
    o.note(`${kind}: seeding ${o.users.toLocaleString('en')} users and ${o.teams} teams`);
    let t0 = performance.now();
    await withoutSecondaryIndexes(db, 'users', () => withBulkManagerChanges(db, () => seedUsers(db, o.users)));
    await seedTeams(db, o.teams);
    o.emit({ ...base, metric: 'seed_s', teams: o.teams, value: Math.round(performance.now() - t0) / 1000 });

    o.note(`${kind}: ${o.groups} groups and their members`);
    t0 = performance.now();
    await withoutConstraints(
      db,
      ['group_members'],
      () => withoutSecondaryIndexes(db, 'group_members', () => seedGroups(db, o.groups)),
      true,
    );
    const [{ n }] = (await db.query<{ n: number }>(`select count(*)::int as n from group_members`)) as [{ n: number }];
    o.emit({
      ...base,
      metric: 'seed_groups_s',
      groups: o.groups,
      memberships: n,
      value: Math.round(performance.now() - t0) / 1000,
    });
    // What autovacuum does to a table this size soon after the load (hint bits, visibility map, statistics):
    // without it the first measurements pay for a million freshly written rows.
    t0 = performance.now();
    await db.query('vacuum analyze users, team_members, group_members');
    o.emit({ ...base, metric: 'vacuum_s', value: Math.round(performance.now() - t0) / 1000 });
  }

  const rule: Rule = {
    all: [
      { field: 'department', op: 'in', value: ['Sales', 'Marketing'] },
      { field: 'location', op: 'eq', value: 'Paris' },
      { field: 'teamId', op: 'in_team', value: { teamId: 't0-3', includeSubteams: true } },
    ],
  };
  let last = { count: 0 };
  const samples: number[] = [];
  for (let i = 0; i < 5 + o.previews; i++) {
    const ms = await time(async () => (last = await preview(db, actor, rule)));
    if (i >= 5) samples.push(ms);
  }
  o.emit({ ...base, metric: 'preview_3_conditions', count: last.count, ...stats(samples), target_p95_ms: 300 });

  // Members already current (the daily job's usual case), then the same groups computed from empty.
  const recompute: number[] = [];
  for (const id of ['g0', 'g1', 'g2', 'g3']) {
    const [{ members }] = (await db.query<{ members: number }>(
      `select count(*)::int as members from group_members where group_id = $1`,
      [id],
    )) as [{ members: number }];
    recompute.push(await time(() => db.tx((tx) => recomputeGroup(tx, id, 'bench'))));
    o.emit({
      ...base,
      metric: 'recompute_one_group',
      group: id,
      members,
      ms: Math.round(recompute[recompute.length - 1]! * 100) / 100,
    });
  }
  o.emit({ ...base, metric: 'recompute_one_group', ...stats(recompute), target_ms: 2000 });
  const fresh: number[] = [];
  for (const id of ['g0', 'g1', 'g2', 'g3']) {
    await db.query(`delete from group_members where group_id = $1`, [id]);
    let joined = 0;
    fresh.push(await time(async () => (joined += (await db.tx((tx) => recomputeGroup(tx, id, 'bench'))).joined)));
    o.emit({
      ...base,
      metric: 'compute_group_from_empty',
      group: id,
      joined,
      ms: Math.round(fresh[fresh.length - 1]! * 100) / 100,
    });
  }
  o.emit({ ...base, metric: 'compute_group_from_empty', ...stats(fresh), target_ms: 2000 });

  const ids = (
    await db.query<{ id: string }>(`select id from users where deleted_at is null order by id limit $1`, [o.updates])
  ).map((r) => r.id);
  const refresh: number[] = [];
  let moved = 0;
  // A reused database already holds the values of the previous run: shift them so the updates change something.
  const shift = seeded ? 1 + Math.floor(Math.random() * 10) : 0;
  for (const [i, id] of ids.entries()) {
    // The update's own statement is not counted: only what refreshFor adds to its transaction.
    await db.tx(async (tx) => {
      const d = DEPARTMENTS[(i + shift) % DEPARTMENTS.length];
      await tx.query(`update users set department = $2, location = $3 where id = $1`, [
        id,
        d,
        LOCATIONS[(i + shift) % LOCATIONS.length],
      ]);
      let changes = { joined: 0, left: 0 };
      refresh.push(await time(async () => (changes = await refreshFor(tx, [id], 'bench'))));
      if (changes.joined + changes.left) moved++;
    });
  }
  o.emit({
    ...base,
    groups: o.groups,
    metric: 'profile_update_added_cost',
    updates_changing_groups: moved,
    ...stats(refresh.slice(5)),
    target_p95_ms: 10,
  });
}

async function runPglite(users: number, o: Omit<OrganisingBenchOptions, 'users'>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-org-'));
  try {
    const db = await connect({ dataDir: path.join(dir, 'data') });
    try {
      await migrate(db);
      await benchOrganising('pglite', db, { ...o, users });
    } finally {
      await db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres(users: number, o: Omit<OrganisingBenchOptions, 'users'>) {
  const reuse = env.BENCH_DB_NAME || undefined;
  const keep = env.BENCH_KEEP_DB === '1' || !!reuse;
  const ran = await withBenchDatabase(
    'roster_bench_org',
    async (url, { name }) => {
      if (keep) o.note(`postgres: keeping ${name} at the end (BENCH_DB_NAME=${name} reuses it)`);
      const db = await connect({ databaseUrl: url, poolSize: 4 });
      try {
        await migrate(db);
        await benchOrganising('postgres', db, { ...o, users });
      } finally {
        await db.close();
      }
    },
    { keep, name: reuse, note: o.note },
  );
  if ('skipped' in ran) o.emit({ bench: 'skipped', db: 'postgres', reason: ran.skipped });
}

const env = process.env;
const int = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);

async function main() {
  const which = env.BENCH_DB ?? 'both';
  const o = {
    teams: int(env.BENCH_TEAMS, 2000),
    groups: int(env.BENCH_GROUPS, 200),
    previews: int(env.BENCH_PREVIEWS, 50),
    updates: int(env.BENCH_UPDATES, 200),
    emit: (obj: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(obj)}\n`),
    note: (line: string) => process.stderr.write(`[bench:organising] ${line}\n`),
  };
  if (which === 'both' || which === 'pglite') await runPglite(int(env.BENCH_USERS, 100_000), o);
  if (which === 'both' || which === 'postgres') await runPostgres(int(env.BENCH_USERS, 1_000_000), o);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
