import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, forbidden, notFound } from '../../core/errors';
import { sha256 } from '../../core/crypto';
import * as audit from '../audit/audit';
import { assertCanActOn, assertMayAffectCredentials, assertNotSelf } from '../access/policy';
import { findUser } from '../people/repo';
import { createSession, IMPERSONATION_MS } from '../sessions/sessions';

/**
 * "Login as": an Owner or Admin opens a 30-minute session as a confirmed user who is not an Owner.
 * The session carries both identities, so every action in it is audited with both; it cannot
 * itself impersonate, and cannot act on the account that opened it (see policy.assertCanActOn).
 */
export async function startImpersonation(tx: Sql, actor: Actor, targetId: string) {
  if (actor.type !== 'user') throw forbidden('Login as needs a signed-in person, not an API token.');
  if (actor.impersonatorId) throw forbidden('You are already signed in as someone else. Return to your account first.');
  const target = await findUser(tx, targetId);
  if (!target) throw notFound('User');
  await assertCanActOn(tx, actor, target, 'people.impersonate');
  assertNotSelf(actor, target.id, 'log in as yourself');
  if (target.role === 'owner') throw forbidden('Owners cannot be impersonated.');
  assertMayAffectCredentials(actor, target, 'impersonate');
  if (target.status !== 'confirmed' || (target.expires_at && new Date(target.expires_at).getTime() <= Date.now()))
    throw new AppError(
      'invalid_transition',
      `You can only log in as a confirmed user (this user is "${target.status}").`,
    );
  const session = await createSession(tx, target.id, actor.userId);
  await audit.record(tx, actor, {
    action: 'impersonation.started',
    targetType: 'user',
    targetId: target.id,
    after: { endsAt: new Date(Date.now() + IMPERSONATION_MS).toISOString() },
  });
  return { ...session, target };
}

/** Ends a "login as" session; returns the impersonator's own session if it is still valid. */
export async function stopImpersonation(tx: Sql, actor: Actor, sessionHash: string, returnToken: string | undefined) {
  if (!actor.impersonatorId) throw new AppError('forbidden', 'You are not signed in as someone else.');
  await tx.query(`delete from sessions where id_hash = $1`, [sessionHash]);
  await audit.record(tx, actor, { action: 'impersonation.ended', targetType: 'user', targetId: actor.userId });
  return resumeOwnSession(tx, returnToken, actor.impersonatorId);
}

/** The impersonator's own session kept in the return cookie, if it is still valid (also after the 30 minutes ran out). */
export async function resumeOwnSession(sql: Sql, returnToken: string | undefined, userId?: string) {
  if (!returnToken) return null;
  const rows = await sql.query<{ csrf_token: string; user_id: string }>(
    `select csrf_token, user_id from sessions
      where id_hash = $1 and impersonator_id is null and expires_at > now() and ($2::text is null or user_id = $2)`,
    [sha256(returnToken), userId ?? null],
  );
  return rows[0] ? { token: returnToken, csrfToken: rows[0].csrf_token, userId: rows[0].user_id } : null;
}
