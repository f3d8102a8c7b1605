import { invalid } from './errors';

/**
 * Keyset pagination by name: lists of people ordered by `(sort_name, id)` fetch `limit + 1` rows after the
 * cursor's key (`(u.sort_name, u.id) > ($n, $m)`), the extra row only telling that a next page exists. The
 * cursor is the last row's key as base64url JSON: opaque to clients, and stable while people are added or leave.
 */
export type NameKey = [sortName: string, id: string];

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor from `namePage` carries; a cursor this server did not give out is a 400 on `cursor`. */
export function decodeNameCursor(cursor: string): NameKey {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  throw invalid('The cursor is not valid; start again from the first page.', [{ field: 'cursor' }]);
}

/**
 * The page's items, from its rows out of the `limit + 1` fetched, and the cursor of the next page (null on the
 * last one); each row must carry its `sort_name` and `id`.
 */
export function namePage<R extends Record<string, unknown>, T>(
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor([last.sort_name, last.id]) : null,
  };
}
