import { describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import type { Db } from './index';
import { migrate, splitStatements } from './migrate';

describe('splitStatements', () => {
  it('splits at semicolons but not inside strings, comments or dollar-quoted bodies', () => {
    const sql = `-- a comment; with a semicolon
create table a (x text default 'it''s; fine');
create function f() returns trigger language plpgsql as $$
begin
  new.x := 'y';
  return new;
end $$;
select 1`;
    expect(splitStatements(sql)).toEqual([
      "create table a (x text default 'it''s; fine')",
      "create function f() returns trigger language plpgsql as $$\nbegin\n  new.x := 'y';\n  return new;\nend $$",
      'select 1',
    ]);
  });
});

describe('migration 056 without pg_trgm', () => {
  it('refuses to migrate, naming the extension and the fix', async () => {
    // A database that cannot create pg_trgm (a PostgreSQL server without its contrib modules): PGlite without it.
    const pg = new PGlite();
    const db: Db = {
      kind: 'pglite',
      query: async (text, params) => (await pg.query<any>(text, params as any[])).rows,
      tx: (fn) =>
        pg.transaction((t) => fn({ query: async (text, params) => (await t.query<any>(text, params as any[])).rows })),
      close: () => pg.close(),
    };
    try {
      const err = await migrate(db).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/needs the PostgreSQL extension pg_trgm/);
      expect((err as Error).message).toMatch(/contrib/);
      expect((err as Error).message).toMatch(/"create extension pg_trgm"/);
    } finally {
      await db.close();
    }
  }, 120_000);
});
