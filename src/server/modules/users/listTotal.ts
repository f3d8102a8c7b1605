import type { Sql } from '../../db/index';
import { tallyTotal, tallyTotalSql, type TallyFilter } from './tally';

/** The list's WHERE clause on `users u` and its parameters (list.ts's Where). */
export interface CountedWhere {
  readonly params: unknown[];
  toSql(): string;
}

/**
 * The People list's total (docs/decisions/032-list-at-a-million.md): exact from the tally when it can tell, else
 * counted up to `bound` + 1 rows — a page then costs the same in an organisation of any size. Above the bound the
 * answer is `{ total: bound, totalIsLowerBound: true }` ("1,000+"). `bound` 0 counts every row (exact always).
 */
export const DEFAULT_TOTAL_BOUND = 1000;

export interface PageTotal {
  total: number;
  totalIsLowerBound: boolean;
}

/** The bounded total as a scalar subquery on the WHERE's placeholders (and any it binds): bound + 1 when above. */
export function boundedTotalSql(
  w: CountedWhere,
  tally: TallyFilter | null,
  bound: number,
  bind: (value: unknown) => string,
) {
  if (tally) return `(${tallyTotalSql(tally, bind)})`;
  if (bound <= 0) return `(select count(*)::int from users u where ${w.toSql()})`;
  return `(select count(*)::int from (select from users u where ${w.toSql()} limit ${Math.floor(bound) + 1}) b)`;
}

export function pageTotal(counted: number, tally: TallyFilter | null, bound: number): PageTotal {
  return !tally && bound > 0 && counted > bound
    ? { total: bound, totalIsLowerBound: true }
    : { total: counted, totalIsLowerBound: false };
}

export async function countBounded(
  sql: Sql,
  w: CountedWhere,
  tally: TallyFilter | null,
  bound: number,
): Promise<PageTotal> {
  if (tally) return { total: await tallyTotal(sql, tally), totalIsLowerBound: false };
  const [row] = await sql.query<{ n: number }>(`select ${boundedTotalSql(w, null, bound, () => '')} as n`, w.params);
  return pageTotal(row!.n, null, bound);
}
