import { now } from './clock';
import type { Sql } from '../db/index';
import { AppError } from './errors';
import { sha256 } from './crypto';

/** Failed attempts a person gets within a window, for passwords (auth/login.ts) and second-factor codes alike. */
export const MAX_FAILURES = 10;

/**
 * Fixed-window counters in the database, so several server processes share one limit.
 * Used by the public endpoints that send mail (password reset, fresh invitation link, sign-up).
 */
export async function hit(sql: Sql, key: string, max: number, windowSeconds: number): Promise<boolean> {
  const rows = await sql.query<{ hits: number }>(
    `insert into request_throttle (key, hits, window_started_at) values ($1, 1, $3)
     on conflict (key) do update set
       hits = case when request_throttle.window_started_at < $3::timestamptz - make_interval(secs => $2) then 1 else request_throttle.hits + 1 end,
       window_started_at = case when request_throttle.window_started_at < $3::timestamptz - make_interval(secs => $2) then $3 else request_throttle.window_started_at end
     returning hits`,
    [key, windowSeconds, now()],
  );
  return rows[0]!.hits <= max;
}

/** Per-IP limit: answers 429 when exceeded (it does not depend on any account, so it reveals nothing). */
export async function assertIpAllowed(
  sql: Sql,
  purpose: string,
  ip: string | null | undefined,
  max = 20,
  windowSeconds = 3600,
): Promise<void> {
  if (!(await hit(sql, `${purpose}:ip:${ip ?? 'unknown'}`, max, windowSeconds)))
    throw new AppError('rate_limited', 'Too many requests from your network; wait a while and try again.');
}

/** Per-address limit: when exceeded the caller silently sends nothing, so the answer stays the same. */
export function addressAllowed(
  sql: Sql,
  purpose: string,
  emailNormalized: string,
  max = 3,
  windowSeconds = 3600,
): Promise<boolean> {
  return hit(sql, `${purpose}:addr:${sha256(emailNormalized)}`, max, windowSeconds);
}
