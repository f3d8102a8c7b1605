// Over 300 lines: the one writer of a person's status (docs/ARCHITECTURE.md): deciding, applying and recording a
// transition and the side effects it owes (invitations, notices, anonymisation) stay together so no second way exists.
import { erasePersonalData, erasureSummary } from '../../core/personalData';
import { writeCertificate } from './certificate';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import { takeLock } from '../../db/locks';
import * as audit from '../audit/audit';
import * as outbox from '../mail/outbox';
import { deactivationNoticeEmail } from '../mail/templates';
import { getSettings } from '../settings/settings';
import { publish, publishMany } from '../../core/events';
import { now } from '../../core/clock';
import type { Status } from '../../../common/domain';
import { applyEvent, expiryPending, InvalidTransition, type LifecycleEvent, type LifecycleState } from './lifecycle';
import { findUser, lastingOwnerCount, type UserRow } from './repo';

/** One lifecycle event for one locked person. */
export interface EventItem {
  user: UserRow;
  event: LifecycleEvent;
  /** schedule_invite: when the invitation goes out. */
  scheduleAt?: Date;
}

/** One step of a person's status, as status_history records it (`create`: the status a new person starts in). */
export interface StatusStep {
  userId: string;
  from: Status | null;
  to: Status;
  event: LifecycleEvent | 'create';
  scheduleAt?: Date;
}

/** The next state of one person, decided by the state machine, with the columns the event sets. */
export interface Decided {
  item: EventItem;
  next: LifecycleState;
  columns: Pick<UserRow, 'invited_at' | 'invite_scheduled_at' | 'confirmed_at'>;
}

/** The state machine's answer for one person (AppError invalid_transition when it refuses). */
export function decide(item: EventItem, at: Date): Decided {
  const { user, event } = item;
  let next: LifecycleState;
  try {
    next = applyEvent(stateOf(user), event);
  } catch (err) {
    if (err instanceof InvalidTransition)
      throw new AppError('invalid_transition', err.message, { from: err.from, event });
    throw err;
  }
  const columns = {
    invited_at: event === 'send_invite' ? at : user.invited_at,
    invite_scheduled_at: ['send_invite', 'cancel_invite', 'confirm'].includes(event)
      ? null
      : event === 'schedule_invite'
        ? (item.scheduleAt ?? null)
        : user.invite_scheduled_at,
    confirmed_at: event === 'confirm' ? at : user.confirmed_at,
  };
  return { item, next, columns };
}

export const stateOf = (u: Pick<UserRow, 'status' | 'status_before_deactivation' | 'status_before_expiry'>) => ({
  status: u.status,
  statusBeforeDeactivation: u.status_before_deactivation,
  statusBeforeExpiry: u.status_before_expiry,
});

export interface Applied {
  /** The people after their event, in the order given. */
  applied: UserRow[];
  /** With `partial`: the people the state machine or the last-Owner rule refused, and why; nothing was written for them. */
  refused: { user: UserRow; error: AppError }[];
}

/**
 * Applies lifecycle events to locked people, set-based: the state machine (lifecycle.ts) decides each
 * person's next status, then one UPDATE writes them all, one INSERT their history, and their audit entries and
 * `user.status_changed` events follow, in the caller's transaction. Other modules react to the events
 * (subscriptions.ts: group membership, sessions ended, invitation links issued or revoked); the mail and audit
 * entries below stay here. A refusal throws, or with `partial` leaves that person out and says why (imports,
 * sweeps). Every status change in Roster goes through here or through people/write.ts createPeople.
 */
export async function applyEvents(
  tx: Sql,
  actor: Actor,
  items: readonly EventItem[],
  opts: { partial?: boolean } = {},
): Promise<Applied> {
  const at = now();
  const decided: Decided[] = [];
  const refused: Applied['refused'] = [];
  for (const item of items) {
    try {
      const d = decide(item, at);
      if (['deactivate', 'expire', 'anonymise'].includes(item.event)) await assertNotLastOwner(tx, item.user);
      decided.push(d);
    } catch (err) {
      if (!opts.partial || !(err instanceof AppError)) throw err;
      refused.push({ user: item.user, error: err });
    }
  }
  if (!decided.length) return { applied: [], refused };
  const rows = await tx.query<UserRow>(
    `update users u set status = v.status, status_before_deactivation = v.before_deactivation, status_before_expiry = v.before_expiry,
       invited_at = v.invited_at::timestamptz, invite_scheduled_at = v.invite_scheduled_at::timestamptz,
       confirmed_at = v.confirmed_at::timestamptz, updated_at = now()
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       as v(id, status, before_deactivation, before_expiry, invited_at, invite_scheduled_at, confirmed_at)
     where u.id = v.id returning u.*`,
    [
      decided.map((d) => d.item.user.id),
      decided.map((d) => d.next.status),
      decided.map((d) => d.next.statusBeforeDeactivation),
      decided.map((d) => d.next.statusBeforeExpiry),
      ...(['invited_at', 'invite_scheduled_at', 'confirmed_at'] as const).map((c) =>
        decided.map((d) => (d.columns[c] ? new Date(d.columns[c]).toISOString() : null)),
      ),
    ],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const steps = decided.map((d) => ({
    userId: d.item.user.id,
    from: d.item.user.status,
    to: d.next.status,
    event: d.item.event,
    scheduleAt: d.item.scheduleAt,
  }));
  await recordSteps(tx, actor, steps);
  const applied: UserRow[] = [];
  for (const d of decided) applied.push(await afterEvent(tx, actor, d.item.event, byId.get(d.item.user.id)!));
  return { applied, refused };
}

/**
 * The one writer of status_history (test/architecture/writes.test.ts): each step's history row, the audit entry
 * of each status that changed, and `user.status_changed` for every step — `create` steps are announced by the
 * creator's `user.created` instead.
 */
export async function recordSteps(tx: Sql, actor: Actor, steps: readonly StatusStep[]): Promise<void> {
  if (!steps.length) return;
  await tx.query(
    `insert into status_history (user_id, from_status, to_status, event, actor_id)
     select user_id, from_status, to_status, event, $5 from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as h(user_id, from_status, to_status, event)`,
    [
      steps.map((s) => s.userId),
      steps.map((s) => s.from),
      steps.map((s) => s.to),
      steps.map((s) => s.event),
      actor.userId,
    ],
  );
  const changes = steps.filter((s): s is StatusStep & { event: LifecycleEvent } => s.event !== 'create');
  await audit.recordMany(
    tx,
    actor,
    changes
      .filter((s) => s.from !== s.to)
      .map((s) => ({
        action: 'user.status_changed' as const,
        targetType: 'user' as const,
        targetId: s.userId,
        before: { status: s.from },
        after: { status: s.to, event: s.event },
      })),
  );
  await publishMany(
    tx,
    actor,
    changes.map((s) => ({
      type: 'user.status_changed' as const,
      subjectId: s.userId,
      data: { from: s.from!, to: s.to, cause: s.event },
    })),
  );
  await audit.recordMany(
    tx,
    actor,
    changes.flatMap((s): audit.AuditEvent[] =>
      s.event === 'schedule_invite'
        ? [
            {
              action: 'invitation.scheduled' as const,
              targetType: 'user' as const,
              targetId: s.userId,
              after: { at: s.scheduleAt?.toISOString() },
            },
          ]
        : s.event === 'cancel_invite'
          ? [{ action: 'invitation.cancelled' as const, targetType: 'user' as const, targetId: s.userId }]
          : [],
    ),
  );
}

/** What an event does beyond the status, for one person after the set-based write. */
async function afterEvent(tx: Sql, actor: Actor, event: LifecycleEvent, updated: UserRow): Promise<UserRow> {
  switch (event) {
    case 'cancel_invite':
      await outbox.cancelQueuedFor(tx, updated.id);
      return updated;
    case 'deactivate':
      await outbox.cancelQueuedFor(tx, updated.id);
      await sendDeactivationNotice(tx, updated);
      return updated;
    case 'anonymise':
      return anonymise(tx, actor, updated);
    default:
      return updated; // reactivate, unexpire: nothing beyond the status: links stay revoked, an admin resends if needed
  }
}

/** One lifecycle event for one locked person (applyEvents with one item): throws when refused. */
export async function transition(
  tx: Sql,
  actor: Actor,
  user: UserRow,
  event: LifecycleEvent,
  opts: { scheduleAt?: Date } = {},
): Promise<UserRow> {
  const { applied } = await applyEvents(tx, actor, [{ user, event, scheduleAt: opts.scheduleAt }]);
  return applied[0]!;
}

/** send_invite for many locked users at once (the scheduled-invite sweep). */
export async function sendInvites(tx: Sql, actor: Actor, users: readonly UserRow[]): Promise<number> {
  const { applied } = await applyEvents(
    tx,
    actor,
    users.map((user) => ({ user, event: 'send_invite' as const })),
  );
  return applied.length;
}

/**
 * The deactivation notice (setting, off by default), queued after the person's other mail was cancelled.
 * A security mail, not a notification: it is about access to their account, so it reaches people on
 * a break too; the mail worker lets it through to a deactivated person (and drops it if they are
 * reactivated before it goes out).
 */
async function sendDeactivationNotice(tx: Sql, user: UserRow): Promise<void> {
  if (!user.email) return;
  const settings = await getSettings(tx);
  if (!settings.deactivationNotice) return;
  const mail = deactivationNoticeEmail({
    to: { firstName: user.first_name, language: user.language },
    org: settings,
  });
  await outbox.enqueueSecurityMail(tx, { userId: user.id, address: user.email }, 'deactivation_notice', mail);
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
  const subject = { id: user.id, emailNormalized: user.email_normalized };
  // The certificate's counts are taken before anything goes; it is written once the erasers have run.
  const removed = await erasureSummary(tx, subject);
  await erasePersonalData(tx, subject);
  await writeCertificate(tx, actor, user.id, removed, now());
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
  const event = expiryEvent(user, now());
  return event ? transition(tx, actor, user, event) : user;
}

/** The event that brings a person's status in line with their end date at `at`, if any (syncExpiry, the expiry sweep). */
export function expiryEvent(user: UserRow, at: Date): LifecycleEvent | null {
  const due = user.expires_at !== null && new Date(user.expires_at).getTime() <= at.getTime();
  if (due && expiryPending({ status: user.status, statusBeforeDeactivation: user.status_before_deactivation }))
    return 'expire';
  if (!due && user.status === 'expired') return 'unexpire';
  return null;
}
