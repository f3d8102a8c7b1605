import { invalid } from '../../core/errors';
import { ROLES, STATUSES } from '../../../common/domain';
import type { LIST_SORT_KEYS } from '../../../common/contract/peopleViews';
import type { ListQuery } from '../people/schemas';

/** The People list's order: each sort's expression and the keyset cursor's value (docs/decisions/026-people-list-views.md). */

/** A CASE that ranks a column by the order of `values` (the index in migration 041 spells the same text). */
const rank = (column: string, values: readonly string[]) =>
  `(case ${column} ${values.map((v, i) => `when '${v}' then ${i}`).join(' ')} else ${values.length} end)`;

/**
 * The list's sorts: each expression is never null, so the keyset (value, id) is one row comparison, and each
 * has an index over (expression, id) in migration 041 (last activity excepted: see there). Statuses sort in
 * lifecycle order, roles down the ladder; "never signed in" as the oldest instant, "no expiry" as the latest.
 */
export const SORTS = {
  name: 'u.sort_name',
  createdAt: 'u.created_at',
  email: "coalesce(u.email_normalized, '')",
  status: rank('u.status', STATUSES),
  role: rank('u.role', ROLES),
  lastSignInAt: "coalesce(u.last_sign_in_at, '-infinity'::timestamptz)",
  lastActivityAt: "coalesce(u.last_activity_at, '-infinity'::timestamptz)",
  department: "coalesce(lower(u.department), '')",
  location: "coalesce(lower(u.location), '')",
  expiresAt: "coalesce(u.expires_at, 'infinity'::timestamptz)",
} as const satisfies Record<(typeof LIST_SORT_KEYS)[number], string>;
export type SortKey = keyof typeof SORTS;
export const TIMESTAMP_SORTS: ReadonlySet<SortKey> = new Set([
  'createdAt',
  'lastSignInAt',
  'lastActivityAt',
  'expiresAt',
]);
export const NUMBER_SORTS: ReadonlySet<SortKey> = new Set(['status', 'role']);

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export const sortKeyOf = (sort: ListQuery['sort']) => sort.replace('-', '') as SortKey;

/** A timestamp sort's value as text at full (microsecond) precision, the sentinels as PostgreSQL spells them. */
export const timestampText = (expr: string) =>
  `(case when isfinite(${expr}) then to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') else ${expr}::text end)`;

/**
 * A cursor's value must have its sort's type: a timestamp at full precision (a JS Date would drop the
 * microseconds and repeat or skip rows) or a sentinel, a whole number for ranks, text otherwise.
 */
export function checkCursor(c: Cursor, sortKey: SortKey): Cursor {
  const v = c.v;
  const ok = TIMESTAMP_SORTS.has(sortKey)
    ? typeof v === 'string' &&
      (v === 'infinity' || v === '-infinity' || (TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v))))
    : NUMBER_SORTS.has(sortKey)
      ? typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1000
      : typeof v === 'string';
  if (!ok) throw invalid('The cursor is not valid; start again from the first page.', [{ field: 'cursor' }]);
  return c;
}

export interface Cursor {
  v: string | number;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (c && (typeof c.v === 'string' || typeof c.v === 'number') && typeof c.id === 'string') return c;
  } catch {
    /* fall through */
  }
  throw invalid('The cursor is not valid; start again from the first page.', [{ field: 'cursor' }]);
}

/** One value as `=` (an index on (column, sort_name, id) gives name order only to `=`: migration 051). */
export const oneOf = (col: string, v: readonly string[], p: (value: unknown) => string) =>
  v.length === 1 ? `${col} = ${p(v[0])}` : `${col} = any(${p(v)}::text[])`;
