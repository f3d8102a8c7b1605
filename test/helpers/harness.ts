import fs from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import type { Role, Status } from '../../src/common/domain';
import { loadConfig, type Config } from '../../src/server/core/config';
import { connect, type ConnectOptions, type Db } from '../../src/server/db/index';
import { revealSecrets, setSecretKey } from '../../src/server/modules/mail/secrets';
import { migrate } from '../../src/server/db/migrate';
import { startRuntime, type Runtime } from '../../src/server/runtime';
import { runAllSweeps } from '../../src/server/jobs/sweeps';
import { registerModules } from '../../src/server/registerModules';

/**
 * A fresh, migrated database for one test file: PGlite from the migrated template, or — when
 * TEST_DATABASE_URL is set — a schema of its own on that PostgreSQL server, dropped at close.
 */
export interface TestDb extends Db {
  /** Another connection to the same database, as a second server process would have (PGlite: the same one). */
  reopen(): Promise<Db>;
}

export async function testDb(
  limits: Pick<ConnectOptions, 'statementTimeout' | 'idleInTransactionTimeout'> = {},
): Promise<TestDb> {
  // Code under test may publish domain events or walk the personal-data registry: both are filled as at start-up.
  registerModules();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    // pg_trgm (migration 056) once for the database, in public: created by a migration it would land in this
    // file's schema, and dropping the schema at close would drop it under every other file's indexes.
    await admin.query('create extension if not exists pg_trgm schema public').catch((err) => {
      if (!['23505', '42710'].includes(err.code)) throw err; // another test file created it at the same moment
    });
    await admin.end();
    const db = await connect({ databaseUrl: url, schema, poolSize: 5, ...limits });
    await migrate(db);
    return {
      ...db,
      reopen: () => connect({ databaseUrl: url, schema, poolSize: 5, ...limits }),
      async close() {
        await db.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    };
  }
  const template = process.env.ROSTER_TEST_TEMPLATE;
  const db = await connect({ loadDataDir: template ? new Blob([fs.readFileSync(template)]) : undefined });
  await migrate(db);
  return { ...db, reopen: async () => ({ ...db, close: async () => {} }) };
}

export const OWNER = { email: 'owner@example.com', password: 'owner-password-1' };

export interface TestApp extends Runtime {
  config: Config;
  /** A client with no session. */
  anon(): Client;
  /** A signed-in client. */
  as(email: string, password?: string): Promise<Client>;
  /** Runs every background sweep once (scheduled invites, expiry, breaks, purge, outbox). */
  sweep(): ReturnType<typeof runAllSweeps>;
}

/**
 * One key for the whole test process (mail/secrets.ts): every app started here, and tests that queue
 * mail on a bare testDb(), seal links with it, and the helpers below open them with it.
 */
const TEST_SECRET_KEY = randomBytes(32).toString('base64');
setSecretKey(Buffer.from(TEST_SECRET_KEY, 'base64'));

/** With `logLines`, the app logs at info level and each parsed pino line is pushed there. */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: { logLines?: Record<string, any>[] } = {},
): Promise<TestApp> {
  const { logLines } = opts;
  const config = loadConfig({
    ROSTER_JOB_INTERVAL: '0',
    PUBLIC_URL: 'http://roster.test',
    LOG_LEVEL: logLines ? 'info' : 'silent',
    ROSTER_SECRET_KEY: TEST_SECRET_KEY,
    ...env,
  });
  const db = await testDb({
    statementTimeout: config.databaseStatementTimeout,
    idleInTransactionTimeout: config.databaseIdleInTransactionTimeout,
  });
  const logStream = logLines && { write: (line: string) => void logLines.push(JSON.parse(line)) };
  const rt = await startRuntime(config, logStream ? { logStream, db } : { logger: false, db });
  await insertUser(db, {
    email: OWNER.email,
    password: OWNER.password,
    role: 'owner',
    firstName: 'Olive',
    lastName: 'Owner',
  });
  return {
    ...rt,
    config,
    anon: () => new Client(rt),
    async as(email, password = 'password-1234') {
      const c = new Client(rt);
      await signIn(c, email, password);
      return c;
    },
    sweep: () => runAllSweeps(rt.db, rt.transport),
  };
}

export interface Res {
  status: number;
  body: any;
  headers: Record<string, any>;
}

/** Talks to the app in-process (Fastify inject), keeping the session cookie and CSRF token. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;
  /** Each client comes from its own loopback address, so per-IP rate limits apply per client. */
  readonly ip = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 250)}`;
  constructor(private rt: Runtime) {}

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie ??= this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] ??= this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await this.rt.app.inject({ method: method as any, url, payload, headers: h, remoteAddress: this.ip });
    const setCookie = res.headers['set-cookie'];
    const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
    for (const c of cookies) {
      const [pair] = c.split(';');
      if (pair!.startsWith('roster_session=')) this.cookie = pair!.endsWith('=') ? null : pair!;
    }
    let parsed: any = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {
      /* not JSON */
    }
    if (parsed && typeof parsed === 'object' && typeof parsed.csrfToken === 'string') this.csrf = parsed.csrfToken;
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }
  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body: unknown = {}, headers?: Record<string, string>) =>
    this.request('POST', url, body, headers);
  patch = (url: string, body: unknown, headers?: Record<string, string>) => this.request('PATCH', url, body, headers);
  delete = (url: string, headers?: Record<string, string>) => this.request('DELETE', url, undefined, headers);
}

/** Signs `client` in with a password (no second factor), replacing any session it had. */
export async function signIn(client: Client, email: string, password: string): Promise<void> {
  client.cookie = null;
  client.csrf = null;
  const res = await client.post('/api/v1/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

const hashes = new Map<string, Promise<string>>();
/** argon2 is slow on purpose; tests reuse one hash per password. */
function hashOnce(password: string): Promise<string> {
  if (!hashes.has(password)) hashes.set(password, hash(password));
  return hashes.get(password)!;
}

/** Inserts a user directly (fast factory for tests that are not about creation). */
export async function insertUser(
  db: Db,
  opts: {
    email?: string;
    password?: string;
    role?: Role;
    status?: Status;
    firstName?: string;
    lastName?: string;
    managerId?: string;
  } = {},
): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = opts.email ?? `user-${id.slice(0, 8)}@example.com`;
  const status = opts.status ?? 'confirmed';
  const passwordHash =
    status === 'confirmed' || opts.password ? await hashOnce(opts.password ?? 'password-1234') : null;
  await db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, role, status, password_hash, manager_id, confirmed_at,
       status_before_deactivation, status_before_expiry)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, case when $7 = 'confirmed' then now() end,
       case when $7 = 'deactivated' then 'confirmed' end, case when $7 = 'expired' then 'confirmed' end)`,
    [
      id,
      email,
      email.toLowerCase(),
      opts.firstName ?? 'Test',
      opts.lastName ?? `User ${id.slice(0, 4)}`,
      opts.role ?? 'learner',
      status,
      passwordHash,
      opts.managerId ?? null,
    ],
  );
  return { id, email };
}

/**
 * The newest mailbox message to `to`, its links working: the stored body has its tokens sealed, and
 * this process holds the key the test app seals them with (TEST_SECRET_KEY).
 */
export async function lastMailTo(db: Db, to: string): Promise<string | undefined> {
  const rows = await db.query<{ text_body: string }>(
    `select text_body from mailbox where lower(to_address) = lower($1) order by sent_at desc limit 1`,
    [to],
  );
  return rows[0] && revealSecrets(rows[0].text_body);
}

/** The link in the newest mailbox message to `to`. */
export async function lastLinkTo(db: Db, to: string): Promise<string> {
  const link = (await lastMailTo(db, to))?.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no mail with a link to ${to}`);
  return link;
}
