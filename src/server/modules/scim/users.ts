import type { Sql } from '../../db/index';
import { constraintName, pgErrorCode } from '../../db/index';
import type { Actor } from '../../core/actor';
import * as audit from '../audit/audit';
import { assertCanActOn } from '../access/policy';
import { createUser, deleteUser, performAction, updateUser } from '../users/service';
import { findByEmail } from '../people/repo';
import { FIELD_COLUMNS } from '../people/fields';
import { fieldsWhere } from '../../../common/profileFields';
import { normalizeEmail } from '../people/email';
import { rankOf } from '../../../common/domain';
import { SCIM_USER_COLUMNS } from './attributes';
import type { UpdateUserInput } from '../people/schemas';
import { lockUser, transition } from '../people/transitions';
import { notFound, ScimError } from './errors';
import { hrManagedFields, isActiveStatus, parseUser, type ParsedUser, type ScimUserRow } from './userResource';

/**
 * SCIM Users as Roster use cases: every change goes through users/service.ts and
 * people/transitions.ts, so access checks, audit, outbox, group membership and manager paths follow.
 */
export type Outcome = 'create' | 'update' | 'deactivate' | 'reactivate' | 'delete' | null;
export interface Written {
  row: ScimUserRow;
  outcome: Outcome;
}

export async function findScimUser(sql: Sql, id: string, forUpdate = false): Promise<ScimUserRow> {
  const rows = await sql.query<ScimUserRow>(
    `select ${SCIM_USER_COLUMNS} from users u where u.id = $1 and u.managed_by = 'scim' and u.deleted_at is null ${forUpdate ? 'for update of u' : ''}`,
    [id],
  );
  if (!rows[0]) throw notFound('User');
  return rows[0];
}

export async function createScimUser(
  tx: Sql,
  actor: Actor,
  body: unknown,
  matchOn: 'email' | 'employeeId',
): Promise<Written> {
  const p = parseUser(body);
  const [clash] = await tx.query<ScimUserRow>(
    `select * from users where lower(scim_user_name) = lower($1) and deleted_at is null for update`,
    [p.userName],
  );
  if (clash) {
    // Okta re-provisions a user HR deactivated by POSTing them again: that same user comes back.
    if (clash.deactivated_by_hr && p.externalId && clash.external_id === p.externalId)
      return writeUser(tx, actor, clash, p);
    throw new ScimError(409, 'uniqueness', `The userName "${p.userName}" is already taken.`);
  }
  const deleted = await deletedScimUser(tx, p);
  if (deleted) {
    // A person deleted over SCIM and provisioned again comes back as themselves (RFC 7644 §3.6: a deleted
    // resource is no conflict): same id, history, teams; decision record 007.
    assertScimMayManage(actor, deleted);
    await performAction(tx, actor, deleted.id, 'restore', {});
    const written = await writeUser(tx, actor, (await lockUser(tx, deleted.id)) as ScimUserRow, p);
    return { row: written.row, outcome: 'create' };
  }
  const match =
    matchOn === 'email'
      ? await findByEmail(tx, p.roster.email)
      : p.roster.employeeId
        ? await byEmployeeId(tx, p.roster.employeeId)
        : null;
  if (match) {
    const m = match as ScimUserRow;
    const what = matchOn === 'email' ? 'email address' : 'employee number';
    if (m.deleted_at)
      throw new ScimError(
        409,
        'uniqueness',
        `This ${what} belongs to a deleted Roster user: restore them in Roster first.`,
      );
    if (m.managed_by === 'scim')
      throw new ScimError(409, 'uniqueness', `This ${what} belongs to another provisioned user.`);
    if (m.status === 'anonymised')
      throw new ScimError(409, 'uniqueness', `This ${what} belongs to an anonymised user.`);
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

/** The soft-deleted SCIM user (not anonymised) with this userName or email address, newest deletion first. */
async function deletedScimUser(tx: Sql, p: ParsedUser): Promise<ScimUserRow | null> {
  const rows = await tx.query<ScimUserRow>(
    `select * from users
      where deleted_at is not null and managed_by = 'scim' and status <> 'anonymised'
        and (lower(scim_user_name) = lower($1) or email_normalized = $2)
      order by deleted_at desc limit 1 for update`,
    [p.userName, normalizeEmail(p.roster.email)],
  );
  return rows[0] ?? null;
}

async function byEmployeeId(tx: Sql, employeeId: string) {
  const rows = await tx.query<ScimUserRow>(`select * from users where employee_id = $1`, [employeeId]);
  return rows[0] ?? null;
}

/** PUT: the parsed resource replaces what SCIM manages on a locked user. */
export async function replaceScimUser(tx: Sql, actor: Actor, current: ScimUserRow, body: unknown): Promise<Written> {
  return writeUser(tx, actor, current, parseUser(body));
}

/** What SCIM writes: the sign-in address and the fields declared with a SCIM attribute (src/common/profileFields.ts). */
const PROFILE = {
  email: 'email',
  ...Object.fromEntries(fieldsWhere('scim').map((f) => [f, FIELD_COLUMNS[f]])),
} as Record<keyof ParsedUser['roster'], keyof ScimUserRow>;

/** Applies a parsed SCIM User to a Roster user: profile through updateUser, status through transitions. */
async function writeUser(tx: Sql, actor: Actor, current: ScimUserRow, p: ParsedUser): Promise<Written> {
  assertScimMayManage(actor, current);
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
  const extra: Record<string, unknown> = {
    ...p.extra,
    emails: p.extra.emails ?? [{ value: p.roster.email, type: 'work', primary: true }],
  };
  if (extra.displayName === `${user.first_name} ${user.last_name}`.trim()) delete extra.displayName; // derived, not stored
  const managed = hrManagedFields(p);
  const scimChanged =
    user.managed_by !== 'scim' || user.scim_user_name !== p.userName || (user.external_id ?? null) !== p.externalId;
  const extraChanged =
    JSON.stringify(user.scim_extra ?? {}) !== JSON.stringify(extra) ||
    JSON.stringify(user.hr_managed_fields) !== JSON.stringify(managed);
  const changed = scimChanged || extraChanged || deactivatedByHr !== user.deactivated_by_hr;
  // What HR sent and when, on every write (the drift view, hrSync.ts); updated_at (meta.lastModified) only on a change.
  try {
    [user] = (await tx.query<ScimUserRow>(
      `update users set managed_by = 'scim', scim_user_name = $2, external_id = $3, scim_extra = $4, hr_managed_fields = $5,
         deactivated_by_hr = $6, hr_last_values = $7, hr_synced_at = now(), updated_at = case when $8 then now() else updated_at end
       where id = $1 returning *`,
      [
        user.id,
        p.userName,
        p.externalId,
        JSON.stringify(extra),
        JSON.stringify(managed),
        deactivatedByHr,
        JSON.stringify({ ...p.roster, active: p.active }),
        changed,
      ],
    )) as [ScimUserRow];
  } catch (err) {
    if (pgErrorCode(err) === '23505' && (constraintName(err) ?? '').includes('scim_user_name'))
      throw new ScimError(409, 'uniqueness', `The userName "${p.userName}" is already taken.`);
    throw err;
  }
  if (changed) outcome ??= 'update';
  if (scimChanged)
    await audit.record(tx, actor, {
      action: 'user.hr_linked',
      targetType: 'user',
      targetId: user.id,
      before: {
        managedBy: current.managed_by ?? null,
        userName: current.scim_user_name ?? null,
        externalId: current.external_id ?? null,
      },
      after: { managedBy: 'scim', userName: p.userName, externalId: p.externalId },
    });
  return { row: await findScimUser(tx, user.id), outcome };
}

/** DELETE → Roster's soft delete (restorable for 30 days) of a user the caller found with `findScimUser`. */
export async function deleteScimUser(tx: Sql, actor: Actor, current: ScimUserRow): Promise<void> {
  assertScimMayManage(actor, current);
  await deleteUser(tx, actor, current.id);
}

/**
 * SCIM never adopts, changes, deactivates or deletes an Owner, nor anyone ranked above the token's creator:
 * an HR feed must not be able to take over (and lock out of their own profile) the people who run Roster.
 * 403 (RFC 7644 §3.12: not permitted for this authorization); the request log keeps the detail for the status page.
 */
function assertScimMayManage(actor: Actor, target: Pick<ScimUserRow, 'role'>): void {
  if (target.role === 'owner')
    throw new ScimError(
      403,
      null,
      'This person is an Owner: SCIM does not adopt, change or delete Owners. Manage them in Roster.',
    );
  if (rankOf(target.role) > rankOf(actor.role))
    throw new ScimError(
      403,
      null,
      `This person's role (${target.role}) ranks above the role of the SCIM token's creator: SCIM cannot adopt, change or delete them.`,
    );
}
