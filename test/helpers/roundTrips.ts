import type { Db, Sql } from '../../src/server/db/index';

/**
 * A Db that counts what it sends: every statement is one round trip to the database, and a transaction
 * adds its begin and commit (docs/decisions/019-fast-path.md). `rows` is what the statements returned.
 */
export function countingDb(db: Db): { db: Db; counts: { roundTrips: number; rows: number; texts: string[] } } {
  const counts = { roundTrips: 0, rows: 0, texts: [] as string[] };
  const counted = (sql: Sql): Sql => ({
    async query(text, params) {
      counts.roundTrips++;
      counts.texts.push(text);
      const rows = await sql.query(text, params);
      counts.rows += rows.length;
      return rows as any;
    },
  });
  return {
    counts,
    db: {
      ...db,
      query: counted(db).query,
      tx(fn) {
        counts.roundTrips += 2;
        return db.tx((tx) => fn(counted(tx)));
      },
    },
  };
}
