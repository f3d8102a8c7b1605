import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/core/config';
import { expectError } from '../helpers/api';
import { useApp } from '../helpers/useApp';

// PostgreSQL's own limits on a statement and on an idle open transaction (DATABASE_STATEMENT_TIMEOUT,
// DATABASE_IDLE_IN_TRANSACTION_TIMEOUT). PGlite is one in-process connection with nothing to wait for:
// these limits are not set there, so this file runs on PostgreSQL only.
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('PostgreSQL timeouts', () => {
  const { t, owner } = useApp({ env: { DATABASE_STATEMENT_TIMEOUT: '1', DATABASE_IDLE_IN_TRANSACTION_TIMEOUT: '1' } });

  it('answers a request blocked by a lock with a 503 after the statement timeout, not a hang', async () => {
    // Another session (with no limits of its own) holds the users table, as a stuck transaction would.
    const [{ schema }] = await t.db.query<{ schema: string }>('select current_schema() as schema');
    const locker = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query(`lock table ${schema}.users in access exclusive mode`);
      const started = Date.now();
      expectError(await owner.get('/api/v1/users'), 503, 'database_timeout');
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    expect((await owner.get('/api/v1/users')).status).toBe(200);
  });

  it('cancels a statement that runs past the limit', async () => {
    await expect(t.db.query('select pg_sleep(3)')).rejects.toMatchObject({ code: '57014' });
  });

  it('ends a transaction left idle longer than the idle-in-transaction timeout', async () => {
    const idle = t.db.tx(async (tx) => {
      await tx.query('select 1');
      await new Promise((r) => setTimeout(r, 1500));
      await tx.query('select 1');
    });
    await expect(idle).rejects.toThrow();
    expect((await owner.get('/api/v1/users')).status).toBe(200);
  });
});

describe('database settings', () => {
  it('have defaults and refuse nonsense', () => {
    expect(loadConfig({})).toMatchObject({
      databasePoolSize: 10,
      databaseStatementTimeout: 30,
      databaseIdleInTransactionTimeout: 60,
    });
    expect(loadConfig({ DATABASE_POOL_SIZE: '25' }).databasePoolSize).toBe(25);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ ROSTER_SECRET_KEY: 'c2hvcnQ=' })).toThrow(/ROSTER_SECRET_KEY/);
  });
});
