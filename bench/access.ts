/**
 * The access scenario of `npm run bench` (issue 3): what manager scope costs, over HTTP.
 *
 *   1. People list, first page (sort=name, limit=50; unfiltered and filtered by two statuses), for a manager
 *      (role learner) with 5,000 direct and indirect reports over 8 levels, in an organisation of BENCH_USERS
 *      (100,000), against the same request by an Admin.
 *   2. One user read (GET /users/:id) of a report 8 levels below the manager, by the manager and by the Admin:
 *      the cost of the scope check (relationTo walks up the target's management chain).
 *
 * Target for both: manager p95 ≤ 1.5 × admin p95. Manager and admin requests are measured in alternating
 * blocks so drift (GC, the machine) hits both alike. Each statement of one request is EXPLAIN ANALYZEd.
 *
 *   BENCH_ACCESS_REQUESTS (120 per client and request)   BENCH_ACCESS_WARMUP (10)   BENCH_EXPLAIN=1 prints the plans to stderr
 *   BENCH_ACCESS_SQL='create index …' runs extra SQL after seeding, to try an index without a migration.
 */
import { withBulkManagerChanges } from '../src/server/modules/people/hierarchy';
import { hash } from '@node-rs/argon2';
import type { Db } from '../src/server/db/index';
import { HttpClient, recorder, stats, type Stats } from './measure';
import { seedUsers } from './seed';
import { listen, signIn, startBenchRuntime } from './server';

export interface AccessBenchOptions {
  users: number;
  requests: number;
  warmup: number;
  explain: boolean;
  emit: (obj: Record<string, unknown>) => void;
  note: (line: string) => void;
}

const REPORTS = 5_000;
/** Cumulative sizes of levels 1…8 below a tree's root: 5, 15, 40, 100, 240, 600, 1,400, 2,600 people. */
const LEVEL_ENDS = [0, 5, 20, 60, 160, 400, 1_000, 2_400, 5_000];
const DEPTH = LEVEL_ENDS.length - 1;
const TARGET_RATIO = 1.5;
const PASSWORD = 'bench-access-password';
const MANAGER_EMAIL = 'access-manager@example.com';
const ADMIN_EMAIL = 'access-admin@example.com';
const LIST_PATHS = {
  all: '/api/v1/users?sort=name&limit=50',
  two_statuses: '/api/v1/users?status=confirmed,invite_pending&sort=name&limit=50',
} as const;

/**
 * Lays the seeded users out in trees, set-based. Rank users by md5(id) (so a tree's members are spread over the
 * heap, as in a real organisation): rank 0 is the manager, ranks 1…5,000 their reports (tree 0); everyone else
 * goes round-robin into `trees` other trees of at most 5,001. Within a tree, member k = 0 is the root and k ≥ 1
 * sits on the level whose range LEVEL_ENDS holds it; its manager is spread evenly over the level above.
 */
function hierarchySql(users: number): string[] {
  const trees = Math.max(1, Math.ceil((users - REPORTS - 1) / (REPORTS + 1)));
  const c = `array[${LEVEL_ENDS.join(',')}]`;
  return [
    'drop table if exists bench_access_org',
    `create table bench_access_org as
     with ranked as (
       select id, (row_number() over (order by md5(id)) - 1)::int as rn from users
     ), placed as (
       select id, rn,
         case when rn <= ${REPORTS} then 0 else 1 + (rn - ${REPORTS + 1}) % ${trees} end as tree,
         case when rn <= ${REPORTS} then rn else (rn - ${REPORTS + 1}) / ${trees} end as k
       from ranked
     )
     select p.*, case when p.k = 0 then 0 else (select min(l) from generate_series(1, ${DEPTH}) l where p.k <= (${c})[l + 1]) end as lvl
     from placed p`,
    `create index on bench_access_org (tree, k)`,
    `update users u set manager_id = x.manager_id
     from (
       select ch.id, par.id as manager_id
       from bench_access_org ch
       left join bench_access_org par on par.tree = ch.tree and ch.lvl >= 1
         and par.k = case when ch.lvl = 1 then 0
                          else (${c})[ch.lvl - 1] + 1 + ((ch.k - (${c})[ch.lvl] - 1) * ((${c})[ch.lvl] - (${c})[ch.lvl - 1])) / ((${c})[ch.lvl + 1] - (${c})[ch.lvl]) end
     ) x
     where u.id = x.id and u.manager_id is distinct from x.manager_id`,
  ];
}

/** Makes one seeded user a confirmed user who can sign in with PASSWORD. */
async function makeSignInable(db: Db, id: string, email: string, role: string, passwordHash: string, lastName: string) {
  await db.query(
    `update users set email = $2, email_normalized = $2, role = $3, status = 'confirmed', password_hash = $4, first_name = 'Bench',
       last_name = $5, deleted_at = null, expires_at = null, anonymised_at = null, pseudonym = null, status_before_deactivation = null,
       status_before_expiry = null, on_break = false, break_until = null, confirmed_at = now(), password_changed_at = now()
     where id = $1`,
    [id, email, role, passwordHash, lastName],
  );
}

/** Seeds `users` users, lays them out in trees and makes the manager and the admin able to sign in; then ANALYZE. */
export async function seedOrg(rawDb: Db, users: number) {
  // The indexes stay in place while the hierarchy is laid out. (Dropping and re-creating them saved ~17 s of
  // seeding, but an index built right after a bulk UPDATE can be unusable to the planner for a while —
  // pg_index.indcheckxmin — and then every list ran as a sequential scan.)
  // The reporting-line triggers would walk the trees row by row: lay them out with the triggers off, then rebuild once.
  await withBulkManagerChanges(rawDb, async () => {
    await seedUsers(rawDb, users);
    for (const statement of hierarchySql(users)) await rawDb.query(statement);
  });
  if (process.env.BENCH_ACCESS_SQL) {
    // Try an index without a migration: BENCH_ACCESS_SQL='create index …; …'
    for (const statement of process.env.BENCH_ACCESS_SQL.split(/;\s*/).filter(Boolean)) await rawDb.query(statement);
  }
  const passwordHash = await hash(PASSWORD);
  const [managerRow] = await rawDb.query<{ id: string }>(`select id from bench_access_org where tree = 0 and k = 0`);
  const [adminRow] = await rawDb.query<{ id: string }>(
    `select id from bench_access_org where tree <> 0 and k = 0 order by tree limit 1`,
  );
  const managerId = managerRow!.id;
  await makeSignInable(rawDb, managerId, MANAGER_EMAIL, 'learner', passwordHash, 'Manager');
  await makeSignInable(rawDb, adminRow!.id, ADMIN_EMAIL, 'admin', passwordHash, 'Admin');
  await rawDb.query('analyze users');
  const [shape] = await rawDb.query<{
    users: number;
    reports: number;
    depth: number;
    listed: number;
    listed_two: number;
  }>(
    `with recursive below(id, depth) as (
       select id, 1 from users where manager_id = $1
       union all
       select u.id, b.depth + 1 from users u join below b on u.manager_id = b.id
     )
     select (select count(*)::int from users) as users, count(*)::int as reports, max(b.depth)::int as depth,
            1 + count(*) filter (where u.deleted_at is null)::int as listed,
            1 + count(*) filter (where u.deleted_at is null and u.status in ('confirmed', 'invite_pending'))::int as listed_two
     from below b join users u on u.id = b.id`,
    [managerId],
  );
  return { managerId, adminId: adminRow!.id, shape: shape! };
}

/** Warm-up for both, then `n` measured requests each, alternating blocks of `block` between the two clients. */
async function paired(
  a: HttpClient,
  b: HttpClient,
  path: (i: number) => string,
  warmup: number,
  n: number,
  block = 10,
): Promise<[Stats, Stats]> {
  for (let i = 0; i < warmup; i++) {
    await a.get(path(i));
    await b.get(path(i));
  }
  const samples: [number[], number[]] = [[], []];
  for (let done = 0; done < n; done += block) {
    for (const [j, client] of [a, b].entries()) {
      for (let i = done; i < Math.min(n, done + block); i++) {
        const t0 = performance.now();
        await client.get(path(warmup + i));
        samples[j]!.push(performance.now() - t0);
      }
    }
  }
  return [stats(samples[0]), stats(samples[1])];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** "Limit > Sort (rows 51) > …": the plan's main path, one line. */
function summarise(node: any): string {
  const parts: string[] = [];
  for (let n = node; n; n = n.Plans?.[0]) {
    parts.push(
      `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''} (rows ${n['Actual Rows']}${n['Rows Removed by Filter'] ? `, filtered ${n['Rows Removed by Filter']}` : ''})`,
    );
  }
  return parts.join(' > ');
}

export async function benchAccess(kind: 'pglite' | 'postgres', rawDb: Db, o: AccessBenchOptions): Promise<void> {
  const { emit, note } = o;
  const { db, state } = recorder(rawDb);
  const rt = await startBenchRuntime(db);
  try {
    // --- Seed: users set-based, then the hierarchy by computed levels, then ANALYZE.
    note(
      `${kind} access: seeding ${o.users.toLocaleString('en')} users, ${REPORTS.toLocaleString('en')} reports over ${DEPTH} levels`,
    );
    let t0 = performance.now();
    if (o.users < 2 * (REPORTS + 1)) throw new Error(`the access bench needs BENCH_USERS ≥ ${2 * (REPORTS + 1)}`);
    emit({
      bench: 'access.env',
      db: kind,
      users: o.users,
      reports: REPORTS,
      depth: DEPTH,
      requests: o.requests,
      warmup: o.warmup,
    });
    const { shape } = await seedOrg(rawDb, o.users);
    emit({
      bench: 'access.seed',
      db: kind,
      ...shape,
      ms: Math.round(performance.now() - t0),
      ...(process.env.BENCH_ACCESS_SQL ? { extra_sql: process.env.BENCH_ACCESS_SQL } : {}),
    });
    if (shape.reports !== REPORTS || shape.depth !== DEPTH)
      throw new Error(`the manager has ${shape.reports} reports over ${shape.depth} levels`);

    // Before measuring: VACUUM ANALYZE (the hierarchy UPDATE left a dead version of every row).
    t0 = performance.now();
    await rawDb.query('vacuum analyze users');
    emit({ bench: 'access.vacuum', db: kind, ms: Math.round(performance.now() - t0) });

    // --- Sessions, signed in over HTTP like a browser.
    const base = await listen(rt);
    const who = {
      manager: (await signIn(base, MANAGER_EMAIL, PASSWORD)).session,
      admin: (await signIn(base, ADMIN_EMAIL, PASSWORD)).session,
    };

    // Sanity: the manager sees exactly their scope; the totals agree with the hierarchy.
    for (const [filter, p] of Object.entries(LIST_PATHS)) {
      const { body } = await who.manager.json<{ items: unknown[]; total: number }>('GET', p);
      const expected = filter === 'all' ? shape.listed : shape.listed_two;
      if (body.total !== expected || body.items.length !== 50)
        throw new Error(`manager list (${filter}): total ${body.total}, expected ${expected}`);
    }

    /** Each statement one request runs against the users table, explained with its parameters. */
    const explain = async (scenario: string, client: keyof typeof who, p: string) => {
      state.captured = [];
      await who[client].get(p);
      const statements = state.captured.filter(
        (q) => /\bfrom users\b/.test(q.text) && !/\bfrom sessions s\b/.test(q.text),
      );
      state.captured = null;
      for (const q of statements) {
        const [row] = await rawDb.query<{ 'QUERY PLAN': any }>(
          `explain (analyze, buffers, format json) ${q.text}`,
          q.params,
        );
        const plan = (typeof row!['QUERY PLAN'] === 'string' ? JSON.parse(row!['QUERY PLAN']) : row!['QUERY PLAN'])[0];
        const statement = /^select count\(\*\)/.test(q.text)
          ? 'total'
          : /with recursive above/.test(q.text)
            ? 'scope_check'
            : /limit \d+$/.test(q.text.trim())
              ? 'page'
              : 'read';
        emit({
          bench: 'access.sql',
          db: kind,
          scenario,
          who: client,
          statement,
          execution_ms: round2(plan['Execution Time']),
          plan: summarise(plan.Plan),
        });
        if (o.explain) {
          const text = await rawDb.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.text}`, q.params);
          note(`${kind} ${scenario} ${client}:\n${q.text}\n${text.map((r) => r['QUERY PLAN']).join('\n')}\n`);
        }
      }
    };

    const ratioLine = (bench: string, extra: Record<string, unknown>, m: Stats, a: Stats) => {
      const ratio = round2(m.p95_ms / a.p95_ms);
      emit({
        bench,
        db: kind,
        ...extra,
        ratio,
        ratio_p50: round2(m.p50_ms / a.p50_ms),
        target: TARGET_RATIO,
        met: ratio <= TARGET_RATIO,
      });
    };

    // --- 1. People list, first page: manager vs admin.
    for (const [filter, p] of Object.entries(LIST_PATHS)) {
      note(`${kind} access: list (${filter}), manager vs admin`);
      const [m, a] = await paired(who.manager, who.admin, () => p, o.warmup, o.requests);
      emit({
        bench: 'access.list',
        db: kind,
        filter,
        who: 'manager',
        total: filter === 'all' ? shape.listed : shape.listed_two,
        ...m,
      });
      emit({ bench: 'access.list', db: kind, filter, who: 'admin', ...a });
      ratioLine('access.list.ratio', { filter }, m, a);
      await explain(`access.list.${filter}`, 'manager', p);
      await explain(`access.list.${filter}`, 'admin', p);
    }

    // --- 2. One user read of a report 8 levels down (varied over the level's live people): manager vs admin.
    const deep = (
      await rawDb.query<{ id: string }>(
        `select o.id from bench_access_org o join users u on u.id = o.id where o.tree = 0 and o.lvl = ${DEPTH} and u.deleted_at is null order by md5(o.id) limit 100`,
      )
    ).map((r) => r.id);
    const byId = (i: number) => `/api/v1/users/${deep[i % deep.length]}`;
    const outside = (
      await rawDb.query<{ id: string }>(`select id from bench_access_org where tree <> 0 and lvl = ${DEPTH} limit 1`)
    )[0]!.id;
    if ((await who.manager.request('GET', `/api/v1/users/${outside}`)).status !== 404)
      throw new Error('the manager can read someone outside their scope');
    note(`${kind} access: user read ${DEPTH} levels down, manager vs admin`);
    const [m, a] = await paired(who.manager, who.admin, byId, o.warmup, o.requests);
    emit({ bench: 'access.read', db: kind, depth: DEPTH, who: 'manager', ...m });
    emit({ bench: 'access.read', db: kind, depth: DEPTH, who: 'admin', ...a });
    ratioLine('access.read.ratio', { depth: DEPTH }, m, a);
    await explain('access.read', 'manager', byId(0));
    await explain('access.read', 'admin', byId(0));
  } finally {
    await rt.stop();
  }
}
