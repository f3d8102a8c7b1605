import { z } from 'zod';
import path from 'node:path';

/** Environment → typed configuration. The variables are the public table in INTERFACE.md. */
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
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  PUBLIC_URL: z.string().url().optional(),
  ROSTER_OWNER_EMAIL: z.string().optional(),
  ROSTER_OWNER_PASSWORD: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seconds between background sweeps; tests set 0 to drive jobs by hand. */
  ROSTER_JOB_INTERVAL: z.coerce.number().min(0).default(5),
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
  jobIntervalSeconds: number;
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
    jobIntervalSeconds: e.ROSTER_JOB_INTERVAL,
  };
}
