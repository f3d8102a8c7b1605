import { z } from 'zod';
import net from 'node:net';
import path from 'node:path';

/** proxy-addr's names for address ranges, which Fastify's trustProxy accepts beside addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const isAddressOrCidr = (entry: string) => {
  const [address, bits, ...rest] = entry.split('/');
  const family = net.isIP(address ?? '');
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

/**
 * TRUST_PROXY as Fastify's trustProxy takes it: `true` (trust every hop) or the addresses/CIDRs of the
 * proxies. Off by default: X-Forwarded-For is then ignored. A bare hop count is refused: Fastify 5.12
 * ignores it, because it cannot tell a proxy from a client that reaches Roster directly
 * (docs/decisions/011-operations.md).
 */
const trustProxySchema = z
  .string()
  .trim()
  .default('false')
  .transform((v, ctx): boolean | string[] => {
    if (v === 'true' || v === 'false') return v === 'true';
    if (/^\d+$/.test(v)) {
      ctx.addIssue({
        code: 'custom',
        message:
          "a hop count cannot tell a proxy from a direct client; give the proxies' addresses or CIDRs (e.g. 10.0.0.0/8), or true",
      });
      return false;
    }
    const entries = v
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const bad = entries.filter((e) => !PROXY_RANGE_NAMES.has(e) && !isAddressOrCidr(e));
    if (!entries.length || bad.length)
      ctx.addIssue({
        code: 'custom',
        message: `expected true, false or a comma-separated list of addresses/CIDRs; not valid: ${bad.join(', ') || v}`,
      });
    return entries;
  });

/** Environment → typed configuration. The variables are the configuration table in the README. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  /** PostgreSQL only: connections per process, and the server-side limits of every statement and open transaction. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  DATABASE_STATEMENT_TIMEOUT: z.coerce.number().min(0).default(30),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT: z.coerce.number().min(0).default(60),
  DATA_DIR: z.string().min(1).default('./data'),
  SMTP_URL: z.string().url().optional(),
  /** 32 random bytes in base64 that seal the secrets in mail links; unset → DATA_DIR/secret.key (created on first start). */
  ROSTER_SECRET_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'must be 32 random bytes in base64 (openssl rand -base64 32)',
    )
    .optional(),
  PUBLIC_URL: z.string().url().optional(),
  ROSTER_OWNER_EMAIL: z.string().optional(),
  ROSTER_OWNER_PASSWORD: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** At info, a request is logged when slower than this (ms), or when drawn by LOG_REQUEST_SAMPLE (0–1); at debug, every one. */
  LOG_SLOW_REQUEST_MS: z.coerce.number().min(0).default(1000),
  LOG_REQUEST_SAMPLE: z.coerce.number().min(0).max(1).default(0.01),
  /** Processes serving on the one port (PostgreSQL only; node:cluster): `roster serve --workers N`. */
  ROSTER_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** Named (prepared) statements on PostgreSQL; off behind a pooler in transaction mode (PgBouncer before 1.21). */
  DATABASE_PREPARED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** The People list counts its total up to this many people, then answers a lower bound; 0: always exact (decision 032). */
  ROSTER_LIST_TOTAL_BOUND: z.coerce.number().int().min(0).default(1000),
  /** Seconds between background sweeps; tests set 0 to drive jobs by hand. */
  ROSTER_JOB_INTERVAL: z.coerce.number().min(0).default(5),
  TRUST_PROXY: trustProxySchema,
  METRICS_PUBLIC: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Webhooks may deliver to private, loopback and link-local addresses (tests, on-premise receivers). */
  WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  databasePoolSize: number;
  /** Seconds; 0 turns the limit off. */
  databaseStatementTimeout: number;
  databaseIdleInTransactionTimeout: number;
  dataDir: string;
  smtpUrl?: string;
  secretKey?: Buffer;
  publicUrl: string;
  ownerEmail?: string;
  ownerPassword?: string;
  logLevel: string;
  /** Request log at info: requests slower than this (ms), and this fraction of the others (docs/decisions/019-fast-path.md). */
  logSlowRequestMs: number;
  logRequestSample: number;
  /** Serving processes (node:cluster) when databaseUrl is set; PGlite serves from one. */
  workers: number;
  /** PostgreSQL: repeated statements are prepared once per connection (db/index.ts). */
  databasePreparedStatements: boolean;
  jobIntervalSeconds: number;
  /** GET /users counts its total up to this many people, then says it is a lower bound; 0: always exact. */
  listTotalBound: number;
  /** Which proxies' X-Forwarded-For to believe: the client address then feeds rate limits and the audit log. */
  trustProxy: boolean | string[];
  /** /metrics without a token: only for a port reachable from a private network. */
  metricsPublic: boolean;
  /** Webhooks may deliver to private addresses (docs/decisions/018-event-feed-and-webhooks.md). */
  webhookAllowPrivate: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseStatementTimeout: e.DATABASE_STATEMENT_TIMEOUT,
    databaseIdleInTransactionTimeout: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT,
    dataDir: path.resolve(e.DATA_DIR),
    smtpUrl: e.SMTP_URL,
    secretKey: e.ROSTER_SECRET_KEY ? Buffer.from(e.ROSTER_SECRET_KEY, 'base64') : undefined,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
    ownerEmail: e.ROSTER_OWNER_EMAIL,
    ownerPassword: e.ROSTER_OWNER_PASSWORD,
    logLevel: e.LOG_LEVEL,
    logSlowRequestMs: e.LOG_SLOW_REQUEST_MS,
    logRequestSample: e.LOG_REQUEST_SAMPLE,
    workers: e.ROSTER_WORKERS,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    jobIntervalSeconds: e.ROSTER_JOB_INTERVAL,
    listTotalBound: e.ROSTER_LIST_TOTAL_BOUND,
    trustProxy: e.TRUST_PROXY,
    metricsPublic: e.METRICS_PUBLIC,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
  };
}
