/**
 * Start-up benchmark: time from starting the server process to its first `200` from /healthz, on the
 * embedded database (PGlite), for the compiled server (`npm start`: node dist/server/start.mjs) and for the
 * server run from source through tsx (`npm run dev`, the tests). Prints one JSON object per way of starting
 * on stdout (notes on stderr): the first start on an empty data folder (initdb, migrations, first Owner) and
 * restarts on the same folder, the usual case.
 *
 *   BENCH_STARTUP_RUNS (5): restarts measured per way of starting.
 *
 * The server is built first when its build is older than its sources (scripts/build.mjs --if-stale).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stats } from './measure';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_STARTUP_RUNS) || 5;
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const note = (line: string) => process.stderr.write(`[bench:startup] ${line}\n`);

const WAYS = {
  built: ['--expose-gc', 'dist/server/start.mjs'],
  tsx: ['--expose-gc', '--import', 'tsx', 'src/server/main.ts'],
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts the server, returns the milliseconds until /healthz answered 200, then stops it (SIGTERM). */
async function startOnce(args: string[], dataDir: string): Promise<number> {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ROSTER_JOB_INTERVAL: '0',
  };
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${err}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function main() {
  execFileSync(process.execPath, ['scripts/build.mjs', 'server', '--if-stale'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-startup-'));
  try {
    for (const [way, args] of Object.entries(WAYS)) {
      const dataDir = path.join(dir, way);
      const first = await startOnce(args, dataDir);
      note(`${way}: first start ${Math.round(first)} ms`);
      const restarts: number[] = [];
      for (let i = 0; i < RUNS; i++) restarts.push(await startOnce(args, dataDir));
      const s = stats(restarts);
      emit({
        bench: 'startup',
        db: 'pglite',
        way,
        first_start_ms: Math.round(first),
        restart_n: s.n,
        restart_p50_ms: s.p50_ms,
        restart_mean_ms: s.mean_ms,
        restart_max_ms: s.max_ms,
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
