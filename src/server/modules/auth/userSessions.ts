import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { notFound } from '../../core/errors';
import * as audit from '../audit/audit';
import { assertCanActOn, assertMayAffectCredentials } from '../access/policy';
import { findUser, type UserRow } from '../people/repo';
import { endSessionsOf, listSessionsOf, type SessionListItem } from '../sessions/sessions';

/**
 * Someone else's sessions: for people with the lifecycle right over them who are above them on the
 * role ladder (policy.ts). One's own sessions are seen and ended through /me/sessions.
 */
async function loadSessionOwner(sql: Sql, actor: Actor, userId: string, forUpdate = false): Promise<UserRow> {
  const user = await findUser(sql, userId, { forUpdate });
  if (!user) throw notFound('User');
  await assertCanActOn(sql, actor, user, 'people.lifecycle');
  assertMayAffectCredentials(actor, user, 'end_sessions');
  return user;
}

export async function listSessionsFor(sql: Sql, actor: Actor, userId: string): Promise<SessionListItem[]> {
  await loadSessionOwner(sql, actor, userId);
  return listSessionsOf(sql, userId, null);
}

/** Ends every session of the person (and the "login as" sessions they opened); audited with the number ended. */
export async function endSessionsFor(tx: Sql, actor: Actor, userId: string): Promise<number> {
  const user = await loadSessionOwner(tx, actor, userId, true);
  const ended = await endSessionsOf(tx, user.id);
  await audit.record(tx, actor, {
    action: 'user.sessions_ended',
    targetType: 'user',
    targetId: user.id,
    after: { sessions: ended },
  });
  return ended;
}

/** Ends one of the caller's own sessions (any of them, the current one included). */
export async function endOwnSession(tx: Sql, actor: Actor, sessionId: string): Promise<void> {
  const rows = await tx.query(`delete from sessions where id = $1 and user_id = $2 returning 1`, [
    sessionId,
    actor.userId,
  ]);
  if (!rows.length) throw notFound('Session');
  await audit.record(tx, actor, { action: 'session.ended', targetType: 'user', targetId: actor.userId });
}
