import { normalizeEmail } from './email';
import type { Sql } from '../../db/index';
import type { Role, Status } from '../../../common/domain';
import type { UserDto } from './schemas';

/** A users row as the database returns it. */
export interface UserRow {
  id: string;
  email: string | null;
  email_normalized: string | null;
  first_name: string;
  last_name: string;
  role: Role;
  status: Status;
  status_before_deactivation: Status | null;
  status_before_expiry: Status | null;
  manager_id: string | null;
  job_title: string | null;
  department: string | null;
  location: string | null;
  phone: string | null;
  language: string | null;
  time_zone: string | null;
  hire_date: string | null;
  employee_id: string | null;
  photo_url: string | null;
  on_break: boolean;
  /** Migration 042: left out of the colleague directory at their own wish. */
  hidden_from_directory: boolean;
  break_until: Date | null;
  expires_at: Date | null;
  invited_at: Date | null;
  invite_scheduled_at: Date | null;
  confirmed_at: Date | null;
  first_learning_activity_at: Date | null;
  custom_fields: Record<string, unknown>;
  password_hash: string | null;
  /** Set by anonymisation (also the last name then). */
  pseudonym: string | null;
  deleted_at: Date | null;
  /** Migration 011: who created the account (null for imports, SCIM, sign-up and older rows). */
  created_by: string | null;
  /** Migration 006: `/` and the ids of the managers above, top first, each followed by `/`. */
  manager_path?: string;
  /** The last own sign-in (never "login as"), and the last request of any own session (to the minute). */
  last_sign_in_at: Date | null;
  last_activity_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** SCIM (migration 008): who manages this user, the API fields HR controls, deactivated by HR. */
  managed_by?: string | null;
  hr_managed_fields?: string[];
  deactivated_by_hr?: boolean;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The columns toDto reads: a list page selects these alone (fewer values to send and parse, no password hash). */
export const DTO_COLUMNS = [
  'id',
  'email',
  'first_name',
  'last_name',
  'status',
  'role',
  'manager_id',
  'job_title',
  'department',
  'location',
  'phone',
  'language',
  'time_zone',
  'hire_date',
  'employee_id',
  'photo_url',
  'on_break',
  'hidden_from_directory',
  'break_until',
  'expires_at',
  'invited_at',
  'invite_scheduled_at',
  'confirmed_at',
  'first_learning_activity_at',
  'custom_fields',
  'status_before_deactivation',
  'deleted_at',
  'created_at',
  'updated_at',
  'managed_by',
  'hr_managed_fields',
  'deactivated_by_hr',
  'last_sign_in_at',
  'last_activity_at',
] as const satisfies readonly (keyof UserRow)[];
export type DtoRow = Pick<UserRow, (typeof DTO_COLUMNS)[number]>;

export function toDto(r: DtoRow): UserDto {
  return {
    id: r.id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    status: r.status,
    role: r.role,
    managerId: r.manager_id,
    jobTitle: r.job_title,
    department: r.department,
    location: r.location,
    phone: r.phone,
    language: r.language,
    timeZone: r.time_zone,
    hireDate: r.hire_date,
    employeeId: r.employee_id,
    photoUrl: r.photo_url,
    onBreak: r.on_break,
    hiddenFromDirectory: r.hidden_from_directory ?? false,
    breakUntil: iso(r.break_until),
    expiresAt: iso(r.expires_at),
    invitedAt: iso(r.invited_at),
    inviteScheduledAt: iso(r.invite_scheduled_at),
    confirmedAt: iso(r.confirmed_at),
    engagement: r.status === 'confirmed' ? (r.first_learning_activity_at ? 'active' : 'activated') : null,
    firstLearningActivityAt: iso(r.first_learning_activity_at),
    customFields: r.custom_fields ?? {},
    statusBeforeDeactivation: r.status_before_deactivation,
    deletedAt: iso(r.deleted_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    managedBy: r.managed_by === 'scim' ? 'scim' : null,
    hrManagedFields: r.managed_by === 'scim' ? (r.hr_managed_fields ?? []) : [],
    deactivatedByHr: r.deactivated_by_hr ?? false,
    lastSignInAt: iso(r.last_sign_in_at ?? null),
    lastActivityAt: iso(r.last_activity_at ?? null),
  };
}

export async function findUser(sql: Sql, id: string, opts: { includeDeleted?: boolean; forUpdate?: boolean } = {}) {
  const rows = await sql.query<UserRow>(
    `select * from users where id = $1 ${opts.includeDeleted ? '' : 'and deleted_at is null'} ${opts.forUpdate ? 'for update' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findByEmail(sql: Sql, email: string) {
  const rows = await sql.query<UserRow>(`select * from users where email_normalized = $1`, [normalizeEmail(email)]);
  return rows[0] ?? null;
}

/** Owners who can sign in now and keep that access with time: confirmed, not deleted, no end date. */
export async function lastingOwnerCount(sql: Sql, excludingId?: string): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `select count(*)::int as n from users
      where role = 'owner' and status = 'confirmed' and deleted_at is null and expires_at is null and id <> coalesce($1, '')`,
    [excludingId ?? null],
  );
  return rows[0]!.n;
}
