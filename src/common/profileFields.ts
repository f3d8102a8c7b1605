import { z } from 'zod';
import { ROLES } from './domain';

/**
 * Every profile field of a person, declared once (docs/ARCHITECTURE.md "How people are written"). The server's
 * writers (src/server/modules/people/fields.ts and write.ts), the API's validation, the CSV import, SCIM, the
 * audit diff, the events' payloads and the UI all derive what they need from this table, so adding a field is
 * a line here and a migration adding its column.
 *
 * - `column`: the users column. `type`: how the value is stored (the SQL cast set-based writes use).
 * - `input`: the zod validation of the API's value (PATCH /users/{id}, POST /users; null clears where allowed).
 * - `self`: a person may change it on their own profile (PATCH /me); every field is editable by whoever may
 *   edit the person (the access policy decides who that is).
 * - `audited`: its before/after appear in `user.updated` audit entries; `personal`: a personal value that the
 *   audit log scrubs on anonymisation and that events name without its value (`eventValue` = carried).
 * - `csv`: its column in import files (docs/imports.md; the import reads role, managerEmail and expiryDate its own way); `scim`: its SCIM
 *   attribute path when HR provisions it (docs/api.md, SCIM): HR then manages it, and while HR does every other
 *   writer is refused a change (people/fields.ts hrManagedRefusals).
 */
export type FieldType = 'text' | 'date' | 'timestamptz' | 'boolean';

export interface ProfileFieldSpec {
  column: string;
  type: FieldType;
  input: z.ZodType;
  self: boolean;
  audited: boolean;
  personal: boolean;
  eventValue: boolean;
  csv: string | null;
  scim: string | null;
}

const isoDate = z.iso.date({ message: 'Use a date like 2026-01-31.' });
const isoDateTime = z.iso.datetime({
  offset: true,
  message: 'Use an ISO-8601 date and time, e.g. 2026-01-31T09:00:00Z.',
});
const timeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown time zone; use an IANA name such as Europe/Paris.');
const language = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language tag such as en or fr-CA.');
const text = (max = 200) => z.string().trim().max(max);
const optionalText = (max = 200) => text(max).nullable().optional();

type Flags = Partial<Omit<ProfileFieldSpec, 'column' | 'input'>>;
const field = <T extends z.ZodType>(column: string, input: T, flags: Flags = {}): ProfileFieldSpec & { input: T } => ({
  column,
  input,
  type: 'text',
  self: false,
  audited: true,
  personal: false,
  eventValue: false,
  csv: null,
  scim: null,
  ...flags,
});

export const PROFILE_FIELDS = {
  firstName: field('first_name', text(100).min(1, 'First name is required.'), {
    self: true,
    personal: true,
    csv: 'firstName',
    scim: 'name.givenName',
  }),
  lastName: field('last_name', text(100), { self: true, personal: true, csv: 'lastName', scim: 'name.familyName' }),
  // Unique: a blank value means "none" (stored as null), or every blank would collide with the next.
  employeeId: field(
    'employee_id',
    text(100)
      .nullable()
      .transform((v) => (v === '' ? null : v))
      .optional(),
    {
      personal: true,
      csv: 'employeeId',
      scim: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
    },
  ),
  jobTitle: field('job_title', optionalText(), { self: true, personal: true, csv: 'jobTitle', scim: 'title' }),
  department: field('department', optionalText(), {
    personal: true,
    csv: 'department',
    scim: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
  }),
  location: field('location', optionalText(), { personal: true, csv: 'location' }),
  phone: field('phone', optionalText(50), { self: true, personal: true, csv: 'phone', scim: 'phoneNumbers' }),
  photoUrl: field('photo_url', z.url().max(2000).nullable().optional(), {
    self: true,
    personal: true,
    csv: 'photoUrl',
  }),
  role: field('role', z.enum(ROLES).optional(), { eventValue: true, csv: 'role' }),
  managerId: field('manager_id', z.string().max(100).nullable().optional(), {
    csv: 'managerEmail',
    eventValue: true,
    scim: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
  }),
  language: field('language', language.nullable().optional(), {
    self: true,
    personal: true,
    eventValue: true,
    csv: 'language',
    scim: 'preferredLanguage',
  }),
  timeZone: field('time_zone', timeZone.nullable().optional(), {
    self: true,
    personal: true,
    eventValue: true,
    csv: 'timeZone',
    scim: 'timezone',
  }),
  hireDate: field('hire_date', isoDate.nullable().optional(), { type: 'date', personal: true, csv: 'hireDate' }),
  onBreak: field('on_break', z.boolean().optional(), { type: 'boolean', self: true, eventValue: true }),
  breakUntil: field('break_until', isoDateTime.nullable().optional(), {
    type: 'timestamptz',
    self: true,
    eventValue: true,
  }),
  // Migration 042: the person leaves the colleague directory (directory/directory.ts); the People list still shows them.
  hiddenFromDirectory: field('hidden_from_directory', z.boolean().optional(), { type: 'boolean', self: true }),
  expiresAt: field('expires_at', isoDateTime.nullable().optional(), {
    type: 'timestamptz',
    eventValue: true,
    csv: 'expiryDate',
  }),
} as const satisfies Record<string, ProfileFieldSpec>;

export type ProfileField = keyof typeof PROFILE_FIELDS;
export const PROFILE_FIELD_NAMES = Object.keys(PROFILE_FIELDS) as ProfileField[];

/** The profile's columns in import files, in declaration order; `teams` (memberships, not a field) follows `role`. */
export const PROFILE_CSV_COLUMNS: readonly string[] = PROFILE_FIELD_NAMES.flatMap((f) => {
  const csv = PROFILE_FIELDS[f].csv as string | null;
  return !csv ? [] : csv === 'role' ? [csv, 'teams'] : [csv];
});

/** The names of the fields with a flag set, in declaration order. */
export const fieldsWhere = (flag: keyof Flags): ProfileField[] =>
  PROFILE_FIELD_NAMES.filter((f) => Boolean((PROFILE_FIELDS[f] as ProfileFieldSpec)[flag]));

/** The sign-in address and the custom fields are a person's too, outside this table (their own rules). */
export const EMAIL_FIELD = 'email';
export const CUSTOM_FIELDS_FIELD = 'customFields';
