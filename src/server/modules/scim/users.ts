import type { Sql } from '../../db/index';
import { constraintName, pgErrorCode } from '../../db/index';
import type { Actor } from '../../http/actor';
import * as audit from '../audit/audit';
import { assertCanActOn } from '../access/policy';
import { createUser, deleteUser, updateUser } from '../users/service';
import { findByEmail } from '../users/repo';
import type { UpdateUserInput } from '../users/schemas';
import { lockUser, transition } from '../users/transitions';
import { notFound, ScimError } from './errors';
import { hrManagedFields, isActiveStatus, parseUser, type ParsedUser, type ScimUserRow } from './userResource';

/**
 * SCIM Users as Roster use cases: every change goes through users/service.ts and
 * users/transitions.ts, so access checks, audit, outbox, group membership and manager paths follow.
 */
export type Outcome = 'create' | 'update' | 'deactivate' | 'reactivate' | 'delete' | null;
export interface Written {
  row: ScimUserRow;
  outcome: Outcome;
}

export async function findScimUser(sql: Sql, id: string, forUpdate = false): Promise<ScimUserRow> {
  const rows = await sql.query<ScimUserRow>(
    `select * from users where id = $1 and managed_by = 'scim' and deleted_at is null ${forUpdate ? 'for update' : ''}`,
    [id],
  );
  if (!rows[0]) throw notFound('User');
  return rows[0];
}

export async function createScimUser(tx: Sql, actor: Actor, body: unknown, matchOn: 'email' | 'employeeId'): Promise<Written> {
  const p = parseUser(body);
  const [clash] = await tx.query<ScimUserRow>(
    `select * from users where lower(scim_user_name) = lower($1) and deleted_at is null for update`,
    [p.userName],
  );
  if (clash) {
    // Okta re-provisions a user HR deactivated by POSTing them again: that same user comes back.
    if (clash.deactivated_by_hr && p.externalId && clash.external_id === p.externalId) return writeUser(tx, actor, clash, p);
    throw new ScimError(409, 'uniqueness', `The userName "${p.userName}" is already taken.`);
  }
  const match = matchOn === 'email' ? await findByEmail(tx, p.roster.email) : p.roster.employeeId ? await byEmployeeId(tx, p.roster.employeeId) : null;
  if (match) {
    const m = match as ScimUserRow;
    const what = matchOn === 'email' ? 'email address' : 'employee number';
    if (m.deleted_at) throw new ScimError(409, 'uniqueness', `This ${what} belongs to a deleted Roster user: restore them in Roster first.`);
    if (m.managed_by === 'scim') throw new ScimError(409, 'uniqueness', `This ${what} belongs to another provisioned user.`);
    if (m.status === 'anonymised') throw new ScimError(409, 'uniqueness', `This ${what} belongs to an anonymised user.`);
    // An existing Roster user is adopted: from now on HR manages them.
    const locked = (await lockUser(tx, m.id)) as ScimUserRow;
    const written = await writeUser(tx, actor, locked, p);
    return { ...written, outcome: written.outcome ?? 'update' };
  }
  const r = p.roster;
  const created = await createUser(tx, actor, {
    email: r.email,
    firstName: r.firstName,
    lastName: r.lastName,
    jobTitle: r.jobTitle,
    language: r.language,
    timeZone: r.timeZone,
    phone: r.phone,
    employeeId: r.employeeId,
    department: r.department,
    managerId: r.managerId,
    role: 'learner',
    invite: 'none',
  });
  const written = await writeUser(tx, actor, created as ScimUserRow, p);
  return { row: written.row, outcome: 'create' };
}

async function byEmployeeId(tx: Sql, employeeId: string) {
  const rows = await tx.query<ScimUserRow>(`select * from users where employee_id = $1`, [employeeId]);
  return rows[0] ?? null;
}

/** PUT: the parsed resource replaces what SCIM manages on a locked user. */
export async function replaceScimUser(tx: Sql, actor: Actor, current: ScimUserRow, body: unknown): Promise<Written> {
  return writeUser(tx, actor, current, parseUser(body));
}

const PROFILE: Record<keyof ParsedUser['roster'], keyof ScimUserRow> = {
  email: 'email', firstName: 'first_name', lastName: 'last_name', jobTitle: 'job_title', language: 'language', timeZone: 'time_zone',
  phone: 'phone', employeeId: 'employee_id', department: 'department', managerId: 'manager_id',
};

/** Applies a parsed SCIM User to a Roster user: profile through updateUser, status through transitions. */
async function writeUser(tx: Sql, actor: Actor, current: ScimUserRow, p: ParsedUser): Promise<Written> {
  let outcome: Outcome = null;
  const patch: Record<string, unknown> = {};
  for (const [field, col] of Object.entries(PROFILE) as [keyof ParsedUser['roster'], keyof ScimUserRow][]) {
    const now = current[col] ?? null;
    const want = p.roster[field];
    const same = field === 'email' ? String(now ?? '').toLowerCase() === String(want).toLowerCase() : now === want;
    if (!same) patch[field] = want;
  }
  if (Object.keys(patch).length) {
    await updateUser(tx, actor, current.id, patch as UpdateUserInput);
    outcome = 'update';
  }
  // The caller locked `current`; only a profile update makes it stale.
  let user = outcome ? ((await lockUser(tx, current.id)) as ScimUserRow) : current;
  const active = isActiveStatus(user.status);
  let deactivatedByHr = user.deactivated_by_hr;
  if (!p.active && active) {
    await assertCanActOn(tx, actor, user, 'people.lifecycle');
    user = (await transition(tx, actor, user, 'deactivate')) as ScimUserRow;
    deactivatedByHr = true;
    outcome = 'deactivate';
  } else if (p.active && user.status === 'deactivated') {
    await assertCanActOn(tx, actor, user, 'people.lifecycle');
    user = (await transition(tx, actor, user, 'reactivate')) as ScimUserRow;
    deactivatedByHr = false;
    outcome = 'reactivate';
  }
  // The emails a filter sees are the stored ones: the address taken from userName is stored as the work email.
  const extra: Record<string, unknown> = { ...p.extra, emails: p.extra.emails ?? [{ value: p.roster.email, type: 'work', primary: true }] };
  if (extra.displayName === `${user.first_name} ${user.last_name}`.trim()) delete extra.displayName; // derived, not stored
  const managed = hrManagedFields(p);
  const scimChanged =
    user.managed_by !== 'scim' || user.scim_user_name !== p.userName || (user.external_id ?? null) !== p.externalId;
  const extraChanged = JSON.stringify(user.scim_extra ?? {}) !== JSON.stringify(extra) || JSON.stringify(user.hr_managed_fields) !== JSON.stringify(managed);
  if (scimChanged || extraChanged || deactivatedByHr !== user.deactivated_by_hr) {
    try {
      [user] = (await tx.query<ScimUserRow>(
        `update users set managed_by = 'scim', scim_user_name = $2, external_id = $3, scim_extra = $4, hr_managed_fields = $5,
           deactivated_by_hr = $6, updated_at = now() where id = $1 returning *`,
        [user.id, p.userName, p.externalId, JSON.stringify(extra), JSON.stringify(managed), deactivatedByHr],
      )) as [ScimUserRow];
    } catch (err) {
      if (pgErrorCode(err) === '23505' && (constraintName(err) ?? '').includes('scim_user_name'))
        throw new ScimError(409, 'uniqueness', `The userName "${p.userName}" is already taken.`);
      throw err;
    }
    outcome ??= 'update';
  }
  if (scimChanged)
    await audit.record(tx, actor, {
      action: 'user.hr_linked',
      targetType: 'user',
      targetId: user.id,
      before: { managedBy: current.managed_by ?? null, userName: current.scim_user_name ?? null, externalId: current.external_id ?? null },
      after: { managedBy: 'scim', userName: p.userName, externalId: p.externalId },
    });
  return { row: user, outcome };
}

/** DELETE → Roster's soft delete (restorable for 30 days) of a user the caller found with `findScimUser`. */
export async function deleteScimUser(tx: Sql, actor: Actor, current: ScimUserRow): Promise<void> {
  await deleteUser(tx, actor, current.id);
}
