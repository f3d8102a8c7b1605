import type { FastifyBaseLogger } from 'fastify';
import type { Sql } from '../../db/index';

/** The settings page lists this many; the table keeps a few more so concurrent inserts never leave it short. */
export const ATTEMPTS_SHOWN = 20;
const ATTEMPTS_KEPT = 100;

export interface SsoAttempt {
  outcome: 'signed_in' | 'refused';
  /** A stable code, e.g. email_not_verified, owner_password_only, provider_unreachable. */
  reason: string;
  /** The sentence shown to the person or the administrator. */
  message: string;
  /** The email the provider sent, if any (stored and logged masked only). */
  email?: string | null;
}

/** "jane.doe@example.com" → "j***@example.com": enough for an administrator to recognise, not to read. */
export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at).toLowerCase()}`;
}

/**
 * Logs the attempt (no tokens, no secrets, the email masked) and keeps it for the settings page.
 * Called outside the sign-in transaction, so a refusal is recorded even though its changes roll back.
 */
export async function recordAttempt(
  sql: Sql,
  log: FastifyBaseLogger,
  attempt: SsoAttempt,
  detail?: string,
): Promise<void> {
  const emailMasked = maskEmail(attempt.email);
  const line = {
    sso: { outcome: attempt.outcome, reason: attempt.reason, emailMasked, ...(detail ? { detail } : {}) },
  };
  if (attempt.outcome === 'refused') log.warn(line, `SSO sign-in refused: ${attempt.message}`);
  else log.info(line, 'SSO sign-in');
  await sql.query(`insert into sso_attempts (outcome, reason, message, email_masked) values ($1, $2, $3, $4)`, [
    attempt.outcome,
    attempt.reason,
    attempt.message,
    emailMasked,
  ]);
  await sql.query(
    `delete from sso_attempts where id <= (select id from sso_attempts order by id desc offset $1 limit 1)`,
    [ATTEMPTS_KEPT],
  );
}

export async function listAttempts(sql: Sql) {
  const rows = await sql.query<{
    at: Date;
    outcome: SsoAttempt['outcome'];
    reason: string;
    message: string;
    email_masked: string | null;
  }>(`select at, outcome, reason, message, email_masked from sso_attempts order by id desc limit $1`, [ATTEMPTS_SHOWN]);
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    outcome: r.outcome,
    reason: r.reason,
    message: r.message,
    emailMasked: r.email_masked,
  }));
}
