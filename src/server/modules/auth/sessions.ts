import type { Sql } from '../../db/index';
import { newSecret, sha256 } from '../../http/tokens';
import { SESSION_LIFETIMES_SQL } from '../settings/settings';

export const SESSION_COOKIE = 'roster_session';
/** How long the "return to my account" cookie of a login-as keeps the impersonator's own session. */
export const SESSION_IDLE_MS = 12 * 3600_000;

export interface SessionRecord {
  userId: string;
  csrfToken: string;
  impersonatorId: string | null;
}

/** A "login as" session ends after this, whatever happens in it. */
export const IMPERSONATION_MS = 30 * 60_000;
/** Holds the impersonator's own session while they act as someone else. */
export const RETURN_COOKIE = 'roster_return';

export async function createSession(tx: Sql, userId: string, impersonatorId: string | null = null) {
  const token = newSecret();
  const csrfToken = newSecret();
  // An ordinary session first ends after the organisation's idle lifetime; http/auth.ts slides it on use.
  await tx.query(
    `insert into sessions (id_hash, user_id, csrf_token, impersonator_id, expires_at)
     select $1, $2, $3, $4, coalesce($5, now() + least(make_interval(mins => l.idle_minutes), make_interval(hours => l.absolute_hours)))
       from ${SESSION_LIFETIMES_SQL} l`,
    [sha256(token), userId, csrfToken, impersonatorId, impersonatorId ? new Date(Date.now() + IMPERSONATION_MS) : null],
  );
  return { token, csrfToken };
}

/** Ends every session of a user at once (deactivation, expiry, deletion, password change). */
export async function endSessionsOf(tx: Sql, userId: string, exceptTokenHash?: string): Promise<void> {
  await tx.query(`delete from sessions where (user_id = $1 or impersonator_id = $1) and id_hash <> coalesce($2, '')`, [userId, exceptTokenHash ?? null]);
}

export async function endSession(sql: Sql, token: string): Promise<void> {
  await sql.query(`delete from sessions where id_hash = $1`, [sha256(token)]);
}
