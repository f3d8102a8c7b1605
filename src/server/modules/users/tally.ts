import type { Db, Sql } from '../../db/index';

/**
 * The tally of people by status and deleted flag (migration 032, docs/decisions/019-fast-path.md): triggers on
 * users add each statement's net change as a row, so a sum over it is the count the same snapshot would see,
 * read from a few rows instead of the whole organisation. The People list reads it when only the status and
 * the deleted flag narrow what the caller sees (everyone); any other filter or scope counts rows as before.
 */
export interface TallyFilter {
  deleted: boolean;
  /** null: every status. */
  statuses: readonly string[] | null;
}

/** The total as one statement, its values bound by `bind` (the People list puts it inside its page's statement). */
export function tallyTotalSql(f: TallyFilter, bind: (value: unknown) => string): string {
  const statuses = bind(f.statuses);
  return `select coalesce(sum(n), 0)::int as n from user_tally where deleted = ${bind(f.deleted)} and (${statuses}::text[] is null or status = any(${statuses}::text[]))`;
}

export async function tallyTotal(sql: Sql, f: TallyFilter): Promise<number> {
  const params: unknown[] = [];
  const text = tallyTotalSql(f, (value) => {
    params.push(value);
    return `$${params.length}`;
  });
  const [row] = await sql.query<{ n: number }>(text, params);
  return row!.n;
}

export async function tallyByStatus(sql: Sql, deleted: boolean): Promise<{ status: string; n: number }[]> {
  return sql.query<{ status: string; n: number }>(
    `select status, sum(n)::int as n from user_tally where deleted = $1 group by status having sum(n) <> 0`,
    [deleted],
  );
}

/**
 * Folds the tally's rows into one per (status, deleted), so reading it stays a handful of rows (a job, every
 * minute). Rows added meanwhile by other transactions are not in this statement's snapshot and stay as they are.
 */
export async function foldTally(db: Db): Promise<number> {
  const [size] = await db.query<{ rows: number; keys: number }>(
    `select count(*)::int as rows, count(distinct (status, deleted))::int as keys from user_tally`,
  );
  if (size!.rows === size!.keys) return 0;
  const [row] = await db.query<{ folded: number }>(
    `with gone as (delete from user_tally returning status, deleted, n),
          kept as (insert into user_tally (status, deleted, n)
                     select status, deleted, sum(n) from gone group by 1, 2 having sum(n) <> 0 returning 1)
     select (select count(*) from gone)::int - (select count(*) from kept)::int as folded`,
  );
  return row!.folded;
}
