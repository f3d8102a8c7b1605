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

/**
 * The one declaration of a user as the API returns it (docs/api.md "A user object"), in the answer's key order:
 * each field is a column read as-is, a timestamp (ISO 8601, UTC, milliseconds), or derived — then written twice,
 * once in JS and once in SQL, side by side. `toDto` (JS, from a row) and `DTO_JSON_SQL` (PostgreSQL writing the
 * same JSON text itself, the People list's fast path: docs/decisions/028-list-page-cpu.md) both come from it;
 * test/api/users-list-json.test.ts compares the two on varied people.
 */
type Column = keyof UserRow;
type DtoField =
  { column: Column; timestamp?: true } | { reads: readonly Column[]; js: (r: UserRow) => unknown; sql: string };

/** A timestamp as `Date.prototype.toISOString` writes it (PostgreSQL's MS truncates, as JS Dates do). */
const isoSql = (c: string) => `to_char(u.${c} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/**
 * A jsonb value as JSON.stringify writes it (no spaces): jsonb's own text puts a space after each `:` and `,`.
 * Objects of scalars and arrays of scalars, one level deep — what custom fields and HR-managed fields hold.
 */
const compactArraySql = (v: string) =>
  `(select '[' || coalesce(string_agg(x::text, ',' order by o), '') || ']' from jsonb_array_elements(${v}) with ordinality a(x, o))`;
const compactObjectSql = (v: string) =>
  `case when ${v} = '{}'::jsonb then '{}' else (select '{' || string_agg(to_json(k)::text || ':' || case jsonb_typeof(x) when 'array' then ${compactArraySql('x')} else x::text end, ',' order by o) || '}' from jsonb_each(${v}) with ordinality e(k, x, o)) end`;

/** A yes/no column, read as false where it is null. */
const flag = <C extends Column>(column: C) => ({
  reads: [column] as const,
  js: (r: UserRow) => r[column] ?? false,
  sql: `coalesce(u.${column}, false)`,
});

const DTO_FIELDS = {
  id: { column: 'id' },
  email: { column: 'email' },
  firstName: { column: 'first_name' },
  lastName: { column: 'last_name' },
  status: { column: 'status' },
  role: { column: 'role' },
  managerId: { column: 'manager_id' },
  jobTitle: { column: 'job_title' },
  department: { column: 'department' },
  location: { column: 'location' },
  phone: { column: 'phone' },
  language: { column: 'language' },
  timeZone: { column: 'time_zone' },
  hireDate: { column: 'hire_date' },
  employeeId: { column: 'employee_id' },
  photoUrl: { column: 'photo_url' },
  onBreak: { column: 'on_break' },
  hiddenFromDirectory: flag('hidden_from_directory'),
  breakUntil: { column: 'break_until', timestamp: true },
  expiresAt: { column: 'expires_at', timestamp: true },
  invitedAt: { column: 'invited_at', timestamp: true },
  inviteScheduledAt: { column: 'invite_scheduled_at', timestamp: true },
  confirmedAt: { column: 'confirmed_at', timestamp: true },
  engagement: {
    reads: ['status', 'first_learning_activity_at'],
    js: (r) => (r.status === 'confirmed' ? (r.first_learning_activity_at ? 'active' : 'activated') : null),
    sql: `case when u.status = 'confirmed' then case when u.first_learning_activity_at is null then 'activated' else 'active' end end`,
  },
  firstLearningActivityAt: { column: 'first_learning_activity_at', timestamp: true },
  customFields: {
    reads: ['custom_fields'],
    js: (r) => r.custom_fields ?? {},
    sql: `(${compactObjectSql(`coalesce(u.custom_fields, '{}'::jsonb)`)})::json`,
  },
  statusBeforeDeactivation: { column: 'status_before_deactivation' },
  deletedAt: { column: 'deleted_at', timestamp: true },
  createdAt: { column: 'created_at', timestamp: true },
  updatedAt: { column: 'updated_at', timestamp: true },
  managedBy: {
    reads: ['managed_by'],
    js: (r) => (r.managed_by === 'scim' ? 'scim' : null),
    sql: `case when u.managed_by = 'scim' then 'scim' end`,
  },
  hrManagedFields: {
    reads: ['managed_by', 'hr_managed_fields'],
    js: (r) => (r.managed_by === 'scim' ? (r.hr_managed_fields ?? []) : []),
    sql: `(case when u.managed_by = 'scim' and jsonb_array_length(u.hr_managed_fields) > 0 then ${compactArraySql('u.hr_managed_fields')} else '[]' end)::json`,
  },
  deactivatedByHr: flag('deactivated_by_hr'),
  lastSignInAt: { column: 'last_sign_in_at', timestamp: true },
  lastActivityAt: { column: 'last_activity_at', timestamp: true },
} as const satisfies Record<keyof UserDto, DtoField>;

const FIELD_LIST = Object.entries(DTO_FIELDS) as [keyof UserDto, DtoField][];

/** The columns toDto reads: a list page selects these alone (fewer values to send and parse, no password hash). */
export const DTO_COLUMNS = [
  ...new Set(FIELD_LIST.flatMap(([, f]) => ('column' in f ? [f.column] : f.reads))),
] as readonly DtoColumn[];
type DtoColumn = {
  [K in keyof typeof DTO_FIELDS]: (typeof DTO_FIELDS)[K] extends { column: infer C }
    ? C
    : (typeof DTO_FIELDS)[K] extends { reads: readonly (infer C)[] }
      ? C
      : never;
}[keyof typeof DTO_FIELDS];
export type DtoRow = Pick<UserRow, DtoColumn>;

const READERS = FIELD_LIST.map(([key, f]): [string, (r: DtoRow) => unknown] => {
  if (!('column' in f)) return [key, f.js as (r: DtoRow) => unknown]; // reads only its `reads`
  const c = f.column as DtoColumn;
  return [key, f.timestamp ? (r) => iso((r[c] as Date | null | undefined) ?? null) : (r) => r[c] ?? null];
});

export function toDto(r: DtoRow): UserDto {
  const dto: Record<string, unknown> = {};
  for (const [key, read] of READERS) dto[key] = read(r);
  return dto as UserDto;
}

/**
 * A person as a list names them (a team's members and managers, a group's members, the directory, a hand-over):
 * id, name and email under the API's names. Lists add the columns they show beside the name.
 */
export function namedPerson(r: { id: string; first_name: string; last_name: string; email: string | null }) {
  return { id: r.id, firstName: r.first_name, lastName: r.last_name, email: r.email };
}

/**
 * The user on alias `u` as JSON text, written by PostgreSQL exactly as JSON.stringify(toDto(row)) writes it:
 * row_to_json of a row whose columns carry the API's names, in its order, writes compact JSON.
 */
export const DTO_JSON_SQL = `row_to_json((select d from (select ${FIELD_LIST.map(
  ([key, f]) => `${'column' in f ? (f.timestamp ? isoSql(f.column) : `u.${f.column}`) : f.sql} as "${key}"`,
).join(', ')}) d))::text`;

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
