/**
 * The People list at 1,000,000 people (`BENCH_MILLION=1 npm run bench`, PostgreSQL only; never by default:
 * docs/decisions/032-list-at-a-million.md). The organisation is bench/millionSeed.ts's, built set-based in a
 * database kept for the next run (BENCH_MILLION_DB, default roster_bench_million; drop it with
 * `drop database roster_bench_million with (force)`). For each filter of the list: p95 of the first page and of a
 * deep page (BENCH_MILLION_DEEP pages in, following nextCursor), as served now ("after": the total counted up to
 * ROSTER_LIST_TOTAL_BOUND) and with the total counted in full ("before": bound 0, the list before decision 032),
 * the counts by status for the same filters, and each statement of the first page explained. Then lists per second
 * with 8 clients: the two-status list, and every filter in turn.
 *
 *   BENCH_MILLION_USERS (1000000)   BENCH_MILLION_REQUESTS (100)   BENCH_MILLION_DEEP (20)   BENCH_MILLION_SECONDS (10)
 */
import { randomBytes } from 'node:crypto';
import { createOwner } from '../src/server/bootstrap';
import { connect, type Db } from '../src/server/db/index';
import type { Runtime } from '../src/server/runtime';
import { recorder, stats, withBenchDatabase, type HttpClient, type Stats } from './measure';
import { CENTRES, seedMillion } from './millionSeed';
import { listen, signIn, startBenchRuntime } from './server';
import { databaseBackends, load, serveRoster, stop } from './served';

const env = process.env;
const int = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);
const USERS = int(env.BENCH_MILLION_USERS, 1_000_000);
const REQUESTS = int(env.BENCH_MILLION_REQUESTS, 100);
const WARMUP = Math.max(3, Math.round(REQUESTS / 10));
const DEEP = int(env.BENCH_MILLION_DEEP, 20);
const SECONDS = int(env.BENCH_MILLION_SECONDS, 10);
const TARGET_P95_MS = 30;
/** A measurement stops after this long (at least 5 samples): a filter that scans the whole table still ends. */
const BUDGET_MS = int(env.BENCH_MILLION_BUDGET_MS, 8000);
const TARGET_LISTS_PER_S = 300;

interface Options {
  emit: (o: Record<string, unknown>) => void;
  note: (line: string) => void;
  cleanups: (() => Promise<void>)[];
}

/** The list's filters, each as the People page asks for it (sorted by name, 50 a page). */
function filters(manager: string): [string, string][] {
  return [
    ['two statuses', 'status=confirmed,invite_pending'],
    ['everyone', ''],
    ['department', 'department=Engineering'],
    ['location', 'location=Paris'],
    ['role', 'role=admin'],
    ['custom field', 'cf.cost_centre=CC-07'],
    ['custom field, by last sign-in', 'cf.cost_centre=CC-07&sort=-lastSignInAt'],
    ['team', 'teamId=bench-team-7'],
    ['manager', `managerId=${manager}`],
    ['reports to', `reportsTo=${manager}`],
    ['status and department', 'status=confirmed&department=Sales'],
    ['never signed in', 'neverSignedIn=true'],
    ['engagement', 'engagement=active'],
    ['on break', 'onBreak=true'],
    ['search', 'q=garcia'],
  ];
}

const listPath = (query: string) =>
  `/api/v1/users?${query ? `${query}&` : ''}${query.includes('sort=') ? '' : 'sort=name&'}limit=50`;

export async function benchMillion(o: Options): Promise<void> {
  const name = env.BENCH_MILLION_DB || 'roster_bench_million';
  const ran = await withBenchDatabase(
    'roster_bench_million',
    async (url) => {
      const rawDb = await connect({ databaseUrl: url, poolSize: 10 });
      const { db, state } = recorder(rawDb);
      const after = await startBenchRuntime(db);
      // A pool of its own: each runtime closes its database when it stops.
      const before = await startBenchRuntime(await connect({ databaseUrl: url, poolSize: 4 }), {
        ROSTER_LIST_TOTAL_BOUND: '0',
      });
      try {
        const t0 = performance.now();
        const { seeded } = await seedMillion(rawDb, USERS, o.note);
        o.emit({ bench: 'million.seed', users: USERS, seeded, ms: Math.round(performance.now() - t0) });
        const sessions = await signInBoth(rawDb, after, before);
        await ensureCostCentre(sessions.after, sessions.csrfToken);
        const [mgr] = await rawDb.query<{ id: string }>(
          `select manager_id as id from users where manager_id is not null and deleted_at is null group by 1 order by count(*) desc, 1 limit 1`,
        );
        if (!mgr) throw new Error('no manager in the bench organisation');
        const results: Record<string, unknown>[] = [];
        for (const [label, query] of filters(mgr.id)) {
          o.note(`million: ${label}`);
          results.push(await measureFilter(label, query, sessions, rawDb, state, o));
        }
        // The clients in this process, Roster in a process of its own (as `npm start` runs it), so the load
        // generator does not share the served event loop.
        o.note(`million: roster serve, ${SECONDS} s with 8 clients, the two-status list, then every filter in turn`);
        const served = await serveRoster(url, 1);
        const cookie = sessions.after.headers.cookie!;
        const meter = { pid: served.child.pid!, backends: () => databaseBackends(rawDb) };
        const opts = { connections: 8, seconds: SECONDS };
        // The name search is in the mix since its trigram index (docs/decisions/033-name-search-at-a-million.md).
        const paths = filters(mgr.id).map(([, q]) => listPath(q));
        let twoStatus, mixed;
        try {
          twoStatus = await load(served.base, cookie, [listPath(filters('')[0]![1])], meter, opts);
          mixed = await load(served.base, cookie, paths, meter, opts);
        } finally {
          await stop(served.child);
        }
        o.emit({ bench: 'million.concurrent', list: 'two statuses', ...twoStatus });
        o.emit({ bench: 'million.concurrent', list: 'every filter, in turn', ...mixed });
        const worst = (k: string) => Math.max(...results.map((r) => Number(r[k])));
        o.emit({
          bench: 'million.targets',
          users: USERS,
          worst_first_page_p95_ms: worst('first_p95_ms'),
          worst_deep_page_p95_ms: worst('deep_p95_ms'),
          target_p95_ms: TARGET_P95_MS,
          p95_met: worst('first_p95_ms') <= TARGET_P95_MS && worst('deep_p95_ms') <= TARGET_P95_MS,
          lists_per_s_two_statuses: twoStatus.req_per_s,
          lists_per_s_every_filter: mixed.req_per_s,
          target_lists_per_s: TARGET_LISTS_PER_S,
          lists_per_s_met: twoStatus.req_per_s >= TARGET_LISTS_PER_S,
        });
      } finally {
        await before.stop();
        await after.stop();
      }
    },
    { name, note: o.note, cleanups: o.cleanups },
  );
  if ('skipped' in ran) o.emit({ bench: 'skipped', db: 'postgres', scenario: 'million', reason: ran.skipped });
}

interface Sessions {
  after: HttpClient;
  before: HttpClient;
  csrfToken: string;
}

/** An Owner of this run (the kept database keeps earlier runs' Owners), signed in on both servers. */
async function signInBoth(db: Db, after: Runtime, before: Runtime): Promise<Sessions> {
  const email = `bench-owner-${randomBytes(4).toString('hex')}@example.com`;
  const password = randomBytes(12).toString('hex');
  await createOwner(db, { email, password, firstName: 'Bench', lastName: 'Owner' });
  const a = await signIn(await listen(after), email, password);
  const b = await signIn(await listen(before), email, password);
  return { after: a.session, before: b.session, csrfToken: a.csrfToken };
}

async function ensureCostCentre(session: HttpClient, csrfToken: string): Promise<void> {
  const fields = await session.json<{ items: { key: string }[] }>('GET', '/api/v1/custom-fields');
  if (fields.body.items.some((f) => f.key === 'cost_centre')) return;
  const options = Array.from({ length: CENTRES }, (_, i) => `CC-${String(i).padStart(2, '0')}`);
  const created = await session.json(
    'POST',
    '/api/v1/custom-fields',
    { key: 'cost_centre', label: 'Cost centre', type: 'single_select', options, filterable: true },
    { 'x-csrf-token': csrfToken },
  );
  if (created.res.status !== 201) throw new Error(`custom field: ${created.res.status}`);
}

type Page = { items: unknown[]; nextCursor: string | null; total: number; totalIsLowerBound?: boolean };

async function measureFilter(
  label: string,
  query: string,
  s: Sessions,
  rawDb: Db,
  state: ReturnType<typeof recorder>['state'],
  o: Options,
): Promise<Record<string, unknown>> {
  const path = listPath(query);
  const first = (await s.after.json<Page>('GET', path)).body;
  // The deep page: DEEP pages in by nextCursor (or the last page of a shorter list).
  let deepPath = path;
  let cursor = first.nextCursor;
  let page = 1;
  const followEnd = performance.now() + BUDGET_MS;
  for (; page < DEEP && cursor && performance.now() < followEnd; page++) {
    deepPath = `${path}&cursor=${encodeURIComponent(cursor)}`;
    cursor = (await s.after.json<Page>('GET', deepPath)).body.nextCursor;
  }
  const p = (x: Stats) => ({ p50: x.p50_ms, p95: x.p95_ms });
  const firstAfter = await sequential(s.after, () => path, WARMUP, REQUESTS);
  const deepAfter = await sequential(s.after, () => deepPath, WARMUP, REQUESTS);
  const half = Math.max(10, Math.round(REQUESTS / 2));
  const firstBefore = await sequential(s.before, () => path, WARMUP, half);
  const deepBefore = await sequential(s.before, () => deepPath, WARMUP, half);
  const counts = await sequential(
    s.after,
    () => `/api/v1/users/counts?${query}`,
    3,
    Math.max(10, Math.round(REQUESTS / 5)),
  );
  const row = {
    bench: 'million.list',
    filter: label,
    query,
    total: first.total,
    totalIsLowerBound: first.totalIsLowerBound,
    deep_page: page,
    first_p95_ms: firstAfter.p95_ms,
    deep_p95_ms: deepAfter.p95_ms,
    after: { first: p(firstAfter), deep: p(deepAfter) },
    before_unbounded: { first: p(firstBefore), deep: p(deepBefore) },
    counts_by_status: p(counts),
    met: firstAfter.p95_ms <= TARGET_P95_MS && deepAfter.p95_ms <= TARGET_P95_MS,
  };
  o.emit(row);
  state.captured = [];
  await s.after.get(path);
  const statements = state.captured.filter((q) => /from users u\b/.test(q.text));
  state.captured = null;
  for (const q of statements) {
    const [r] = await rawDb.query<{ 'QUERY PLAN': any }>(`explain (analyze, buffers, format json) ${q.text}`, q.params);
    const plan = (typeof r!['QUERY PLAN'] === 'string' ? JSON.parse(r!['QUERY PLAN']) : r!['QUERY PLAN'])[0];
    o.emit({
      bench: 'million.sql',
      filter: label,
      execution_ms: Math.round(plan['Execution Time'] * 100) / 100,
      plan: planLine(plan.Plan),
    });
  }
  return row;
}

/** `warmup` unmeasured GETs, then up to `n` measured ones, one at a time, within BUDGET_MS (at least 5). */
async function sequential(client: HttpClient, path: () => string, warmup: number, n: number): Promise<Stats> {
  const start = performance.now();
  for (let i = 0; i < warmup && performance.now() - start < BUDGET_MS / 4; i++) await client.get(path());
  const samples: number[] = [];
  const end = performance.now() + BUDGET_MS;
  while (samples.length < n && (samples.length < 5 || performance.now() < end)) {
    const t0 = performance.now();
    await client.get(path());
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

/** Every node of a plan, depth first, on one line: "Limit > Index Scan using … (rows 51)". */
function planLine(node: any): string {
  const kids: any[] = node.Plans ?? [];
  const self = `${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''} (rows ${node['Actual Rows']}${node['Rows Removed by Filter'] ? `, filtered ${node['Rows Removed by Filter']}` : ''})`;
  return kids.length ? `${self} > [${kids.map(planLine).join(' ; ')}]` : self;
}
