import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OWNER, startTestApp, type TestApp } from '../helpers/harness';
import { generate } from 'otplib';
import { importFile } from './helpers';

/**
 * Kills the server (SIGKILL) in the middle of a 50,000-row commit, restarts it, lets the import
 * resume, and compares every imported user with a clean run of the same file.
 */
const ROWS = 50_000;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const PG_URL = process.env.TEST_DATABASE_URL;

function file(): string {
  const lines = ['email,firstName,lastName,employeeId,jobTitle,department,location,managerEmail,cf.badge'];
  for (let i = 0; i < ROWS; i++) {
    // Every 50th person manages the next 49, who come first in the file.
    const boss = Math.floor(i / 50) * 50 + 49;
    const manager = i % 50 === 49 ? '' : `crash${boss}@example.com`;
    lines.push(
      `crash${i}@example.com,First${i},Last${i},C-${i},Title ${i % 40},Dept ${i % 9},City ${i % 13},${manager},B${i}`,
    );
  }
  return lines.join('\n') + '\n';
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

let dataDir = '';
let dbName = '';
let port = 0;
let server: ChildProcess | null = null;
let clean: TestApp;

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ROSTER_JOB_INTERVAL: '1',
    ROSTER_OWNER_EMAIL: OWNER.email,
    ROSTER_OWNER_PASSWORD: OWNER.password,
    DATA_DIR: dataDir,
  };
  if (PG_URL) e.DATABASE_URL = PG_URL.replace(/\/[^/]*$/, `/${dbName}`);
  return e;
}

async function startServer(): Promise<void> {
  // node itself (not the tsx wrapper, which would survive as a parent): SIGKILL must hit the server.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: env(),
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
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

class Http {
  cookie = '';
  csrf = '';
  async call(method: string, url: string, body?: BodyInit, json?: unknown): Promise<any> {
    const headers: Record<string, string> = { cookie: this.cookie, 'x-csrf-token': this.csrf };
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`http://127.0.0.1:${port}${url}`, {
      method,
      headers,
      body: json !== undefined ? JSON.stringify(json) : body,
    });
    const set = res.headers.get('set-cookie');
    if (set?.startsWith('roster_session=')) this.cookie = set.split(';')[0]!;
    const data = await res.json().catch(() => null);
    if (data?.csrfToken) this.csrf = data.csrfToken;
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(data)}`);
    return data;
  }
}

beforeAll(async () => {
  port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-crash-'));
  if (PG_URL) {
    dbName = `roster_crash_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
  }
  clean = await startTestApp();
});

afterAll(async () => {
  server?.kill('SIGKILL');
  await clean?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (PG_URL && dbName) {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
});

const SNAPSHOT = `select u.email, u.first_name, u.last_name, u.employee_id, u.job_title, u.department, u.location, u.status, u.role,
  u.custom_fields, m.email as manager, u.manager_path = coalesce(m.manager_path || m.id || '/', '/') as path_ok,
  (select count(*) from audit_log a where a.target_id = u.id and a.action = 'user.created')::int as created_entries
  from users u left join users m on m.id = u.manager_id where u.email like 'crash%' order by u.email`;

it('resumes a commit killed with SIGKILL and ends like a clean run', { timeout: 900_000 }, async () => {
  const text = file();
  await startServer();
  const http = new Http();
  await http.call('POST', '/api/v1/auth/login', undefined, { email: OWNER.email, password: OWNER.password });
  // A new install asks its Owners for a second factor (docs/decisions/013-second-factor.md): enrol one.
  const start = await http.call('POST', '/api/v1/me/mfa/totp');
  const { recoveryCodes } = await http.call('POST', '/api/v1/me/mfa/totp/confirm', undefined, {
    code: await generate({ secret: start.secret }),
  });
  await http.call('POST', '/api/v1/custom-fields', undefined, {
    key: 'badge',
    label: 'Badge',
    type: 'text',
    unique: true,
  });
  const form = new FormData();
  form.append('mode', 'add');
  form.append('file', new Blob([text], { type: 'text/csv' }), 'crash.csv');
  const created = await http.call('POST', '/api/v1/imports', form);
  let imp = created;
  while (imp.state === 'previewing') imp = await http.call('GET', `/api/v1/imports/${created.id}`);
  expect(imp).toMatchObject({ state: 'previewed', counts: { create: ROWS, error: 0 } });
  await http.call('POST', `/api/v1/imports/${imp.id}/commit`, undefined, {});
  // Kill as soon as some chunks are in and others are not.
  for (;;) {
    imp = await http.call('GET', `/api/v1/imports/${imp.id}`);
    if (imp.progress.done > 0 && imp.progress.done < imp.progress.total) break;
    expect(imp.state).toBe('committing');
  }
  server!.kill('SIGKILL');
  await new Promise((r) => server!.once('exit', r));
  const killedAt = imp.progress.done;
  expect(killedAt).toBeLessThan(ROWS);

  await startServer();
  const again = new Http();
  const { mfaToken } = await again.call('POST', '/api/v1/auth/login', undefined, {
    email: OWNER.email,
    password: OWNER.password,
  });
  await again.call('POST', '/api/v1/auth/mfa', undefined, { mfaToken, code: recoveryCodes[0] });
  do {
    await new Promise((r) => setTimeout(r, 200));
    imp = await again.call('GET', `/api/v1/imports/${imp.id}`);
  } while (imp.state === 'committing');
  expect(imp).toMatchObject({
    state: 'completed',
    counts: { create: ROWS, error: 0 },
    progress: { done: ROWS, total: ROWS },
  });

  // The same file on a fresh database, without interruption.
  const owner = await clean.as(OWNER.email, OWNER.password);
  await owner.post('/api/v1/custom-fields', { key: 'badge', label: 'Badge', type: 'text', unique: true });
  const ref = await importFile(clean, owner, text, { mode: 'add' }, 600_000);
  expect(ref.counts).toMatchObject({ create: ROWS });

  const crashed = await (async () => {
    const url = PG_URL ? PG_URL.replace(/\/[^/]*$/, `/${dbName}`) : undefined;
    server!.kill('SIGKILL');
    await new Promise((r) => server!.once('exit', r));
    server = null;
    const { connect } = await import('../../src/server/db/index');
    const db = await connect({ databaseUrl: url, dataDir: url ? undefined : dataDir });
    try {
      return await db.query(SNAPSHOT);
    } finally {
      await db.close();
    }
  })();
  const reference = await clean.db.query(SNAPSHOT);
  expect(crashed).toHaveLength(ROWS);
  expect(crashed.every((r) => r.path_ok && r.created_entries === 1)).toBe(true);
  expect(crashed).toEqual(reference);
});
