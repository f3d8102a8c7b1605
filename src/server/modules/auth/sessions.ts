import type { Sql } from '../../db/index';
import { newSecret, sha256 } from '../../http/tokens';

export const SESSION_COOKIE = 'roster_session';
/** Sessions slide: each use extends them up to this idle lifetime. */
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
  await tx.query(
    `insert into sessions (id_hash, user_id, csrf_token, impersonator_id, expires_at) values ($1, $2, $3, $4, $5)`,
    [sha256(token), userId, csrfToken, impersonatorId, new Date(Date.now() + (impersonatorId ? IMPERSONATION_MS : SESSION_IDLE_MS))],
  );
  // Every way in (password, SSO, invitation, sign-up) ends here: the one place a sign-in is recorded.
  // "Login as" is the impersonator acting, not the person signing in.
  if (!impersonatorId) await tx.query(`update users set last_sign_in_at = now(), last_activity_at = now() where id = $1`, [userId]);
  return { token, csrfToken };
}

/** A session is "seen" (and its user active) at most once a minute; below that a request writes nothing. */
export const SESSION_TOUCH_MS = 60_000;

/**
 * Slides a session and moves its user's lastActivityAt, in one statement that writes only when the
 * session was last seen over a minute ago: concurrent requests that all read an old last_seen_at still
 * make one write between them. A "login as" session keeps its fixed end and is not the user's activity.
 */
export async function touchSession(sql: Sql, tokenHash: string): Promise<void> {
  await sql.query(
    `with touched as (
       update sessions set last_seen_at = now(), expires_at = $2
        where id_hash = $1 and impersonator_id is null and last_seen_at < now() - make_interval(secs => $3)
       returning user_id)
     update users set last_activity_at = now() from touched where users.id = touched.user_id`,
    [tokenHash, new Date(Date.now() + SESSION_IDLE_MS), SESSION_TOUCH_MS / 1000],
  );
}

/** Ends every session of a user at once (deactivation, expiry, deletion, password change). */
export async function endSessionsOf(tx: Sql, userId: string, exceptTokenHash?: string): Promise<void> {
  await tx.query(`delete from sessions where (user_id = $1 or impersonator_id = $1) and id_hash <> coalesce($2, '')`, [userId, exceptTokenHash ?? null]);
}

export async function endSession(sql: Sql, token: string): Promise<void> {
  await sql.query(`delete from sessions where id_hash = $1`, [sha256(token)]);
}
