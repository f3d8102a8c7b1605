import type { Sql } from '../../db/index';

/**
 * Rebuilds every user's stored reporting line (users.manager_path, see migration 006) in one
 * set-based statement. Triggers keep it exact row by row; bulk loads that switch the triggers off
 * (benchmarks, large imports) call this afterwards.
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
