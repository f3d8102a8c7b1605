import { ROLES, type Role } from '../../../common/domain';
import type { CustomField } from '../customFields/customFields';
import { emailProblem, normalizeEmail } from '../people/email';
import { emailSchema } from '../people/schemas';
import { CSV_PROFILE_COLUMNS, CSV_PROFILE_FIELDS, type ImportOptions, type ProfileColumn } from './columns';
import { PROFILE_FIELDS } from '../../../common/profileFields';

/**
 * One CSV row → typed values, with a message per bad cell. The same rules as the users API
 * (people/schemas.ts) so a value the API refuses is refused here too, named by its column.
 *
 * `undefined` means "leave as is" (column absent, or blank with blankCells=keep);
 * `null` means "clear" (blank with blankCells=clear).
 */
export interface RowInput {
  email: string | null;
  emailNorm: string | null;
  profile: Partial<Record<ProfileColumn, string | null>>;
  role?: Role;
  /** Team paths (names joined by "/"), lower-cased path → as written. */
  teams?: Map<string, string> | null;
  managerEmail?: string | null;
  /** ISO timestamp: the end of the given day (UTC). */
  expiresAt?: string | null;
  status?: 'deactivate' | 'reactivate';
  customFields: Record<string, unknown>;
  /** The value rows are matched on, normalised (lower-cased, trimmed). */
  matchKey: string | null;
}

export interface CellError {
  column: string | null;
  message: string;
}

export function validateRow(
  cells: Record<string, string>,
  opts: ImportOptions,
  fields: ReadonlyMap<string, CustomField>,
) {
  const errors: CellError[] = [];
  const blank = (v: string) => (v === '' ? (opts.blankCells === 'clear' ? null : undefined) : v);
  const row: RowInput = { email: null, emailNorm: null, profile: {}, customFields: {}, matchKey: null };

  const email = cells.email;
  if (email !== undefined && email !== '') {
    const r = emailSchema.safeParse(email);
    if (r.success) {
      row.email = r.data;
      row.emailNorm = normalizeEmail(r.data);
    } else errors.push({ column: 'email', message: emailProblem(email) ?? `"${email}" is not a valid email address.` });
  }

  for (const col of CSV_PROFILE_COLUMNS) {
    if (!(col in cells)) continue;
    const v = blank(cells[col]!);
    if (v === undefined) continue;
    if (v === null) {
      // A first name is required: a blank cell never clears it.
      if (col !== 'firstName') row.profile[col] = col === 'lastName' ? '' : null;
      continue;
    }
    const r = PROFILE_FIELDS[CSV_PROFILE_FIELDS[col]!].input.safeParse(v);
    if (r.success) row.profile[col] = r.data as string;
    else errors.push({ column: col, message: r.error.issues[0]?.message ?? 'Invalid value.' });
  }

  if (cells.role) {
    const role = cells.role.toLowerCase().replace(/[\s-]+/g, '_');
    if ((ROLES as readonly string[]).includes(role)) row.role = role as Role;
    else errors.push({ column: 'role', message: `Unknown role "${cells.role}"; use one of ${ROLES.join(', ')}.` });
  }

  if ('teams' in cells) {
    const v = blank(cells.teams!);
    if (v === null) row.teams = null;
    else if (v !== undefined) {
      row.teams = new Map();
      for (const raw of v.split('|')) {
        const parts = raw
          .split('/')
          .map((p) => p.trim())
          .filter(Boolean);
        if (!parts.length) continue;
        row.teams.set(parts.join('/').toLowerCase(), parts.join('/'));
      }
    }
  }

  if ('managerEmail' in cells) {
    const v = blank(cells.managerEmail!);
    if (v === null) row.managerEmail = null;
    else if (v !== undefined) {
      if (emailSchema.safeParse(v).success) row.managerEmail = normalizeEmail(v);
      else errors.push({ column: 'managerEmail', message: emailProblem(v) ?? `"${v}" is not a valid email address.` });
    }
  }

  if ('expiryDate' in cells) {
    const v = blank(cells.expiryDate!);
    if (v === null) row.expiresAt = null;
    else if (v !== undefined) {
      const at = expiryInstant(v);
      if (!at)
        errors.push({
          column: 'expiryDate',
          message: 'Use a date like 2026-12-31 (access ends at the end of that day, UTC).',
        });
      else if (new Date(at).getTime() <= Date.now())
        errors.push({ column: 'expiryDate', message: 'The expiry date is in the past.' });
      else row.expiresAt = at;
    }
  }

  if (cells.status) {
    const s = cells.status.toLowerCase();
    if (s === 'deactivate' || s === 'reactivate') row.status = s;
    else errors.push({ column: 'status', message: 'Use "deactivate", "reactivate" or leave the cell blank.' });
  }

  for (const [col, raw] of Object.entries(cells)) {
    if (!col.startsWith('cf.')) continue;
    const key = col.slice(3);
    const field = fields.get(key);
    if (!field) {
      errors.push({ column: col, message: `The custom field "${key}" no longer exists.` });
      continue;
    }
    const v = blank(raw);
    if (v === undefined) continue;
    if (v === null) {
      row.customFields[key] = null;
      continue;
    }
    const parsed = customValue(field, v);
    if ('error' in parsed) errors.push({ column: col, message: parsed.error });
    else row.customFields[key] = parsed.value;
  }

  row.matchKey = opts.matchOn === 'email' ? row.emailNorm : matchValue(opts.matchOn, cells[opts.matchOn] ?? '');
  if (!row.matchKey && !errors.some((e) => e.column === opts.matchOn))
    errors.push({ column: opts.matchOn, message: `The ${opts.matchOn} cell is empty: rows are matched on it.` });
  return { row, errors };
}

/** Employee ids match exactly (their unique index is exact); unique custom field values case-insensitively, as stored. */
export const matchValue = (matchOn: string, v: string) =>
  (matchOn === 'employeeId' ? v.trim() : v.trim().toLowerCase()) || null;

/** 2026-12-31 → the first instant after that day, UTC; a full ISO date-time is taken as given. */
export function expiryInstant(v: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) return null;
    return new Date(d.getTime() + 86_400_000).toISOString();
  }
  const d = new Date(v);
  return /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

const TRUE = new Set(['true', 'yes', '1', 'y', 'oui']);
const FALSE = new Set(['false', 'no', '0', 'n', 'non']);

/** A cell → the typed value custom fields store (the same checks as customFields.validateValues). */
export function customValue(f: CustomField, v: string): { value: unknown } | { error: string } {
  switch (f.type) {
    case 'text':
      return v.length <= 1000 ? { value: v } : { error: 'At most 1,000 characters.' };
    case 'number': {
      const n = Number(v.replace(',', '.'));
      return Number.isFinite(n) ? { value: n } : { error: `"${v}" is not a number.` };
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))
        ? { value: v }
        : { error: 'Use a date like 2026-01-31.' };
    case 'boolean': {
      const s = v.toLowerCase();
      if (TRUE.has(s)) return { value: true };
      if (FALSE.has(s)) return { value: false };
      return { error: 'Use true or false.' };
    }
    case 'single_select': {
      const hit = f.options.find((o) => o.toLowerCase() === v.toLowerCase());
      return hit ? { value: hit } : { error: `"${v}" is not one of: ${f.options.join(', ')}.` };
    }
    case 'multi_select': {
      const values = v
        .split('|')
        .map((x) => x.trim())
        .filter(Boolean);
      const out: string[] = [];
      for (const x of values) {
        const hit = f.options.find((o) => o.toLowerCase() === x.toLowerCase());
        if (!hit) return { error: `"${x}" is not one of: ${f.options.join(', ')}.` };
        if (!out.includes(hit)) out.push(hit);
      }
      return { value: out };
    }
  }
}
