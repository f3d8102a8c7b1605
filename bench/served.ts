/**
 * Load against a served process of its own (bench/fastPath.ts, bench/million.ts): autocannon clients in the bench's
 * process, Roster or the floor in a child process, so the load generator does not share the served event loop.
 * On Linux each load also says what one request cost in CPU: the served processes and the database's backends,
 * read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Db } from '../src/server/db/index';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Load {
  req_per_s: number;
  p50_ms: number;
  p99_ms: number;
  non_2xx: number;
  /** CPU milliseconds per request: the served process(es), and the database backends serving them. */
  cpu_ms_per_req?: { server: number; database: number };
}

/** What to charge the CPU of a measured load to: a process and its children, and the database's backends. */
export interface Meter {
  pid: number;
  backends: () => Promise<number[]>;
}

/**
 * CONNECTIONS clients for SECONDS against `base`, cycling through `paths`, after a second of warm-up (pools
 * open their connections, code gets compiled); with a meter, the CPU the request cost on each side.
 */
export async function load(
  base: string,
  cookie: string,
  paths: string[],
  meter?: Meter,
  { connections = 8, seconds = 10 }: { connections?: number; seconds?: number } = {},
): Promise<Load> {
  let i = 0;
  const run = (duration: number) =>
    autocannon({
      url: base,
      connections,
      duration,
      headers: { cookie },
      requests: [{ setupRequest: (req: any) => ({ ...req, path: paths[i++ % paths.length] }) }],
    });
  await run(1);
  const pids = meter && cpuReadable() ? { server: processTree(meter.pid), database: await meter.backends() } : null;
  const before = pids && { server: cpuTicksOf(pids.server), database: cpuTicksOf(pids.database) };
  const r = await run(seconds);
  const perRequest = (ticks: number) =>
    Math.round(((ticks * 1000) / TICKS_PER_SECOND / r.requests.total) * 1000) / 1000;
  return {
    req_per_s: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    non_2xx: r.non2xx + r.errors,
    ...(pids && before && r.requests.total
      ? {
          cpu_ms_per_req: {
            server: perRequest(ticksSince(before.server)),
            database: perRequest(ticksSince(before.database)),
          },
        }
      : {}),
  };
}

/** Linux's clock ticks (USER_HZ): 100 on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;
const cpuReadable = () => fs.existsSync('/proc/self/stat');

/** User + system CPU ticks of these processes so far (a process that has ended counts 0). */
/** Each live process's CPU ticks (user + system) by pid; a process that has ended is left out. */
function cpuTicksOf(pids: number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    try {
      // The fields after the command name (which may hold spaces), from the third: utime is the 14th, stime the 15th.
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(pid, Number(f[11]) + Number(f[12]));
    } catch {
      /* ended */
    }
  }
  return ticks;
}

/**
 * The ticks the processes of `before` used since, counting only those still alive: a backend that ended during the
 * run (a pool closing an idle connection, a parallel worker) takes its ticks with it, and subtracting its starting
 * count from nothing once made the database's share negative.
 */
function ticksSince(before: Map<number, number>): number {
  let sum = 0;
  for (const [pid, now] of cpuTicksOf([...before.keys()])) sum += now - before.get(pid)!;
  return sum;
}

/** The process and its descendants (`roster serve --workers N`: the primary and its workers). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const ppid = Number(fs.readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      /* ended */
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** A child process; resolves once its stdout matches `ready`. */
export function start(
  cmd: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; out: string }> {
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

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const ended = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await ended;
}

/**
 * `roster serve --workers N` on `url` on a free port, until it says it is running. No scheduled jobs: a seeded
 * organisation's backlog (reminders to send, groups to refresh) would run beside the requests measured, and the
 * floor runs none. The request path is what is measured.
 */
export async function serveRoster(url: string, workers: number): Promise<{ child: ChildProcess; base: string }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const { child } = await start(
    // --expose-gc as `npm start` and `npm run roster` pass it (core/heap.ts collects between export and import batches).
    ['--expose-gc', 'bin/roster.mjs', 'serve', '--workers', String(workers), '--port', String(port)],
    {
      DATABASE_URL: url,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ROSTER_JOB_INTERVAL: '0',
    },
    /Roster is running/,
  );
  return { child, base: `http://127.0.0.1:${port}` };
}

/** The database backends serving a measured process: every connection to `db`'s database but the asking one. */
export async function databaseBackends(db: Db): Promise<number[]> {
  const rows = await db.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
  );
  return rows.map((r) => r.pid);
}
