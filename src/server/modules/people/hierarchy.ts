import { escapeLike, type Sql } from '../../db/index';

/**
 * THE reporting-line model (docs/decisions/004-access-policy.md "Reporting line"). The line is stored once:
 * `users.manager_id` is the edge and `users.manager_path` ('/' or '/<top>/…/<manager>/', migration 006,
 * kept exact by triggers) its materialised path; `users.line_path` is only a generated index key
 * (manager_path || id || '/', migration 010), never written. Every question about the line is answered
 * here, each by one query shape; nobody else walks manager_id recursively or matches paths.
 *
 *   "Is T below M?"                         isBelow(sql, targetId, managerId)
 *   "Condition: u is X or below X"          selfAndBelowSql(line of X)        (visibility; index-only)
 *   "Condition: u is below X"               belowSql(line of X)               (lists, exports)
 *   "Condition: u is below X" in one statement  reportsToSql(param of X's id) (group rules, compiled without I/O)
 *   "Who is below any of these?"            belowAny(sql, ids)                (group refresh)
 *   "Who is above u?"                       ancestorsSql(alias)               (group evaluation, the explainer)
 */

/** X's own place in the line (its line_path), the prefix of everyone below X; null for an unknown user. */
export async function lineOf(sql: Sql, userId: string): Promise<string | null> {
  const [row] = await sql.query<{ line_path: string }>(`select line_path from users where id = $1`, [userId]);
  return row?.line_path ?? null;
}

/** Condition on `u`: u is the owner of `line` or below them. One prefix match, served by users_line_path_idx. */
export function selfAndBelowSql(line: string, param: (value: unknown) => string): string {
  return `u.line_path like ${param(escapeLike(line) + '%')}`;
}

/** Condition on `u`: u reports to the owner of `line`, directly or not (a bound prefix: users_manager_path_idx). */
export function belowSql(line: string | null, param: (value: unknown) => string): string {
  return line === null ? 'false' : `u.manager_path like ${param(escapeLike(line) + '%')}`;
}

/** belowSql for a user id (looks their line up first). */
export async function belowUserSql(sql: Sql, userId: string, param: (value: unknown) => string): Promise<string> {
  return belowSql(await lineOf(sql, userId), param);
}

/**
 * The same condition as belowSql, with X's line looked up inside the statement: for SQL compiled without
 * database access (group rules). `idPlaceholder` is X's bound id.
 */
export function reportsToSql(idPlaceholder: string): string {
  return `starts_with(u.manager_path, (select m.line_path from users m where m.id = ${idPlaceholder}))`;
}

/** Whether `targetId` reports to `managerId`, directly or not. */
export async function isBelow(sql: Sql, targetId: string, managerId: string): Promise<boolean> {
  const rows = await sql.query(
    `select 1 from users t join users m on m.id = $2 where t.id = $1 and starts_with(t.manager_path, m.line_path)`,
    [targetId, managerId],
  );
  return rows.length > 0;
}

/** Everyone below any of these users. */
export async function belowAny(sql: Sql, userIds: readonly string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await sql.query<{ id: string }>(
    `select u.id from users u
      where exists (select 1 from users m where m.id = any($1::text[]) and starts_with(u.manager_path, m.line_path))`,
    [userIds],
  );
  return rows.map((r) => r.id);
}

/** Array expression: the ids above `alias` in its line, nearest manager first. */
export function ancestorsSql(alias: string): string {
  return `array(select a from unnest(array_remove(string_to_array(${alias}.manager_path, '/'), '')) with ordinality x(a, n) order by n desc)`;
}

/**
 * Rebuilds every user's stored reporting line (users.manager_path) in one set-based statement. Triggers
 * keep it exact row by row; bulk loads that switch the triggers off (benchmarks, large imports) call this.
 */
export async function recomputeManagerPaths(sql: Sql): Promise<void> {
  await sql.query(
    `with recursive chain(id, path) as (
       select id, '/'::text from users where manager_id is null
       union all
       select u.id, c.path || c.id || '/' from users u join chain c on u.manager_id = c.id
     )
     update users u set manager_path = chain.path from chain where chain.id = u.id and u.manager_path is distinct from chain.path`,
  );
}

/** Runs a bulk change of manager_id without the per-row path triggers, then rebuilds the paths once. */
export async function withBulkManagerChanges<T>(sql: Sql, work: () => Promise<T>): Promise<T> {
  await sql.query('alter table users disable trigger users_manager_path_set');
  await sql.query('alter table users disable trigger users_manager_path_cascade');
  try {
    return await work();
  } finally {
    await sql.query('alter table users enable trigger users_manager_path_set');
    await sql.query('alter table users enable trigger users_manager_path_cascade');
    await recomputeManagerPaths(sql);
  }
}
