/**
 * The fast-path scenario of `npm run bench` (BENCH_SCENARIOS=fast; docs/decisions/019-fast-path.md): throughput of a
 * signed-in read of one person and of a People list page, 8 clients (autocannon), each figure beside its
 * database cost (round trips and rows per request, counted by wrapping the driver) and as a ratio to the
 * floor measured in the same run: a bare Fastify route doing the two primary-key queries a signed-in read
 * cannot avoid (bench/floor.ts). On PostgreSQL, the floor and Roster (`roster serve --workers 1`, then `2`)
 * run as processes of their own; on PGlite everything runs in the bench's process (no workers, no target).
 * The machine may be shared: compare the ratios of one run, not absolute numbers across runs.
 *
 *   BENCH_FAST_SECONDS (10)   BENCH_FAST_WORKERS (2: the second Roster run; 0 skips it)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
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

export interface FastPathOptions {
  users: number;
  emit: (obj: Record<string, unknown>) => void;
  note: (line: string) => void;
}

const SECONDS = Number(process.env.BENCH_FAST_SECONDS ?? 10);
const MORE_WORKERS = Number(process.env.BENCH_FAST_WORKERS ?? 2);
const CONNECTIONS = 8;
const LIST_PATH = '/api/v1/users?status=confirmed,invite_pending&sort=name&limit=50';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Targets on PostgreSQL (issue "fast path"): user read vs the floor, list page req/s, two workers vs one. */
const TARGETS = { userReadVsFloor: 0.8, listPagePerSecond: 1500, twoWorkersScale: 1.6 };

interface Load {
  req_per_s: number;
  p50_ms: number;
  p99_ms: number;
  non_2xx: number;
}

/** CONNECTIONS clients for SECONDS against `base`, cycling through `paths`. */
async function load(base: string, cookie: string, paths: string[]): Promise<Load> {
  let i = 0;
  const r = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie },
    requests: [{ setupRequest: (req: any) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  return {
    req_per_s: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    non_2xx: r.non2xx + r.errors,
  };
}

/** A child process; resolves once its stdout matches `ready`. */
function start(cmd: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn(process.execPath, cmd, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c) => {
      out += c;
      if (out.length > 100_000) out = out.slice(-10_000);
      if (ready.test(out)) resolve({ child, out });
    });
    child.stderr!.on('data', (c) => (out += c));
    child.on('exit', (code) => reject(new Error(`${cmd.join(' ')} ended (${code}):\n${out.slice(-2000)}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const ended = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await ended;
}

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
  const children: ChildProcess[] = [];
  try {
    note(`postgres fast path: the floor (bench/floor.ts), ${SECONDS} s`);
    const floorProc = await start(['--import', 'tsx', 'bench/floor.ts'], { DATABASE_URL: url }, /listening \d+/);
    children.push(floorProc.child);
    const floorBase = `http://127.0.0.1:${/listening (\d+)/.exec(floorProc.out)![1]}`;
    const floor = await load(
      floorBase,
      cookie,
      ids.map((id) => `/floor/users/${id}`),
    );
    row('floor', null, floor, null, floorCost);
    await stop(floorProc.child);

    let oneWorker: Load | null = null;
    for (const workers of [1, ...(MORE_WORKERS > 1 ? [MORE_WORKERS] : [])]) {
      note(`postgres fast path: roster serve --workers ${workers}`);
      const port = 20000 + Math.floor(Math.random() * 20000);
      const roster = await start(
        ['bin/roster.mjs', 'serve', '--workers', String(workers), '--port', String(port)],
        { DATABASE_URL: url, HOST: '127.0.0.1', LOG_LEVEL: 'info', PUBLIC_URL: `http://127.0.0.1:${port}` },
        /Roster is running/,
      );
      children.push(roster.child);
      const rosterBase = `http://127.0.0.1:${port}`;
      const user = await load(rosterBase, cookie, userPaths);
      row('user_read', workers, user, floor, cost.user_read!);
      const list = await load(rosterBase, cookie, [LIST_PATH]);
      row('list_page', workers, list, floor, cost.list_page!);
      if (workers === 1) oneWorker = user;
      else
        emit({
          bench: 'fast_path_scaling',
          db: kind,
          workers,
          user_read_vs_one_worker: Math.round((user.req_per_s / oneWorker!.req_per_s) * 100) / 100,
          target: TARGETS.twoWorkersScale,
        });
      if (workers === 1)
        emit({
          bench: 'fast_path_targets',
          db: kind,
          user_read_vs_floor: Math.round((user.req_per_s / floor.req_per_s) * 100) / 100,
          user_read_target: TARGETS.userReadVsFloor,
          list_page_per_s: list.req_per_s,
          list_page_target: TARGETS.listPagePerSecond,
        });
      await stop(roster.child);
    }
  } finally {
    for (const c of children) await stop(c);
  }
}
