import { PROFILE_FIELD_NAMES, type ProfileField } from './profileFields';

/**
 * The People list's columns, derived from the profile fields' one declaration (src/common/profileFields.ts) so
 * that the list, its export and the column chooser name the same things: a new profile field becomes a column
 * with no change here. The first and last names are the fixed "name" column; besides the profile fields, the
 * list shows the sign-in address, the status, the dates of sign-in and activity, engagement, and every custom
 * field that is filterable or visible in the directory as `cf.<key>`.
 */
const NAME_FIELDS: readonly ProfileField[] = ['firstName', 'lastName'];
export const PROFILE_COLUMNS = PROFILE_FIELD_NAMES.filter((f) => !NAME_FIELDS.includes(f));
export const OTHER_COLUMNS = ['email', 'status', 'createdAt', 'lastSignInAt', 'lastActivityAt', 'engagement'] as const;
export const BUILT_IN_COLUMNS: readonly string[] = [...OTHER_COLUMNS, ...PROFILE_COLUMNS];

/** The fixed first column: always shown, never chosen. */
export const NAME_COLUMN = 'name';
/** Shown whatever is chosen (the status stays visible on a narrow screen too). */
export const REQUIRED_COLUMNS: readonly string[] = ['status'];
/** Today's columns after the name, for whoever has chosen none. */
export const DEFAULT_COLUMNS: readonly string[] = ['email', 'status', 'role', 'createdAt'];
export const MAX_COLUMNS = 40;

export const CUSTOM_COLUMN_PREFIX = 'cf.';
export const isCustomColumn = (key: string) => key.startsWith(CUSTOM_COLUMN_PREFIX);

/** The columns a header click sorts by, each under the list's sort key (GET /users?sort=). */
export const SORTABLE_COLUMNS: Readonly<Record<string, string>> = {
  name: 'name',
  email: 'email',
  status: 'status',
  role: 'role',
  createdAt: 'createdAt',
  lastSignInAt: 'lastSignInAt',
  lastActivityAt: 'lastActivityAt',
  department: 'department',
  location: 'location',
  expiresAt: 'expiresAt',
};

/** The export's column keys (GET /users/export?columns=) for the list's columns: the name is its two parts. */
export const exportColumnsFor = (columns: readonly string[]): string[] => [
  'firstName',
  'lastName',
  ...columns.filter((c) => c !== NAME_COLUMN),
];
