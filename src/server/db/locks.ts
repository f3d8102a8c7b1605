import type { Sql } from './index';

/** The rows of the `locks` table (migration 021); one per kind of work that must not run twice at once. */
export type LockName = 'owners' | 'team_tree' | 'import_writes';

/**
 * Holds the named lock until the caller's transaction ends: a second transaction asking for it waits.
 * A row lock (`for update`) rather than an advisory lock, so that a lock can later belong to one
 * organisation (docs/decisions/016-ready-for-organisations.md).
 */
export async function takeLock(tx: Sql, name: LockName): Promise<void> {
  const rows = await tx.query(`select name from locks where name = $1 for update`, [name]);
  if (!rows.length) throw new Error(`The lock row "${name}" is missing: run the migrations.`);
}
