import type { Sql } from '../../db/index';
import { newSecret, sha256 } from '../../core/crypto';
import { now } from '../../core/clock';
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

/** Every way in ends here (password, invitation, sign-up, SSO, login as); a session of one's own marks the account as used. */
export async function createSession(tx: Sql, userId: string, impersonatorId: string | null = null) {
  const token = newSecret();
  const csrfToken = newSecret();
  // An ordinary session first ends after the organisation's idle lifetime; http/auth.ts slides it on use.
  await tx.query(
    `insert into sessions (id_hash, user_id, csrf_token, impersonator_id, expires_at)
     select $1, $2, $3, $4, coalesce($5, $6::timestamptz + least(make_interval(mins => l.idle_minutes), make_interval(hours => l.absolute_hours)))
       from ${SESSION_LIFETIMES_SQL} l`,
    [
      sha256(token),
      userId,
      csrfToken,
      impersonatorId,
      impersonatorId ? new Date(Date.now() + IMPERSONATION_MS) : null,
      now(),
    ],
  );
  // Every way in (password, SSO, invitation, sign-up) ends here: the one place a sign-in is recorded.
  // "Login as" is the impersonator acting, not the person signing in.
  if (!impersonatorId)
    await tx.query(`update users set last_sign_in_at = now(), last_activity_at = now() where id = $1`, [userId]);
  return { token, csrfToken };
}

/** A session is "seen" (and its user active) at most once a minute; below that a request writes nothing. */
export const SESSION_TOUCH_MS = 60_000;

/**
 * Slides a session within the organisation's idle and absolute lifetimes, records where it was used from
 * (what the person sees in their list of sessions) and moves its user's lastActivityAt — in one statement
 * that writes only when the session was last seen over a minute ago (`stale`; or has no address yet, which
 * is not activity), so concurrent requests make one write between them. A "login as" session keeps its fixed end and is not the user's activity.
 */
export async function touchSession(
  sql: Sql,
  tokenHash: string,
  seen: { idleMinutes: number; absoluteHours: number; ip: string; userAgent: string | null; stale: boolean },
): Promise<void> {
  await sql.query(
    `with touched as (
       update sessions set last_seen_at = $8, ip = $4, user_agent = $5,
              expires_at = case when impersonator_id is null
                                then least($8::timestamptz + make_interval(mins => $2), created_at + make_interval(hours => $3))
                                else expires_at end
        where id_hash = $1 and (ip is null or last_seen_at < $8::timestamptz - make_interval(secs => $6))
       returning user_id, impersonator_id)
     update users set last_activity_at = $8 from touched
      where users.id = touched.user_id and touched.impersonator_id is null and $7::boolean`,
    [
      tokenHash,
      seen.idleMinutes,
      seen.absoluteHours,
      seen.ip,
      seen.userAgent,
      SESSION_TOUCH_MS / 1000,
      seen.stale,
      now(),
    ],
  );
}

/** Ends every session of a user at once (deactivation, expiry, deletion, password change); returns how many. */
export async function endSessionsOf(tx: Sql, userId: string, exceptTokenHash?: string): Promise<number> {
  const rows = await tx.query(
    `delete from sessions where (user_id = $1 or impersonator_id = $1) and id_hash <> coalesce($2, '') returning 1`,
    [userId, exceptTokenHash ?? null],
  );
  return rows.length;
}

export interface SessionListItem {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  /** The session this request comes from. */
  current: boolean;
  /** Opened by an administrator with "login as". */
  loginAs: boolean;
}

/** The live sessions of a user, newest use first. */
export async function listSessionsOf(sql: Sql, userId: string, currentHash: string | null): Promise<SessionListItem[]> {
  const rows = await sql.query<{
    id: string;
    id_hash: string;
    created_at: Date;
    last_seen_at: Date;
    expires_at: Date;
    ip: string | null;
    user_agent: string | null;
    impersonator_id: string | null;
  }>(
    `select id, id_hash, created_at, last_seen_at, expires_at, ip, user_agent, impersonator_id from sessions
      where user_id = $1 and expires_at > now() order by last_seen_at desc, id`,
    [userId],
  );
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id_hash === currentHash,
    loginAs: r.impersonator_id !== null,
  }));
}

export async function endSession(sql: Sql, token: string): Promise<void> {
  await sql.query(`delete from sessions where id_hash = $1`, [sha256(token)]);
}
