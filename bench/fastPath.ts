/**
 * The fast-path scenario of `npm run bench` (BENCH_SCENARIOS=fast; docs/decisions/019-fast-path.md): throughput of a
 * signed-in read of one person and of a People list page, 8 clients (autocannon), each figure beside its
 * database cost (round trips and rows per request, counted by wrapping the driver) and as a ratio to the
 * floor measured in the same run: a bare Fastify route doing the two primary-key queries a signed-in read
 * cannot avoid (bench/floor.ts). On PostgreSQL, the floor and Roster (`roster serve --workers 1`, then `2`)
 * run as processes of their own; on PGlite everything runs in the bench's process (no workers, no target).
 * The machine may be shared: compare the ratios of one run, not absolute numbers across runs. On Linux each
 * PostgreSQL row also says what one request cost in CPU — the served processes and the database's backends,
 * read from /proc — which moves far less than req/s when other work shares the cores.
 *
 *   BENCH_FAST_SECONDS (10)   BENCH_FAST_WORKERS (2: the second Roster run and the floor with as many processes;
 *   0 skips both)
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { createOwner } from '../src/server/bootstrap';
import { sha256 } from '../src/server/core/crypto';
import type { Db } from '../src/server/db/index';
import { migrate } from '../src/server/db/migrate';
import { registerSubscriptions } from '../src/server/subscriptions';
import { withBulkManagerChanges } from '../src/server/modules/people/hierarchy';
import { counter } from './measure';
import { seedUsers } from './seed';
import { listen, signIn, startBenchRuntime } from './server';
import { databaseBackends, load as loadFor, serveRoster, start, stop, type Load, type Meter } from './served';

export interface FastPathOptions {
  users: number;
  emit: (obj: Record<string, unknown>) => void;
  note: (line: string) => void;
}

const SECONDS = Number(process.env.BENCH_FAST_SECONDS ?? 10);
const MORE_WORKERS = Number(process.env.BENCH_FAST_WORKERS ?? 2);
const CONNECTIONS = 8;
const LIST_PATH = '/api/v1/users?status=confirmed,invite_pending&sort=name&limit=50';
/**
 * Targets on PostgreSQL (issue "fast path"): user read vs the floor, list page req/s, two workers vs one. The list
 * page's 1,500 req/s was set on a machine whose floor served 4,223 req/s; `listPageVsFloor` is that target as a ratio
 * to the floor of the same run, which travels between machines (docs/decisions/035-fast-path-on-two-cores.md).
 */
const TARGETS = {
  userReadVsFloor: 0.8,
  listPagePerSecond: 1500,
  listPageVsFloor: Math.round((1500 / 4223) * 100) / 100,
  twoWorkersScale: 1.6,
};

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

const load = (base: string, cookie: string, paths: string[], meter?: Meter) =>
  loadFor(base, cookie, paths, meter, { connections: CONNECTIONS, seconds: SECONDS });

export async function benchFastPath(
  kind: 'pglite' | 'postgres',
  db: Db,
  url: string | undefined,
  opts: FastPathOptions,
) {
  const { emit, note } = opts;
  registerSubscriptions(); // createOwner publishes a domain event
  await migrate(db);
  note(`${kind} fast path: seeding ${opts.users.toLocaleString('en')} people`);
  await withBulkManagerChanges(db, () => seedUsers(db, opts.users));
  await db.query('vacuum analyze users');
  const password = randomBytes(12).toString('hex');
  await createOwner(db, { email: 'fast-owner@example.com', password, firstName: 'Fast', lastName: 'Owner' });
  const ids = (
    await db.query<{ id: string }>(`select id from users where deleted_at is null order by md5(id) limit 1000`)
  ).map((r) => r.id);
  const userPaths = ids.map((id) => `/api/v1/users/${id}`);

  // The cost of each request type in round trips and rows: the same code as the served processes, counted here.
  const { db: counted, counts } = counter(db);
  const rt = await startBenchRuntime(counted);
  const base = await listen(rt);
  const { session } = await signIn(base, 'fast-owner@example.com', password);
  const cookie = session.headers.cookie!;
  const cost: Record<string, { round_trips: number; rows: number }> = {};
  for (const [name, paths] of [
    ['user_read', userPaths],
    ['list_page', [LIST_PATH]],
  ] as const) {
    for (let i = 0; i < 3; i++) await session.get(paths[i % paths.length]!);
    const before = { ...counts };
    const n = 20;
    for (let i = 0; i < n; i++) await session.get(paths[i % paths.length]!);
    cost[name] = {
      round_trips: Math.round(((counts.roundTrips - before.roundTrips) / n) * 100) / 100,
      rows: Math.round(((counts.rows - before.rows) / n) * 100) / 100,
    };
  }
  const floorCost = { round_trips: 2, rows: 2 };
  const row = (
    what: string,
    workers: number | null,
    l: Load,
    floor: Load | null,
    c: { round_trips: number; rows: number },
  ) => {
    emit({
      bench: 'fast_path',
      db: kind,
      what,
      ...(workers ? { workers } : {}),
      connections: CONNECTIONS,
      seconds: SECONDS,
      ...l,
      ...(floor ? { vs_floor: Math.round((l.req_per_s / floor.req_per_s) * 100) / 100 } : {}),
      ...c,
    });
  };

  if (kind === 'pglite') {
    // One process: the floor is a bare route on the same PGlite, in this process like Roster and the clients.
    const bare = Fastify();
    bare.get<{ Params: { id: string } }>('/floor/users/:id', async (req) => {
      const sid = /roster_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
      await db.query(`select user_id from sessions where id_hash = $1 and expires_at > now()`, [sha256(sid)]);
      return (await db.query(`select * from users where id = $1`, [req.params.id]))[0];
    });
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const floorBase = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`;
    try {
      note(`pglite fast path: floor, user read, list page (${SECONDS} s each, ${CONNECTIONS} clients)`);
      const floor = await load(
        floorBase,
        cookie,
        ids.map((id) => `/floor/users/${id}`),
      );
      row('floor', null, floor, null, floorCost);
      row('user_read', null, await load(base, cookie, userPaths), floor, cost.user_read!);
      row('list_page', null, await load(base, cookie, [LIST_PATH]), floor, cost.list_page!);
    } finally {
      await bare.close();
      await rt.stop();
    }
    return;
  }

  await rt.app.close(); // the served processes below take over; the database stays open for the clean-up
  const backends = () => databaseBackends(db);
  const children: ChildProcess[] = [];
  try {
    /** The floor with `workers` processes (node:cluster, one port, as `roster serve --workers N`). */
    const measureFloor = async (workers: number) => {
      note(`postgres fast path: the floor (bench/floor.ts), ${workers} process(es), ${SECONDS} s`);
      const floorProc = await start(
        ['--import', 'tsx', 'bench/floor.ts'],
        { DATABASE_URL: url, BENCH_FLOOR_WORKERS: String(workers) },
        /listening \d+/,
      );
      children.push(floorProc.child);
      const floorBase = `http://127.0.0.1:${/listening (\d+)/.exec(floorProc.out)![1]}`;
      const l = await load(
        floorBase,
        cookie,
        ids.map((id) => `/floor/users/${id}`),
        { pid: floorProc.child.pid!, backends },
      );
      row('floor', workers, l, null, floorCost);
      await stop(floorProc.child);
      return l;
    };
    const floor = await measureFloor(1);
    const moreFloor = MORE_WORKERS > 1 ? await measureFloor(MORE_WORKERS) : null;

    let oneWorker: Load | null = null;
    let oneList: Load | null = null;
    for (const workers of [1, ...(MORE_WORKERS > 1 ? [MORE_WORKERS] : [])]) {
      note(`postgres fast path: roster serve --workers ${workers}`);
      const roster = await serveRoster(url!, workers);
      children.push(roster.child);
      const rosterBase = roster.base;
      const meter = { pid: roster.child.pid!, backends };
      const user = await load(rosterBase, cookie, userPaths, meter);
      row('user_read', workers, user, floor, cost.user_read!);
      const list = await load(rosterBase, cookie, [LIST_PATH], meter);
      row('list_page', workers, list, floor, cost.list_page!);
      if (workers === 1) {
        oneWorker = user;
        oneList = list;
        const userVsFloor = Math.round((user.req_per_s / floor.req_per_s) * 100) / 100;
        emit({
          bench: 'fast_path_targets',
          db: kind,
          floor_per_s: floor.req_per_s,
          user_read_per_s: user.req_per_s,
          user_read_vs_floor: userVsFloor,
          user_read_target: TARGETS.userReadVsFloor,
          user_read_met: userVsFloor >= TARGETS.userReadVsFloor,
          list_page_per_s: list.req_per_s,
          list_page_target: TARGETS.listPagePerSecond,
          list_page_met: list.req_per_s >= TARGETS.listPagePerSecond,
          list_page_vs_floor: ratio(list.req_per_s, floor.req_per_s),
          list_page_target_vs_floor: TARGETS.listPageVsFloor,
          list_page_met_against_floor: list.req_per_s / floor.req_per_s >= TARGETS.listPageVsFloor,
        });
      } else {
        // The raw target (1.6× on two cores), and the same target against what this machine lets more processes
        // give at all: the floor's own scaling. The load generator and PostgreSQL share the cores, so two
        // processes of even a bare route may not reach 2× (docs/decisions/028-list-page-cpu.md).
        const scale = ratio(user.req_per_s, oneWorker!.req_per_s);
        const floorScale = ratio(moreFloor!.req_per_s, floor.req_per_s);
        const allowed = Math.round((TARGETS.twoWorkersScale / workers) * floorScale * 100) / 100;
        emit({
          bench: 'fast_path_scaling',
          db: kind,
          workers,
          user_read_vs_one_worker: scale,
          target: TARGETS.twoWorkersScale,
          met: scale >= TARGETS.twoWorkersScale,
          floor_vs_one_process: floorScale,
          user_read_vs_floor_same_processes: ratio(user.req_per_s, moreFloor!.req_per_s),
          list_page_vs_one_worker: ratio(list.req_per_s, oneList!.req_per_s),
          target_against_floor: allowed,
          met_against_floor: scale >= allowed,
        });
      }
      await stop(roster.child);
    }
  } finally {
    for (const c of children) await stop(c);
  }
}
