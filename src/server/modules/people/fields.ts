import type { Actor } from '../../core/actor';
import {
  CUSTOM_FIELDS_FIELD,
  EMAIL_FIELD,
  fieldsWhere,
  PROFILE_FIELD_NAMES,
  PROFILE_FIELDS,
  type ProfileField,
  type ProfileFieldSpec,
} from '../../../common/profileFields';
import { toDto, type UserRow } from './repo';

/**
 * What the server derives from the one declaration of profile fields (src/common/profileFields.ts): the
 * API-name ↔ column maps, SQL casts for set-based writes, the audit view and the HR-managed check, for every
 * writer (people/write.ts, users/service.ts, imports, SCIM, PATCH /me).
 */
export { PROFILE_FIELDS, PROFILE_FIELD_NAMES, type ProfileField };

const spec = (f: ProfileField): ProfileFieldSpec => PROFILE_FIELDS[f];

/** API field → users column, for the profile fields that POST and PATCH write directly. */
export const FIELD_COLUMNS = Object.fromEntries(PROFILE_FIELD_NAMES.map((f) => [f, spec(f).column])) as Record<
  ProfileField,
  string
>;

/** users column → API field name, the profile fields with the sign-in address and custom fields. */
export const COLUMN_FIELDS: Record<string, string> = {
  ...Object.fromEntries(PROFILE_FIELD_NAMES.map((f) => [spec(f).column, f])),
  email: EMAIL_FIELD,
  custom_fields: CUSTOM_FIELDS_FIELD,
};

const COLUMN_CAST: Record<string, string> = {
  ...Object.fromEntries(PROFILE_FIELD_NAMES.map((f) => [spec(f).column, spec(f).type])),
  custom_fields: 'jsonb',
  invited_at: 'timestamptz',
  invite_scheduled_at: 'timestamptz',
  confirmed_at: 'timestamptz',
};
/** The SQL type a column's text value is cast to by the set-based writers. */
export const castOf = (column: string): string => COLUMN_CAST[column] ?? 'text';

/** The fields a person may change on their own profile (PATCH /me), API name → column. */
export const SELF_EDITABLE = Object.fromEntries(fieldsWhere('self').map((f) => [f, spec(f).column])) as Record<
  string,
  string
>;

/** Import columns written as-is to a users column: CSV column → users column. */
export const CSV_COLUMNS = Object.fromEntries(
  PROFILE_FIELD_NAMES.filter((f) => spec(f).csv).map((f) => [spec(f).csv!, spec(f).column]),
) as Record<string, string>;

/** The fields whose values audit entries record, API names: the sign-in address, the profile, status, custom fields. */
export const AUDITED_FIELDS = [EMAIL_FIELD, ...fieldsWhere('audited'), 'status', CUSTOM_FIELDS_FIELD] as const;

/** The person as audit entries record them: API names, no secrets, no derived fields. */
export function auditView(r: UserRow): Record<string, unknown> {
  const dto = toDto(r) as unknown as Record<string, unknown>;
  return Object.fromEntries(AUDITED_FIELDS.map((k) => [k, dto[k]]));
}

/**
 * The HR-managed fields (API names) that column `changes` would alter for this caller: HR locks them over
 * SCIM, and every other writer (PATCH /users, PATCH /me, imports) is refused them while they are locked.
 */
export function hrManagedRefusals(
  actor: Actor,
  user: Pick<UserRow, 'managed_by' | 'hr_managed_fields'>,
  changes: Record<string, unknown>,
): string[] {
  if (actor.scim || user.managed_by !== 'scim') return [];
  return (user.hr_managed_fields ?? []).filter((field) => {
    const col =
      field === EMAIL_FIELD
        ? 'email_normalized'
        : Object.hasOwn(FIELD_COLUMNS, field)
          ? FIELD_COLUMNS[field as ProfileField]
          : undefined;
    if (!col || !Object.hasOwn(changes, col)) return false;
    const now = (user as unknown as Record<string, unknown>)[col];
    return String(changes[col] ?? '') !== String(now ?? '');
  });
}
