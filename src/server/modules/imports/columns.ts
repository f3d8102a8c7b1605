import {
  PROFILE_CSV_COLUMNS,
  PROFILE_FIELD_NAMES,
  PROFILE_FIELDS,
  type ProfileField,
} from '../../../common/profileFields';
import type { CustomField } from '../customFields/customFields';

/** Columns the import reads its own way (validate.ts, plan.ts): the rest of the fields' CSV columns are written as-is. */
const READ_APART = ['role', 'managerEmail', 'expiryDate'];

/**
 * The columns an import file may have (docs/imports.md): the sign-in address, each profile field's CSV column
 * (src/common/profileFields.ts, in its order; `teams` follows `role`) and the status action. Header names are
 * matched case-insensitively (and ignoring spaces, `-` and `_`), so "First Name" and "first_name" are firstName.
 */
export const BASE_COLUMNS: readonly string[] = ['email', ...PROFILE_CSV_COLUMNS, 'status'];
export type BaseColumn = string;

/** Profile columns written as-is to a users column: CSV column → the field it is. */
export const CSV_PROFILE_FIELDS = Object.fromEntries(
  PROFILE_FIELD_NAMES.flatMap((f) => {
    const csv = PROFILE_FIELDS[f].csv as string | null;
    return csv && !READ_APART.includes(csv) ? [[csv, f]] : [];
  }),
) as Record<string, ProfileField>;
export type ProfileColumn = string;
/** The CSV columns written as-is (not to be confused with the fields' own list, src/common/profileFields.ts). */
export const CSV_PROFILE_COLUMNS = Object.keys(CSV_PROFILE_FIELDS);
/** The users column of an as-is CSV column. */
export const csvColumnSql = (csv: string): string => PROFILE_FIELDS[CSV_PROFILE_FIELDS[csv]!].column;

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
  /** Headers of the file that are no column (absent in imports made before they were allowed). */
  unknownColumns?: string[];
  /** The unknown columns someone chose to ignore (PUT /imports/{id}/ignored-columns). */
  ignoredColumns?: string[];
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

const EXAMPLE: Record<string, string> = {
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
  return [allColumns(fields), [...BASE_COLUMNS.map((c) => EXAMPLE[c] ?? ''), ...fields.map(exampleFor)]];
}
