import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, notFound } from '../../core/errors';
import { newSecret, sha256 } from '../../core/crypto';
import * as audit from '../audit/audit';
import * as outbox from '../mail/outbox';
import { setPublicUrl as setMailPublicUrl } from '../mail/links';
import { invitationEmail } from '../mail/templates';
import { getSettings } from '../settings/settings';
import type { UserRow } from '../people/repo';
import { INVITABLE_STATUSES, isStatusIn, type Status } from '../../../common/domain';

/** Where links in emails point; set once at start-up from PUBLIC_URL (kept here for existing callers). */
export function setPublicUrl(url: string) {
  setMailPublicUrl(url);
}

/**
 * Issues a fresh invitation: every earlier link of this user stops working, a new single-use
 * token is created (only its hash is stored) and the email is queued in the same transaction.
 * The caller has already applied the lifecycle transition.
 */
export async function issue(tx: Sql, actor: Actor, user: UserRow): Promise<{ invitationId: string; token: string }> {
  return (await issueMany(tx, actor, [user]))[0]!;
}

/**
 * issue() for many users in a few set-based statements (the scheduled-invite sweep sends thousands at
 * once): earlier links revoked, invitations inserted, emails queued and one audit entry per user written,
 * each in one statement. Results are in the order of `users`.
 */
export async function issueMany(
  tx: Sql,
  actor: Actor,
  users: readonly Pick<UserRow, 'id' | 'email' | 'first_name' | 'language'>[],
): Promise<{ invitationId: string; token: string }[]> {
  if (!users.length) return [];
  const ids = users.map((u) => u.id);
  const superseded = new Set(
    (
      await tx.query<{ user_id: string }>(
        `update invitations set state = 'revoked', revoked_reason = 'superseded',
           delivery = case when delivery = 'queued' then 'cancelled' else delivery end
         where user_id = any($1::text[]) and state = 'active' returning user_id`,
        [ids],
      )
    ).map((r) => r.user_id),
  );
  const settings = await getSettings(tx);
  const { invitationExpiryDays } = settings;
  const expiresAt = new Date(Date.now() + invitationExpiryDays * 86_400_000);
  const issued = users.map(() => ({ invitationId: randomUUID(), token: newSecret() }));
  await tx.query(
    `insert into invitations (id, user_id, token_hash, sent_by, expires_at)
     select id, user_id, token_hash, $4, $5 from unnest($1::text[], $2::text[], $3::text[]) as i(id, user_id, token_hash)`,
    [issued.map((i) => i.invitationId), ids, issued.map((i) => sha256(i.token)), actor.userId, expiresAt],
  );
  await outbox.enqueueMany(
    tx,
    users.map((user, k) => ({
      ...invitationEmail({
        to: { firstName: user.first_name, language: user.language },
        org: settings,
        token: issued[k]!.token,
        expiresAt,
        reminder: superseded.has(user.id),
      }),
      userId: user.id,
      to: user.email!,
      kind: 'invitation',
      category: 'invitation' as const,
      invitationId: issued[k]!.invitationId,
    })),
  );
  await audit.recordMany(
    tx,
    actor,
    users.map((user, k) => ({
      action: 'invitation.sent' as const,
      targetType: 'user' as const,
      targetId: user.id,
      after: { invitationId: issued[k]!.invitationId, expiresAt: expiresAt.toISOString() },
    })),
  );
  return issued;
}

/** Makes every still-active link of the user unusable and cancels their undelivered emails; returns how many. */
export async function revokeAll(tx: Sql, userId: string, reason: string): Promise<number> {
  return revokeAllOf(tx, [userId], reason);
}

/** revokeAll for many users in one statement. */
export async function revokeAllOf(tx: Sql, userIds: readonly string[], reason: string): Promise<number> {
  const rows = await tx.query(
    `update invitations set state = 'revoked', revoked_reason = $2,
       delivery = case when delivery = 'queued' then 'cancelled' else delivery end
     where user_id = any($1::text[]) and state = 'active' returning id`,
    [userIds, reason],
  );
  return rows.length;
}

export interface InvitationLookup {
  invitationId: string;
  userId: string;
}

/** Resolves a token to its invitation, or throws the reason it cannot be used. */
export async function resolveToken(sql: Sql, token: string, forUpdate = false): Promise<InvitationLookup> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound('Invitation');
  const rows = await sql.query<{
    id: string;
    user_id: string;
    state: string;
    expires_at: Date;
    status: string;
    deleted_at: Date | null;
  }>(
    `select i.id, i.user_id, i.state, i.expires_at, u.status, u.deleted_at
       from invitations i join users u on u.id = i.user_id
      where i.token_hash = $1 ${forUpdate ? 'for update of i, u' : ''}`,
    [sha256(token)],
  );
  const inv = rows[0];
  if (!inv || inv.deleted_at) throw notFound('Invitation');
  if (inv.state === 'used' || inv.status === 'confirmed')
    throw new AppError(
      'invitation_used',
      'This invitation has already been used. Sign in with your email and password.',
    );
  if (inv.state === 'revoked' || !isStatusIn(INVITABLE_STATUSES, inv.status as Status))
    throw new AppError(
      'invitation_revoked',
      inv.status === 'deactivated' || inv.status === 'expired'
        ? 'This invitation is no longer valid because the account is not active. Contact your administrator.'
        : 'This invitation link has been replaced by a newer one. Use the link in the most recent email.',
    );
  if (new Date(inv.expires_at).getTime() <= Date.now())
    throw new AppError('invitation_expired', 'This invitation has expired. Ask your administrator to send a new one.');
  return { invitationId: inv.id, userId: inv.user_id };
}

export async function markUsed(tx: Sql, invitationId: string): Promise<void> {
  await tx.query(`update invitations set state = 'used', used_at = now() where id = $1`, [invitationId]);
}

export async function historyFor(sql: Sql, userId: string) {
  const rows = await sql.query(
    `select id, created_at, expires_at, state, revoked_reason, used_at, delivery, delivery_error, delivered_at, sent_by
       from invitations where user_id = $1 order by created_at desc`,
    [userId],
  );
  return rows.map((r: any) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    state: r.state,
    revokedReason: r.revoked_reason,
    usedAt: r.used_at?.toISOString() ?? null,
    delivery: r.delivery,
    deliveryError: r.delivery_error,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    sentBy: r.sent_by,
  }));
}
