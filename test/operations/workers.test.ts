import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/server/db/index';
import { migrate } from '../../src/server/db/migrate';
import { insertUser, OWNER } from '../helpers/harness';
import { startFaultySmtp, type FaultySmtp } from '../mail/smtpServer';

/**
 * `roster serve --workers 2` as an operator runs it: real processes (node:cluster) on one port
 * (docs/decisions/019-fast-path.md). On PostgreSQL both workers serve the same session, and scheduled
 * invitations, claimed by two job runners at once, each go out exactly once. PGlite stays one process and says so.
 */
const BIN = fileURLToPath(new URL('../../bin/roster.mjs', import.meta.url));
const pgUrl = process.env.TEST_DATABASE_URL;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Every process started here, stopped by the file's afterAll even when it never became ready. */
const started: ChildProcess[] = [];
afterAll(async () => {
  for (const child of started) await stop(child);
}, 60_000);

/** Starts `roster serve …`; resolves once its output contains `ready`. */
function serve(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  return new Promise((resolve, reject) => {
    const check = () => ready.test(out) && resolve({ child, out: () => out });
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`roster serve ended (${code}) before it was ready:\n${out}`)));
  });
}

async function stop(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  const ended = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await ended;
}

/** One request on a connection of its own, so the cluster hands it to either worker. */
function get(port: number, url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: url, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function send(port: number, method: string, url: string, body: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: any; cookie?: string }>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: url,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            body: text ? JSON.parse(text) : null,
            cookie: res.headers['set-cookie']
              ?.map((c) => c.split(';')[0]!)
              .find((c) => c.startsWith('roster_session=')),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

if (pgUrl)
  describe('two workers on PostgreSQL', () => {
    const dbName = `roster_workers_${randomBytes(4).toString('hex')}`;
    let admin: pg.Client;
    let databaseUrl: string;
    let smtp: FaultySmtp;
    let server: { child: ChildProcess; out: () => string } | undefined;
    let port: number;

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      const u = new URL(pgUrl!);
      u.pathname = `/${dbName}`;
      databaseUrl = u.toString();
      const db = await connect({ databaseUrl, poolSize: 2 });
      await migrate(db);
      await insertUser(db, { email: OWNER.email, password: OWNER.password, role: 'owner' });
      await db.close();
      smtp = await startFaultySmtp();
      port = await freePort();
      server = await serve(
        ['--workers', '2', '--port', String(port)],
        {
          DATABASE_URL: databaseUrl,
          HOST: '127.0.0.1',
          PUBLIC_URL: 'http://roster.test',
          SMTP_URL: smtp.url,
          ROSTER_SECRET_KEY: randomBytes(32).toString('base64'),
          ROSTER_JOB_INTERVAL: '1',
          METRICS_PUBLIC: 'true',
        },
        /2 worker processes/,
      );
    }, 400_000);
    afterAll(async () => {
      await stop(server?.child);
      await smtp?.close();
      await admin?.query(`drop database if exists ${dbName} with (force)`);
      await admin?.end();
    }, 60_000);

    it(
      'serves one session from both workers and sends each scheduled invitation once',
      { timeout: 120_000 },
      async () => {
        const login = await send(port, 'POST', '/api/v1/auth/login', OWNER);
        expect(login.status).toBe(200);
        const session = { cookie: login.cookie!, 'x-csrf-token': login.body.csrfToken };

        // The same session, 40 requests on 40 connections: the cluster spreads them over both workers.
        const reads = await Promise.all(Array.from({ length: 40 }, () => get(port, '/api/v1/me', session)));
        expect(reads.map((r) => r.status)).toEqual(Array(40).fill(200));
        const metrics = (await get(port, '/metrics')).body;
        const served = (worker: string) =>
          Number(
            new RegExp(
              `roster_http_request_duration_seconds_count\\{[^}]*route="/api/v1/me"[^}]*worker="${worker}"[^}]*\\} (\\d+)`,
            ).exec(metrics)?.[1] ?? 0,
          );
        expect(served('1')).toBeGreaterThan(0);
        expect(served('2')).toBeGreaterThan(0);
        expect(served('1') + served('2')).toBe(40);

        // 30 invitations scheduled, then made due at once: both workers' job runners race for them.
        const inviteAt = new Date(Date.now() + 3600_000).toISOString();
        const emails = Array.from({ length: 30 }, (_, i) => `scheduled${i}@example.com`);
        for (const email of emails) {
          const res = await send(
            port,
            'POST',
            '/api/v1/users',
            { email, firstName: 'Sched', lastName: 'Uled', role: 'learner', invite: 'scheduled', inviteAt },
            session,
          );
          expect(res.status, JSON.stringify(res.body)).toBe(201);
        }
        const db = await connect({ databaseUrl, poolSize: 1 });
        await db.query(`update users set invite_scheduled_at = $1 where status = 'invite_scheduled'`, [new Date()]);
        await db.close();
        const deadline = Date.now() + 60_000;
        while (smtp.accepted.length < emails.length && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 250));
        await new Promise((r) => setTimeout(r, 4000)); // a few more sweeps of both workers: nothing more may go out
        const recipients = smtp.accepted.map((raw) => /^To: (.+)$/im.exec(raw)?.[1]?.trim().toLowerCase());
        expect(recipients.sort()).toEqual([...emails].sort());
      },
    );
  });
else
  describe('--workers on PGlite', () => {
    let server: { child: ChildProcess; out: () => string } | undefined;
    let dir: string;
    afterAll(async () => {
      await stop(server?.child);
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    // The embedded database's first start (initdb) takes most of this: ~15 s on an idle machine.
    it('serves from one process and says so', { timeout: 300_000 }, async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-workers-'));
      const port = await freePort();
      server = await serve(
        ['--workers', '2', '--port', String(port)],
        { DATA_DIR: path.join(dir, 'data'), ROSTER_JOB_INTERVAL: '0' },
        /Roster is running/,
      );
      expect(server.out()).toMatch(/embedded database \(PGlite\) is served by one process/);
      expect((await get(port, '/healthz')).status).toBe(200);
    });
  });
