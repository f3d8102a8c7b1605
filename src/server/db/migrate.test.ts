import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Db } from './index';
import { migrate, splitStatements } from './migrate';

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

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

/** A bare PGlite as the Db migrate takes (connect() would migrate it itself). */
function dbOver(pg: PGlite): Db {
  return {
    kind: 'pglite',
    query: async (text, params) => (await pg.query<any>(text, params as any[])).rows,
    tx: (fn) =>
      pg.transaction((t) => fn({ query: async (text, params) => (await t.query<any>(text, params as any[])).rows })),
    close: () => pg.close(),
  };
}

describe('migration 056 without pg_trgm', () => {
  it('refuses to migrate, naming the extension and the fix', async () => {
    // A database that cannot create pg_trgm (a PostgreSQL server without its contrib modules): PGlite without it.
    const db = dbOver(new PGlite());
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

describe('migration 049: reminder keys carry over', () => {
  it("renames the lifecycle rule's reminder keys, so nobody already reminded is reminded again", async () => {
    const db = dbOver(new PGlite({ extensions: { pg_trgm } }));
    try {
      // The schema as it was before 049: every later migration is recorded as done, so migrate stops short of it.
      const later = fs.readdirSync(MIGRATIONS).filter((f) => /^\d+_.+\.sql$/.test(f) && f >= '049_');
      await db.query(
        'create table schema_migrations (version text primary key, applied_at timestamptz not null default now())',
      );
      for (const f of later) await db.query('insert into schema_migrations (version) values ($1)', [f]);
      expect(await migrate(db)).not.toContain('049_report_leaving_key.sql');
      await db.query(`insert into users (id, first_name, last_name, status) values ('u1', 'Ann', 'Lee', 'confirmed')`);
      await db.query(
        `insert into notification_log (key, kind, user_id, created_at) values
           ('lifecycle_expiry_reminder:u1:1790000000', 'lifecycle_reminder', 'u1', '2026-09-20T00:00:00Z'),
           ('manager_report_leaving:u2:1790000000', 'expiry_warning', 'u1', '2026-09-21T00:00:00Z'),
           ('lifecycle_expiry_reminder:u2:1790000000', 'lifecycle_reminder', 'u1', '2026-09-22T00:00:00Z')`,
      );
      await db.query(`delete from schema_migrations where version = '049_report_leaving_key.sql'`);
      expect(await migrate(db)).toEqual(['049_report_leaving_key.sql']);
      // The old key under its new name; where the new name was already taken, the earlier entry stays.
      expect(await db.query('select key, kind from notification_log order by key')).toEqual([
        { key: 'manager_report_leaving:u1:1790000000', kind: 'lifecycle_reminder' },
        { key: 'manager_report_leaving:u2:1790000000', kind: 'expiry_warning' },
      ]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
