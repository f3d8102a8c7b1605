// Over 300 lines: the people use cases (create, update, delete, restore, bulk, actions) share their guards; bulk is the first candidate to move out when the bulk-actions job lands.
import { isBelow } from '../people/hierarchy';
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Sql } from '../../db/index';
import { constraintName, pgErrorCode } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, invalid, notFound } from '../../core/errors';
import { publish } from '../../core/events';
import * as audit from '../audit/audit';
import {
  assertCan,
  assertCanActOn,
  assertCreateWithinLimit,
  assertMayCreatePeople,
  assertMayAffectCredentials,
  assertMayAssignRole,
  assertNotLoginAs,
  assertNotSelf,
  can,
  canSee,
  type Ability,
} from '../access/policy';
import { endSessionsOf } from '../sessions/sessions';
import * as customFields from '../customFields/customFields';
import * as invitations from '../invitations/invitations';
import * as outbox from '../mail/outbox';
import * as groups from '../groups/membership';
import { addToTeamsOnCreate } from '../teams/members';
import { findByEmail, findUser, type UserRow } from '../people/repo';
import { FIELD_COLUMNS, hrManagedRefusals, type ProfileField } from '../people/fields';
import { createPeople, updatePeople } from '../people/write';
import { normalizeEmail } from '../people/email';
import { assertStrongPassword } from '../people/password';
import type { CreateUserInput, UpdateUserInput } from '../people/schemas';
import type { LifecycleAction } from '../../../common/contract/actions';
import { assertNotLastOwner, lockUser, syncExpiry, transition } from '../people/transitions';
import { canApply } from '../people/lifecycle';
import type { HandOverPlan } from '../../../common/contract/handOver';
import { applyHandOver } from './handOver';

/** Loads and locks a user the actor may act on with `ability`: 404 outside their scope, 403 without the right. */
export async function loadForChange(tx: Sql, actor: Actor, id: string, ability: Ability): Promise<UserRow> {
  const user = await lockUser(tx, id);
  if (!user) throw notFound('User');
  await assertCanActOn(tx, actor, user, ability);
  return user;
}

export async function createUser(tx: Sql, actor: Actor, input: CreateUserInput): Promise<UserRow> {
  assertMayCreatePeople(actor);
  if (input.role !== 'learner') assertMayAssignRole(actor, null, input.role);
  await assertEmailFree(tx, actor, input.email);
  if (input.managerId) await assertValidManager(tx, actor, null, input.managerId);
  const fields = await customFields.listFields(tx);
  const cf = input.customFields ? stripNulls(customFields.validateValues(fields, input.customFields)) : {};
  const inviteAt = input.invite === 'scheduled' ? new Date(input.inviteAt!) : null;
  if (inviteAt && inviteAt.getTime() <= Date.now())
    throw invalid('The invitation time must be in the future.', [{ field: 'inviteAt' }]);
  if (input.onBreak) throw invalid('Only confirmed users can take a break.', [{ field: 'onBreak' }]);

  const id = randomUUID();
  const columns: Record<string, unknown> = {
    email: input.email,
    email_normalized: normalizeEmail(input.email),
    custom_fields: JSON.stringify(cf),
    // The creator may invite this account, or give it a first password, until it is first used (policy.ts).
    created_by: actor.userId,
  };
  for (const [field, col] of Object.entries(FIELD_COLUMNS)) {
    const value = (input as any)[field];
    if (value !== undefined) columns[col] = value;
  }
  let user: UserRow;
  try {
    [user] = (await createPeople(tx, actor, [{ id, columns }])) as [UserRow];
  } catch (err) {
    throw uniqueViolationToError(err);
  }
  await customFields.syncUniqueValues(tx, fields, id, cf);
  if (input.teamIds?.length) await addToTeamsOnCreate(tx, actor, id, input.teamIds);
  await groups.refreshFor(tx, [id], 'user_created');
  await assertCreateWithinLimit(tx, actor, user);
  if (input.invite === 'now') user = await transition(tx, actor, user, 'send_invite');
  if (inviteAt) user = await transition(tx, actor, user, 'schedule_invite', { scheduleAt: inviteAt });
  return syncExpiry(tx, actor, user);
}

export async function updateUser(tx: Sql, actor: Actor, id: string, patch: UpdateUserInput): Promise<UserRow> {
  const user = await loadForChange(tx, actor, id, 'people.edit');
  if (user.status === 'anonymised') throw new AppError('invalid_transition', 'An anonymised user cannot be edited.');
  const changes: Record<string, unknown> = {};
  for (const [field, col] of Object.entries(FIELD_COLUMNS) as [ProfileField, string][]) {
    if (patch[field] !== undefined) changes[col] = patch[field];
  }
  if ('role' in changes && changes.role !== user.role) {
    assertMayAssignRole(actor, user, patch.role!);
    if (user.role === 'owner') await assertNotLastOwner(tx, user);
  } else delete changes.role;
  if ('expires_at' in changes) {
    await assertCanActOn(tx, actor, user, 'people.lifecycle');
    assertNotSelf(actor, user.id, 'change your own expiry date');
    // An Owner with an end date is no lasting Owner: someone else must remain one.
    if (changes.expires_at !== null) await assertNotLastOwner(tx, user);
  }
  if (patch.managerId) await assertValidManager(tx, actor, user.id, patch.managerId);
  if (patch.onBreak === true && user.status !== 'confirmed')
    throw invalid('Only confirmed users can take a break.', [{ field: 'onBreak' }]);
  if (patch.onBreak === false) changes.break_until = null;
  if (patch.email !== undefined && normalizeEmail(patch.email) !== user.email_normalized) {
    assertMayAffectCredentials(actor, user, 'email');
    assertNotLoginAs(actor, 'change an email address');
    await assertEmailFree(tx, actor, patch.email);
    changes.email = patch.email;
    changes.email_normalized = normalizeEmail(patch.email);
  }
  const fields = await customFields.listFields(tx);
  if (patch.customFields) {
    const values = customFields.validateValues(fields, patch.customFields);
    await customFields.syncUniqueValues(tx, fields, id, values);
    changes.custom_fields = JSON.stringify(stripNulls({ ...user.custom_fields, ...values }));
  }
  return applyChanges(tx, actor, user, changes);
}

/** Writes column changes, audits the difference, and keeps status in step with expiresAt. */
export async function applyChanges(
  tx: Sql,
  actor: Actor,
  user: UserRow,
  changes: Record<string, unknown>,
): Promise<UserRow> {
  if (Object.keys(changes).length === 0) return user;
  assertNotHrManaged(actor, user, changes);
  let updated: UserRow;
  try {
    [updated] = (await updatePeople(tx, actor, [{ user, columns: changes }])) as [UserRow];
  } catch (err) {
    throw uniqueViolationToError(err);
  }
  if ('email_normalized' in changes && updated.email_normalized !== user.email_normalized)
    await revokeMailedLinks(tx, [user.id]);
  // A new manager changes the reporting line of everyone below this user too.
  const moved = 'manager_id' in changes ? await groups.reportsOf(tx, [user.id]) : [];
  await groups.refreshFor(tx, [user.id, ...moved], 'user_updated');
  return syncExpiry(tx, actor, updated);
}

/**
 * A new sign-in address makes the links mailed to the old one useless: outstanding invitations and
 * password resets are revoked, whichever path changed the address (PATCH /users, /me, imports, SCIM).
 */
export async function revokeMailedLinks(tx: Sql, userIds: string[]): Promise<void> {
  for (const id of userIds) await invitations.revokeAll(tx, id, 'email_changed');
  await tx.query(`delete from password_resets where user_id = any($1::text[]) and used_at is null`, [userIds]);
}

const ACTION_ABILITY: Record<Exclude<LifecycleAction, 'restore'>, Ability> = {
  invite: 'people.invite',
  cancel_invite: 'people.invite',
  deactivate: 'people.lifecycle',
  reactivate: 'people.lifecycle',
  anonymise: 'people.delete',
  set_password: 'people.lifecycle',
  learning_activity: 'people.edit',
};

/** The lifecycle actions of `POST /users/{id}/{action}`. */
export async function performAction(
  tx: Sql,
  actor: Actor,
  id: string,
  action: LifecycleAction,
  body: { at?: string; password?: string; handOver?: HandOverPlan },
) {
  if (action === 'restore') return restoreUser(tx, actor, id);
  const user = await loadForChange(tx, actor, id, ACTION_ABILITY[action]);
  switch (action) {
    case 'invite': {
      assertMayAffectCredentials(actor, user, 'invite');
      if (!body.at) return transition(tx, actor, user, 'send_invite');
      const at = new Date(body.at);
      if (at.getTime() <= Date.now()) throw invalid('The invitation time must be in the future.', [{ field: 'at' }]);
      return transition(tx, actor, user, 'schedule_invite', { scheduleAt: at });
    }
    case 'cancel_invite':
      return transition(tx, actor, user, 'cancel_invite');
    case 'deactivate':
      assertNotSelf(actor, user.id);
      if (body.handOver) await applyHandOver(tx, actor, user, body.handOver);
      return transition(tx, actor, user, action);
    case 'reactivate':
      assertNotSelf(actor, user.id);
      // Someone deactivated while expired comes back expired, or confirmed if their date was cleared meanwhile.
      return syncExpiry(tx, actor, await reactivate(tx, actor, user));
    case 'anonymise':
      assertNotSelf(actor, user.id);
      return transition(tx, actor, user, 'anonymise');
    case 'set_password':
      assertNotSelf(actor, user.id, 'set your own password here; use your profile');
      assertMayAffectCredentials(actor, user, 'password');
      assertNotLoginAs(actor, 'set a password');
      return setPassword(tx, actor, user, body.password ?? '');
    case 'learning_activity':
      return recordLearningActivity(tx, actor, user, body.at ? new Date(body.at) : new Date());
  }
}

/** An administrator sets a password: the user is confirmed if they were not yet. */
async function setPassword(tx: Sql, actor: Actor, user: UserRow, password: string): Promise<UserRow> {
  if (user.status !== 'confirmed' && !canApply(user, 'confirm'))
    throw new AppError('invalid_transition', `A user whose status is "${user.status}" cannot be given a password.`);
  const updated = await storePassword(tx, user, password, { actor });
  await audit.record(tx, actor, { action: 'user.password_set', targetType: 'user', targetId: user.id });
  return user.status === 'confirmed' ? updated : transition(tx, actor, updated, 'confirm');
}

/**
 * Checks the password's strength (errors name `opts.field`, default `password`), hashes and stores it,
 * and ends the user's other sessions.
 */
export async function storePassword(
  tx: Sql,
  user: UserRow,
  password: string,
  opts: { keepSessionHash?: string; field?: string; actor?: Actor } = {},
): Promise<UserRow> {
  await assertStrongPassword(
    tx,
    password,
    { email: user.email, firstName: user.first_name, lastName: user.last_name },
    opts.field,
  );
  const passwordHash = await hash(password);
  const [row] = await tx.query<UserRow>(
    `update users set password_hash = $2, password_changed_at = now(), updated_at = now() where id = $1 returning *`,
    [user.id, passwordHash],
  );
  await endSessionsOf(tx, user.id, opts.keepSessionHash);
  // A replaced password (not the first one) is an event: the notifications module mails the person (security mail).
  if (user.password_hash)
    await publish(tx, opts.actor ?? { type: 'user', userId: user.id, role: user.role }, {
      type: 'user.password_changed',
      subjectId: user.id,
      data: {},
    });
  return row!;
}

async function recordLearningActivity(tx: Sql, actor: Actor, user: UserRow, at: Date): Promise<UserRow> {
  if (user.status !== 'confirmed')
    throw new AppError(
      'invalid_transition',
      `Only confirmed users have learning activity (this user is "${user.status}").`,
    );
  if (user.first_learning_activity_at) return user;
  const [row] = await tx.query<UserRow>(
    `update users set first_learning_activity_at = $2, updated_at = now() where id = $1 returning *`,
    [user.id, at],
  );
  await audit.record(tx, actor, {
    action: 'user.learning_activity',
    targetType: 'user',
    targetId: user.id,
    after: { engagement: 'active' },
  });
  await groups.refreshFor(tx, [user.id], 'learning_activity');
  return row!;
}

/** Soft delete: the user disappears everywhere and can be restored for 30 days; a hand-over plan goes first. */
export async function deleteUser(tx: Sql, actor: Actor, id: string, handOver?: HandOverPlan): Promise<void> {
  const user = await loadForChange(tx, actor, id, 'people.delete');
  assertNotSelf(actor, user.id, 'delete yourself');
  await assertNotLastOwner(tx, user);
  if (handOver) await applyHandOver(tx, actor, user, handOver);
  await tx.query(`update users set deleted_at = now(), deleted_by = $2, updated_at = now() where id = $1`, [
    id,
    actor.userId,
  ]);
  await endSessionsOf(tx, id);
  await invitations.revokeAll(tx, id, 'deleted');
  await outbox.cancelQueuedFor(tx, id);
  await audit.record(tx, actor, { action: 'user.deleted', targetType: 'user', targetId: id });
  await publish(tx, actor, { type: 'user.deleted', subjectId: id, data: {} });
  await groups.refreshFor(tx, [id], 'user_deleted');
}

async function restoreUser(tx: Sql, actor: Actor, id: string): Promise<UserRow> {
  assertCan(actor, 'people.delete');
  const user = await findUser(tx, id, { includeDeleted: true, forUpdate: true });
  if (!user || !user.deleted_at) throw notFound('Deleted user');
  const [row] = await tx.query<UserRow>(
    `update users set deleted_at = null, deleted_by = null, updated_at = now() where id = $1 returning *`,
    [id],
  );
  await audit.record(tx, actor, { action: 'user.restored', targetType: 'user', targetId: id });
  await publish(tx, actor, { type: 'user.restored', subjectId: id, data: {} });
  await groups.refreshFor(tx, [id], 'user_restored');
  return syncExpiry(tx, actor, row!);
}

/** 409 email_taken; who holds the address, and in which state, is said only to callers who can see that person. */
async function assertEmailFree(tx: Sql, actor: Actor, email: string): Promise<void> {
  const existing = await findByEmail(tx, email);
  if (!existing) return;
  const visible = existing.deleted_at ? can(actor, 'people.delete') : await canSee(tx, actor, existing);
  if (!visible) throw new AppError('email_taken', 'Another user already has this email address.');
  if (existing.deleted_at)
    throw new AppError(
      'email_taken',
      'This email belongs to a deleted user. Restore that user, or wait until the deletion becomes final (30 days after deletion) to reuse the address.',
      { userId: existing.id, deleted: true },
    );
  if (existing.status === 'deactivated')
    throw new AppError(
      'email_taken',
      'This email belongs to a deactivated user. Reactivate them instead of creating a new account.',
      {
        userId: existing.id,
        status: existing.status,
        hint: 'reactivate',
      },
    );
  throw new AppError('email_taken', 'Another user already has this email address.', { userId: existing.id });
}

/** The manager must exist, be visible, and not be the user or one of their reports (no cycles). */
export async function assertValidManager(
  tx: Sql,
  actor: Actor,
  userId: string | null,
  managerId: string,
): Promise<void> {
  const manager = await findUser(tx, managerId);
  if (!manager || !(await canSee(tx, actor, manager)))
    throw invalid('The manager does not exist.', [{ field: 'managerId', message: 'Unknown user.' }]);
  if (userId === null) return;
  const cycle = managerId === userId || (await isBelow(tx, managerId, userId));
  if (cycle)
    throw invalid('This manager would create a reporting cycle.', [
      { field: 'managerId', message: 'Cycle in the reporting line.' },
    ]);
}

function uniqueViolationToError(err: unknown): unknown {
  if (pgErrorCode(err) !== '23505') return err;
  const c = constraintName(err) ?? '';
  if (c.includes('email')) return new AppError('email_taken', 'Another user already has this email address.');
  if (c.includes('employee_id'))
    return new AppError('employee_id_taken', 'Another user already has this employee ID.', [{ field: 'employeeId' }]);
  return new AppError('conflict', 'This conflicts with an existing record.');
}

/**
 * Fields HR manages through SCIM are changed only by SCIM (409 managed_by_hr names them), whichever
 * path writes (PATCH /users, PATCH /me, imports); other fields, and statuses, stay editable in Roster.
 */
function assertNotHrManaged(actor: Actor, user: UserRow, changes: Record<string, unknown>): void {
  const refused = hrManagedRefusals(actor, user, changes);
  if (refused.length)
    throw new AppError(
      'managed_by_hr',
      `These fields are managed by HR (SCIM) and can only change there: ${refused.join(', ')}.`,
      refused.map((field) => ({ field, message: 'Managed by HR.' })),
    );
}

export { hrManagedRefusals };

/** Reactivating someone HR deactivated is allowed, and recorded: the next sync deactivates them again unless HR changes too. */
async function reactivate(tx: Sql, actor: Actor, user: UserRow): Promise<UserRow> {
  const updated = await transition(tx, actor, user, 'reactivate');
  if (!user.deactivated_by_hr || actor.scim) return updated;
  const [row] = await tx.query<UserRow>(`update users set deactivated_by_hr = false where id = $1 returning *`, [
    user.id,
  ]);
  await audit.record(tx, actor, {
    action: 'user.hr_override',
    targetType: 'user',
    targetId: user.id,
    before: { deactivatedByHr: true },
    after: { status: updated.status },
  });
  return row!;
}

function stripNulls(o: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}
