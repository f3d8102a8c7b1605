/**
 * `npm run bench`: People-list and user-detail latency over HTTP with 100,000 users, on PGlite and
 * on PostgreSQL. Prints one JSON object per line on stdout (notes go to stderr).
 *
 *   BENCH_DB=pglite|postgres|both (both)   BENCH_USERS (100000)   BENCH_REQUESTS (300)   BENCH_WARMUP (30)
 *   BENCH_DEEP_PAGES (200)   BENCH_CONCURRENT_SECONDS (5; 0 skips)   BENCH_EXPLAIN=1 prints query plans to stderr
 *   BENCH_DATABASE_URL / DATABASE_URL: the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 *   a fresh database roster_bench_<random> is created there and dropped at the end (unreachable → skipped).
 *   BENCH_SQL='create index …' runs extra SQL before the "vacuumed" phase, to try an index without a migration.
 *   BENCH_SCENARIOS=list,access (both): "list" is this file's People-list bench, "access" the manager-scope
 *   bench of bench/access.ts (BENCH_ACCESS_REQUESTS, BENCH_ACCESS_WARMUP); each gets a fresh database.
 *   "fast" is the fast-path bench of bench/fastPath.ts: user read and list page against the two-query floor, with
 *   round trips per request, and `--workers 2` (BENCH_FAST_SECONDS, BENCH_FAST_WORKERS).
 *   "signin" (only when named) is the second-factor sign-in bench of bench/signin.ts (BENCH_SIGNIN_PEOPLE, BENCH_SIGNIN_WARMUP).
 *   "million" (only when named, or with BENCH_MILLION=1, which runs it alone): the People list at 1,000,000 people on
 *   PostgreSQL (bench/million.ts; a database built once and kept, BENCH_MILLION_DB), every filter, before/after the
 *   bounded total (docs/decisions/032-list-at-a-million.md).
 *   "cf" is the People list with a custom-field filter (bench/peopleListFilters.ts; target p95 ≤ 30 ms, PostgreSQL
 *   only: BENCH_CF_REQUESTS, BENCH_CF_WARMUP).
 *
 * The list is measured twice: "loaded" (after the bulk insert and ANALYZE; PGlite has no autovacuum, so it
 * stays like this) and "vacuumed" (after VACUUM ANALYZE, where autovacuum brings a PostgreSQL server).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type Db } from '../src/server/db/index';
import { benchAccess } from './access';
import { benchSignIn } from './signin';
import { benchFastPath } from './fastPath';
import { benchCustomFieldFilter } from './peopleListFilters';
import { benchMillion } from './million';
import { benchServerUrl, concurrent, HttpClient, recorder, sequential, withBenchDatabase, type Stats } from './measure';
import { seedUsers } from './seed';
import { listenWithOwner, startBenchRuntime } from './server';
import { withBulkManagerChanges } from '../src/server/modules/people/hierarchy';

const env = process.env;
const int = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);
const USERS = int(env.BENCH_USERS, 100_000);
const REQUESTS = int(env.BENCH_REQUESTS, 300);
const WARMUP = int(env.BENCH_WARMUP, 30);
const DEEP_PAGES = int(env.BENCH_DEEP_PAGES, 200);
const CONCURRENT_SECONDS = int(env.BENCH_CONCURRENT_SECONDS, 5);
const CONNECTIONS = 8;
const WHICH = env.BENCH_DB ?? 'both';
const EXPLAIN = env.BENCH_EXPLAIN === '1';
const SCENARIOS = new Set(
  (env.BENCH_SCENARIOS ?? (env.BENCH_MILLION === '1' ? 'million' : 'list,access,fast,cf'))
    .split(',')
    .map((x) => x.trim()),
);
/** The PostgreSQL target for People list pages. */
const LIST_TARGET_P95_MS = 30;
const LIST_PATH = '/api/v1/users?status=confirmed,invite_pending&sort=name&limit=50';

type Kind = 'pglite' | 'postgres';
type Scenario = (kind: Kind, db: Db, url?: string) => Promise<void>;
const accessScenario: Scenario = (kind, db) =>
  benchAccess(kind, db, {
    users: USERS,
    requests: int(env.BENCH_ACCESS_REQUESTS, 120),
    warmup: int(env.BENCH_ACCESS_WARMUP, 10),
    explain: EXPLAIN,
    emit,
    note,
  });

const cfScenario: Scenario = async (kind, db) => {
  // The target is PostgreSQL's; PGlite (one connection, no autovacuum) is measured by the "list" scenario.
  if (kind !== 'postgres') return note(`${kind}: the custom-field filter bench runs on PostgreSQL only`);
  await benchCustomFieldFilter(kind, db, {
    users: USERS,
    requests: int(env.BENCH_CF_REQUESTS, 200),
    warmup: int(env.BENCH_CF_WARMUP, 20),
    emit,
    note,
  });
};

const fastScenario: Scenario = (kind, db, url) => benchFastPath(kind, db, url, { users: USERS, emit, note });

const signInScenario: Scenario = (kind, db) =>
  benchSignIn(kind, db, {
    people: int(env.BENCH_SIGNIN_PEOPLE, 150),
    warmup: int(env.BENCH_SIGNIN_WARMUP, 10),
    emit,
    note,
  });

function emit(obj: Record<string, unknown>) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}
function note(line: string) {
  process.stderr.write(`[bench] ${line}\n`);
}

const cleanups: (() => Promise<void>)[] = [];
process.once('SIGINT', () => {
  note('interrupted: cleaning up');
  void (async () => {
    // A copy: the finally blocks of the interrupted run take their clean-ups out of the list meanwhile.
    for (const c of [...cleanups].reverse()) await c().catch(() => undefined);
    process.exit(130);
  })();
});

async function benchDatabase(kind: Kind, rawDb: Db): Promise<void> {
  const { db, state } = recorder(rawDb);
  const rt = await startBenchRuntime(db);
  const stop = async () => rt.stop();
  cleanups.push(stop);
  try {
    note(`${kind}: seeding ${USERS.toLocaleString('en')} users`);
    let t0 = performance.now();
    await withBulkManagerChanges(rawDb, () => seedUsers(rawDb, USERS));
    const [counts] = await rawDb.query<{ n: number; listed: number }>(
      `select count(*)::int as n, count(*) filter (where status in ('confirmed', 'invite_pending') and deleted_at is null)::int as listed from users`,
    );
    emit({
      bench: 'seed',
      db: kind,
      n: counts!.n,
      listed_by_filter: counts!.listed,
      ms: Math.round(performance.now() - t0),
    });

    // A browser-like session (cookie) for the People list, and an API token for comparison.
    const { base, session, csrfToken } = await listenWithOwner(rt, rawDb);
    const token = (
      await session.json<{ token: string }>(
        'POST',
        '/api/v1/tokens',
        { name: 'bench', scopes: ['api'] },
        { 'x-csrf-token': csrfToken },
      )
    ).body.token;
    const bearer = new HttpClient(base, { authorization: `Bearer ${token}` });

    const listTarget = (s: Stats) =>
      kind === 'postgres' ? { target_p95_ms: LIST_TARGET_P95_MS, target_met: s.p95_ms <= LIST_TARGET_P95_MS } : {};

    // People list, first page; then DEEP_PAGES pages in, following nextCursor like "Load more".
    const first = await session.json<{ items: unknown[]; nextCursor: string | null; total: number }>('GET', LIST_PATH);
    if (first.body.items.length !== 50) throw new Error(`first page has ${first.body.items.length} items`);
    note(`${kind}: list total ${first.body.total}; following nextCursor ${DEEP_PAGES} pages`);
    let cursor = first.body.nextCursor;
    t0 = performance.now();
    for (let i = 1; i < DEEP_PAGES && cursor; i++) {
      cursor = (
        await session.json<{ nextCursor: string | null }>('GET', `${LIST_PATH}&cursor=${encodeURIComponent(cursor)}`)
      ).body.nextCursor;
    }
    const followMs = performance.now() - t0;
    if (!cursor) throw new Error(`the list ended before page ${DEEP_PAGES}`);
    const deepPath = `${LIST_PATH}&cursor=${encodeURIComponent(cursor)}`;
    emit({
      bench: 'list_follow_cursor',
      db: kind,
      pages: DEEP_PAGES - 1,
      avg_ms: Math.round((followMs / (DEEP_PAGES - 1)) * 100) / 100,
    });

    /** Both list pages measured sequentially, then each statement of one request explained. */
    const measureLists = async (phase: string) => {
      note(`${kind} (${phase}): list first page, list page ${DEEP_PAGES + 1}`);
      let s = await sequential(session, () => LIST_PATH, WARMUP, REQUESTS);
      emit({ bench: 'list_first_page', db: kind, phase, total: first.body.total, ...s, ...listTarget(s) });
      s = await sequential(session, () => deepPath, WARMUP, REQUESTS);
      emit({
        bench: 'list_deep_page',
        db: kind,
        phase,
        page: DEEP_PAGES + 1,
        rows_before: DEEP_PAGES * 50,
        ...s,
        ...listTarget(s),
      });
      for (const [scenario, p] of [
        ['list_first_page', LIST_PATH],
        ['list_deep_page', deepPath],
      ] as const) {
        state.captured = [];
        await session.get(p);
        const statements = state.captured.filter((q) => /from users u\b/.test(q.text));
        state.captured = null;
        for (const q of statements) {
          const [row] = await rawDb.query<{ 'QUERY PLAN': any }>(
            `explain (analyze, buffers, format json) ${q.text}`,
            q.params,
          );
          const plan = (
            typeof row!['QUERY PLAN'] === 'string' ? JSON.parse(row!['QUERY PLAN']) : row!['QUERY PLAN']
          )[0];
          emit({
            bench: 'sql',
            db: kind,
            phase,
            scenario,
            statement: /^select count\(\*\)/.test(q.text) ? 'total' : 'page',
            execution_ms: Math.round(plan['Execution Time'] * 100) / 100,
            plan: summarise(plan.Plan),
          });
          if (EXPLAIN) {
            const text = await rawDb.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.text}`, q.params);
            note(`${kind} ${phase} ${scenario}:\n${q.text}\n${text.map((r) => r['QUERY PLAN']).join('\n')}\n`);
          }
        }
      }
    };

    // Phase 1, "loaded": right after a bulk load and ANALYZE — what PGlite keeps (it has no autovacuum).
    await measureLists('loaded');

    // Phase 2, "vacuumed": after VACUUM ANALYZE — where autovacuum brings a PostgreSQL server soon after a load.
    t0 = performance.now();
    await rawDb.query('vacuum analyze users');
    emit({ bench: 'vacuum', db: kind, ms: Math.round(performance.now() - t0) });
    if (env.BENCH_SQL) {
      // Try an index or setting without a migration: BENCH_SQL='create index …; …'
      for (const statement of env.BENCH_SQL.split(/;\s*/).filter(Boolean)) await rawDb.query(statement);
      await rawDb.query('analyze users');
      emit({ bench: 'extra_sql', db: kind, sql: env.BENCH_SQL });
    }
    await measureLists('vacuumed');

    // One user by id (varied ids), with the session and with a bearer token (which also writes last_used_at).
    const ids = (
      await rawDb.query<{ id: string }>(`select id from users where deleted_at is null order by md5(id) limit $1`, [
        WARMUP + REQUESTS,
      ])
    ).map((r) => r.id);
    const byId = (i: number) => `/api/v1/users/${ids[i % ids.length]}`;
    note(`${kind}: user by id`);
    emit({ bench: 'user_by_id', db: kind, auth: 'session', ...(await sequential(session, byId, WARMUP, REQUESTS)) });
    emit({ bench: 'user_by_id', db: kind, auth: 'bearer', ...(await sequential(bearer, byId, WARMUP, REQUESTS)) });

    // A little concurrency: throughput of the list's first page and of user by id.
    if (CONCURRENT_SECONDS > 0) {
      note(`${kind}: ${CONNECTIONS} concurrent clients, ${CONCURRENT_SECONDS} s each`);
      emit({
        bench: 'list_first_page_concurrent',
        db: kind,
        ...(await concurrent(session, () => LIST_PATH, CONNECTIONS, CONCURRENT_SECONDS)),
      });
      emit({
        bench: 'user_by_id_concurrent',
        db: kind,
        auth: 'session',
        ...(await concurrent(session, byId, CONNECTIONS, CONCURRENT_SECONDS)),
      });
    }
  } finally {
    cleanups.splice(cleanups.indexOf(stop), 1);
    await stop();
  }
}

/** "Limit > Index Scan using users_list_name_idx (rows 51)" — the plan's main path, one line. */
function summarise(node: any): string {
  const parts: string[] = [];
  for (let n = node; n; n = n.Plans?.[0]) {
    parts.push(
      `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''} (rows ${n['Actual Rows']}${n['Rows Removed by Filter'] ? `, filtered ${n['Rows Removed by Filter']}` : ''})`,
    );
  }
  return parts.join(' > ');
}

async function runPglite(scenario: Scenario): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-'));
  const removeDir = async () => fs.rmSync(dir, { recursive: true, force: true });
  cleanups.push(removeDir);
  try {
    note(`pglite: new database in ${dir}`);
    await scenario('pglite', await connect({ dataDir: path.join(dir, 'data') }));
  } finally {
    cleanups.splice(cleanups.indexOf(removeDir), 1);
    await removeDir();
  }
}

async function runPostgres(scenario: Scenario): Promise<void> {
  const serverUrl = benchServerUrl();
  const ran = await withBenchDatabase(
    'roster_bench',
    async (url, { name, serverVersion }) => {
      note(`postgres ${serverVersion}: new database ${name} on ${redact(serverUrl)}`);
      await scenario('postgres', await connect({ databaseUrl: url, poolSize: 10 }), url);
    },
    { note, cleanups },
  );
  if ('skipped' in ran) {
    note(
      `postgres: skipped on ${redact(serverUrl)} (${ran.skipped}); set BENCH_DATABASE_URL to a server to include it`,
    );
    emit({ bench: 'skipped', db: 'postgres', reason: ran.skipped });
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(the database URL)';
  }
}

const started = performance.now();
emit({
  bench: 'env',
  node: process.version,
  cpus: os.cpus().length,
  users: USERS,
  requests: REQUESTS,
  warmup: WARMUP,
  deep_pages: DEEP_PAGES,
});
try {
  // The million-people list has a database of its own (kept between runs), on PostgreSQL only.
  if (SCENARIOS.has('million')) await benchMillion({ emit, note, cleanups });
  const scenarios = [
    ...(SCENARIOS.has('list') ? [benchDatabase] : []),
    ...(SCENARIOS.has('access') ? [accessScenario] : []),
    ...(SCENARIOS.has('signin') ? [signInScenario] : []),
    ...(SCENARIOS.has('fast') ? [fastScenario] : []),
    ...(SCENARIOS.has('cf') ? [cfScenario] : []),
  ];
  for (const scenario of scenarios) {
    if (WHICH === 'both' || WHICH === 'pglite') await runPglite(scenario);
    if (WHICH === 'both' || WHICH === 'postgres') await runPostgres(scenario);
  }
  note(`done in ${Math.round((performance.now() - started) / 1000)} s`);
} catch (err) {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
