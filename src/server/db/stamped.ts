import type { Sql } from './index';

/**
 * Copies of rarely-changing configuration (settings, custom-field definitions) kept by a process between
 * requests, checked against the version stamp of migration 028 (docs/decisions/019-fast-path.md). Every
 * write to those tables moves the stamp, in whichever process it happens; each signed-in request reads it
 * with its session (http/auth.ts, in the same query) and notes it here, so a copy older than the stamp the
 * request saw is read again. A process therefore never answers a request with configuration older than
 * what the database held when that request's session was read.
 */

/** The SQL expression of the current stamp, to select beside other columns. */
export const CONFIG_VERSION_SQL = `(select version from cache_versions where name = 'config')`;

let latestSeen = 0;

/** A request saw this stamp: copies read under an older one are stale from now on. */
export function noteConfigVersion(version: number | null | undefined): void {
  if (typeof version === 'number' && version > latestSeen) latestSeen = version;
}

export interface Stamped<T> {
  /**
   * The copy when it is as new as the latest stamp seen; read again (stamp first, then value) otherwise.
   * Given a transaction rather than the database, reads without keeping.
   */
  get(sql: Sql): Promise<T>;
  /** Drops the copy (this process wrote the table). */
  forget(): void;
}

export function stamped<T>(load: (sql: Sql) => Promise<T>): Stamped<T> {
  let copy: { version: number; value: T } | null = null;
  return {
    async get(sql) {
      // Inside a transaction the copy could hold what a rollback takes back: read, do not keep.
      if (!('tx' in sql)) return load(sql);
      if (copy && copy.version >= latestSeen) return copy.value;
      // The stamp is read before the value, so the value is at least as new as its stamp says (never older).
      const [row] = await sql.query<{ version: number }>(`select ${CONFIG_VERSION_SQL} as version`);
      const version = Number(row?.version ?? 0);
      const value = await load(sql);
      noteConfigVersion(version);
      copy = { version, value };
      return value;
    },
    forget() {
      copy = null;
    },
  };
}
