import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The production build (`npm run build`, scripts/build.mjs) into a folder of its own: the compiled server
 * starts on an empty embedded database — so it finds its migrations next to itself — and answers /healthz;
 * the compiled roster command answers too. The tests themselves never need a build.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('the production build', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-build-'));
    // The bundle leaves packages to node_modules, found from the build's folder as from dist/.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const built = await run(['scripts/build.mjs', 'server', '--outdir', dir]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server!.once('exit', resolve));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds the compiled server, the compiled command and the migrations, and no TypeScript', () => {
    const files = fs.readdirSync(path.join(dir, 'server'));
    expect(files).toEqual(expect.arrayContaining(['start.mjs', 'roster.mjs', 'migrations']));
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    const migrations = fs.readdirSync(path.join(ROOT, 'src/server/db/migrations'));
    expect(fs.readdirSync(path.join(dir, 'server/migrations'))).toEqual(migrations);
  });

  it('starts on an empty database and answers /healthz', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const dataDir = path.join(dir, 'data');
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ROSTER_JOB_INTERVAL: '0',
    };
    const child = spawn(process.execPath, [path.join(dir, 'server/start.mjs')], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('Roster is running')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the compiled server exited (${code}): ${err}`)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(err).toBe('');
  });

  it('runs the compiled roster command', async () => {
    const help = await run([path.join(dir, 'server/roster.mjs'), '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('serve');
  });
});
