import { z } from 'zod';
import path from 'node:path';

/** Environment → typed configuration. The variables are the public table in INTERFACE.md. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SMTP_URL: z.string().url().optional(),
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
  dataDir: string;
  smtpUrl?: string;
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
    dataDir: path.resolve(e.DATA_DIR),
    smtpUrl: e.SMTP_URL,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
    ownerEmail: e.ROSTER_OWNER_EMAIL,
    ownerPassword: e.ROSTER_OWNER_PASSWORD,
    logLevel: e.LOG_LEVEL,
    jobIntervalSeconds: e.ROSTER_JOB_INTERVAL,
  };
}
