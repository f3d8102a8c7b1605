import type { CustomField } from '../customFields/customFields';

/**
 * The columns an import file may have (docs/imports.md). Header names are matched
 * case-insensitively (and ignoring spaces, `-` and `_`), so "First Name" and "first_name" are firstName.
 */
export const BASE_COLUMNS = [
  'email',
  'firstName',
  'lastName',
  'employeeId',
  'jobTitle',
  'department',
  'location',
  'phone',
  'photoUrl',
  'role',
  'teams',
  'managerEmail',
  'language',
  'timeZone',
  'hireDate',
  'expiryDate',
  'status',
] as const;
export type BaseColumn = (typeof BASE_COLUMNS)[number];

/** Profile columns written as-is to a users column. */
export const PROFILE_COLUMN_SQL = {
  firstName: 'first_name',
  lastName: 'last_name',
  employeeId: 'employee_id',
  jobTitle: 'job_title',
  department: 'department',
  location: 'location',
  phone: 'phone',
  photoUrl: 'photo_url',
  language: 'language',
  timeZone: 'time_zone',
  hireDate: 'hire_date',
} as const;
export type ProfileColumn = keyof typeof PROFILE_COLUMN_SQL;
export const PROFILE_COLUMNS = Object.keys(PROFILE_COLUMN_SQL) as ProfileColumn[];

export const MODES = ['add', 'update', 'add_update'] as const;
export type ImportMode = (typeof MODES)[number];
export type BlankCells = 'keep' | 'clear';
export type InviteChoice = 'now' | 'scheduled' | 'none';

export interface ImportOptions {
  mode: ImportMode;
  blankCells: BlankCells;
  /** 'email', 'employeeId' or 'cf.<key>' of a unique custom field. */
  matchOn: string;
  invite: InviteChoice;
  inviteAt: string | null;
  createMissingTeams: boolean;
}

const squash = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

/** Resolves one header to its column name, or null when unknown. */
export function resolveHeader(header: string, fields: readonly CustomField[]): string | null {
  const h = header.trim();
  if (/^cf\./i.test(h)) {
    const key = h.slice(3).trim().toLowerCase();
    return fields.some((f) => f.key === key) ? `cf.${key}` : null;
  }
  const s = squash(h);
  return BASE_COLUMNS.find((c) => c.toLowerCase() === s) ?? null;
}

/** Every column a template offers: the base ones and one per custom field. */
export function allColumns(fields: readonly CustomField[]): string[] {
  return [...BASE_COLUMNS, ...fields.map((f) => `cf.${f.key}`)];
}

const EXAMPLE: Record<BaseColumn, string> = {
  email: 'ada.lovelace@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  employeeId: 'E-1001',
  jobTitle: 'Analyst',
  department: 'Research',
  location: 'London',
  phone: '020 7946 0000', // not +44…: a downloaded cell starting with + gets a protective quote (exports/spreadsheet.ts)
  photoUrl: '',
  role: 'learner',
  teams: 'Sales/EMEA|Research',
  managerEmail: 'charles.babbage@example.com',
  language: 'en',
  timeZone: 'Europe/London',
  hireDate: '2026-01-15',
  expiryDate: '',
  status: '',
};

/** An example value for a custom field of each type. */
function exampleFor(f: CustomField): string {
  switch (f.type) {
    case 'number':
      return '42';
    case 'date':
      return '2026-03-01';
    case 'boolean':
      return 'true';
    case 'single_select':
      return f.options[0] ?? '';
    case 'multi_select':
      return f.options.slice(0, 2).join('|');
    case 'text':
      return f.unique ? 'unique-value-1' : 'text';
  }
}

export function templateRows(fields: readonly CustomField[]): string[][] {
  return [allColumns(fields), [...BASE_COLUMNS.map((c) => EXAMPLE[c]), ...fields.map(exampleFor)]];
}
