import { erasePersonalData } from '../../core/personalData';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import { takeLock } from '../../db/locks';
import * as audit from '../audit/audit';
import * as outbox from '../mail/outbox';
import { deactivationNoticeEmail } from '../mail/templates';
import { getSettings } from '../settings/settings';
import { publish, publishMany } from '../../core/events';
import { applyEvent, expiryPending, InvalidTransition, type LifecycleEvent } from './lifecycle';
import { findUser, lastingOwnerCount, type UserRow } from './repo';

/**
 * Applies one lifecycle event to a locked user row: the state machine decides the next status,
 * this function writes it with its history and audit entry, and publishes `user.status_changed`, in the
 * caller's transaction. Other modules react to that event (subscriptions.ts: group membership, sessions
 * ended, invitation links issued or revoked); the mail and audit entries below stay here.
 */
export async function transition(
  tx: Sql,
  actor: Actor,
  user: UserRow,
  event: LifecycleEvent,
  opts: { scheduleAt?: Date } = {},
): Promise<UserRow> {
  let next;
  try {
    next = applyEvent(
      {
        status: user.status,
        statusBeforeDeactivation: user.status_before_deactivation,
        statusBeforeExpiry: user.status_before_expiry,
      },
      event,
    );
  } catch (err) {
    if (err instanceof InvalidTransition)
      throw new AppError('invalid_transition', err.message, { from: err.from, event });
    throw err;
  }
  if (['deactivate', 'expire', 'anonymise'].includes(event)) await assertNotLastOwner(tx, user);

  const extra: Record<string, unknown> = {};
  if (event === 'send_invite') Object.assign(extra, { invited_at: new Date(), invite_scheduled_at: null });
  if (event === 'schedule_invite') extra.invite_scheduled_at = opts.scheduleAt;
  if (event === 'cancel_invite') extra.invite_scheduled_at = null;
  if (event === 'confirm') Object.assign(extra, { confirmed_at: new Date(), invite_scheduled_at: null });

  const sets = ['status = $2', 'status_before_deactivation = $3', 'status_before_expiry = $4', 'updated_at = now()'];
  const params: unknown[] = [user.id, next.status, next.statusBeforeDeactivation, next.statusBeforeExpiry];
  for (const [col, value] of Object.entries(extra)) {
    params.push(value);
    sets.push(`${col} = $${params.length}`);
  }
  const [updated] = await tx.query<UserRow>(`update users set ${sets.join(', ')} where id = $1 returning *`, params);
  await tx.query(
    `insert into status_history (user_id, from_status, to_status, event, actor_id) values ($1, $2, $3, $4, $5)`,
    [user.id, user.status, next.status, event, actor.userId],
  );
  if (user.status !== next.status)
    await audit.record(tx, actor, {
      action: 'user.status_changed',
      targetType: 'user',
      targetId: user.id,
      before: { status: user.status },
      after: { status: next.status, event },
    });
  await publish(tx, actor, {
    type: 'user.status_changed',
    subjectId: user.id,
    data: { from: user.status, to: next.status, cause: event },
  });

  switch (event) {
    case 'schedule_invite':
      await audit.record(tx, actor, {
        action: 'invitation.scheduled',
        targetType: 'user',
        targetId: user.id,
        after: { at: opts.scheduleAt?.toISOString() },
      });
      break;
    case 'cancel_invite':
      await outbox.cancelQueuedFor(tx, user.id);
      await audit.record(tx, actor, { action: 'invitation.cancelled', targetType: 'user', targetId: user.id });
      break;
    case 'deactivate':
      await outbox.cancelQueuedFor(tx, user.id);
      await sendDeactivationNotice(tx, updated!);
      break;
    case 'anonymise':
      return anonymise(tx, actor, updated!);
    default:
      break; // reactivate, unexpire: nothing beyond the status: links stay revoked, an admin resends if needed
  }
  return updated!;
}

/**
 * send_invite for many locked users at once (the scheduled-invite sweep): the same effects as
 * transition() — status, history, audit, the events (whose subscribers refresh group membership and
 * issue a fresh invitation with its email) — in a few set-based statements instead of a dozen per person.
 */
export async function sendInvites(tx: Sql, actor: Actor, users: readonly UserRow[]): Promise<number> {
  if (!users.length) return 0;
  const next = users.map((u) => {
    try {
      return applyEvent(
        {
          status: u.status,
          statusBeforeDeactivation: u.status_before_deactivation,
          statusBeforeExpiry: u.status_before_expiry,
        },
        'send_invite',
      );
    } catch (err) {
      if (err instanceof InvalidTransition)
        throw new AppError('invalid_transition', err.message, { from: err.from, event: 'send_invite' });
      throw err;
    }
  });
  const ids = users.map((u) => u.id);
  const updated = await tx.query<UserRow>(
    `update users u set status = v.status, status_before_deactivation = v.before_deactivation, status_before_expiry = v.before_expiry,
       invited_at = now(), invite_scheduled_at = null, updated_at = now()
     from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as v(id, status, before_deactivation, before_expiry)
     where u.id = v.id returning u.*`,
    [
      ids,
      next.map((n) => n.status),
      next.map((n) => n.statusBeforeDeactivation),
      next.map((n) => n.statusBeforeExpiry),
    ],
  );
  await tx.query(
    `insert into status_history (user_id, from_status, to_status, event, actor_id)
     select user_id, from_status, to_status, 'send_invite', $4 from unnest($1::text[], $2::text[], $3::text[]) as h(user_id, from_status, to_status)`,
    [ids, users.map((u) => u.status), next.map((n) => n.status), actor.userId],
  );
  await audit.recordMany(
    tx,
    actor,
    users.flatMap((user, k) =>
      user.status === next[k]!.status
        ? []
        : [
            {
              action: 'user.status_changed' as const,
              targetType: 'user' as const,
              targetId: user.id,
              before: { status: user.status },
              after: { status: next[k]!.status, event: 'send_invite' },
            },
          ],
    ),
  );
  await publishMany(
    tx,
    actor,
    users.map((u, k) => ({
      type: 'user.status_changed' as const,
      subjectId: u.id,
      data: { from: u.status, to: next[k]!.status, cause: 'send_invite' },
    })),
  );
  return updated.length;
}

/**
 * The deactivation notice (setting, off by default), queued after the person's other mail was cancelled.
 * A security mail, not a notification: it is about access to their account, so it reaches people on
 * a break too; the mail worker lets it through to a deactivated person (and drops it if they are
 * reactivated before it goes out).
 */
async function sendDeactivationNotice(tx: Sql, user: UserRow): Promise<void> {
  if (!user.email) return;
  const { deactivationNotice, organisationName } = await getSettings(tx);
  if (!deactivationNotice) return;
  const mail = deactivationNoticeEmail({
    to: { firstName: user.first_name, language: user.language },
    org: organisationName,
  });
  await outbox.enqueue(tx, {
    userId: user.id,
    to: user.email,
    kind: 'deactivation_notice',
    category: 'security',
    ...mail,
  });
}

/**
 * Called before an Owner stops being a lasting one (deactivated, expired, anonymised, deleted, given
 * another role, or given an end date): another confirmed Owner without an end date must remain, so
 * that someone can sign in as an Owner now and after every end date that is set.
 */
export async function assertNotLastOwner(tx: Sql, user: Pick<UserRow, 'id' | 'role'>): Promise<void> {
  if (user.role !== 'owner') return;
  // Serialises changes to owners until commit: two owners removing each other at once must not both succeed.
  await takeLock(tx, 'owners');
  if ((await lastingOwnerCount(tx, user.id)) === 0)
    throw new AppError(
      'last_owner',
      'No other Owner would keep access (confirmed and without an end date): make someone else an Owner first, or clear their end date.',
    );
}

/**
 * GDPR anonymisation: every module erases what it holds about the person (the personal-data registry,
 * docs/decisions/015-personal-data-registry.md): the user row keeps only an opaque pseudonym so activity
 * records still count; audit entries stay without personal values.
 */
async function anonymise(tx: Sql, actor: Actor, user: UserRow): Promise<UserRow> {
  await erasePersonalData(tx, { id: user.id, emailNormalized: user.email_normalized });
  const row = (await findUser(tx, user.id))!;
  await audit.record(tx, actor, {
    action: 'user.anonymised',
    targetType: 'user',
    targetId: user.id,
    after: { pseudonym: row.pseudonym },
  });
  // Group membership follows (groups/subscriptions.ts): their values and manager are gone.
  await publish(tx, actor, { type: 'user.anonymised', subjectId: user.id, data: {} });
  return row;
}

/** Loads and locks a user for a change; deleted users do not exist for this purpose. */
export async function lockUser(tx: Sql, id: string): Promise<UserRow | null> {
  return findUser(tx, id, { forUpdate: true });
}

/**
 * Brings the status in line with expiresAt: a passed date expires the user now (not only when
 * the job runs); a cleared or future date puts back the status they had before.
 */
export async function syncExpiry(tx: Sql, actor: Actor, user: UserRow): Promise<UserRow> {
  const due = user.expires_at !== null && new Date(user.expires_at).getTime() <= Date.now();
  if (due && expiryPending({ status: user.status, statusBeforeDeactivation: user.status_before_deactivation }))
    return transition(tx, actor, user, 'expire');
  if (!due && user.status === 'expired') return transition(tx, actor, user, 'unexpire');
  return user;
}
