import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/server/db/index';
import { foldTally } from '../../src/server/modules/users/tally';
import { insertUser, startTestApp, type Client, type TestApp } from '../helpers/harness';

/**
 * The counts by status (and the People list's status-only totals) come from the tally of migration 032. Two
 * transactions changing statuses at the same time — on PostgreSQL both hold their changes uncommitted while the
 * other writes, and a fold runs meanwhile — must leave every count equal to `select count(*)`; a reader during the
 * writes sees the tally and the rows of one snapshot. (PGlite has one connection: there the same writes run one
 * after the other.) docs/decisions/032-list-at-a-million.md.
 */
describe('the counts by status under concurrent writes', () => {
  let app: TestApp;
  let owner: Client;
  const a: string[] = [];
  const b: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    owner = await app.as('owner@example.com', 'owner-password-1');
    for (let i = 0; i < 6; i++) {
      a.push((await insertUser(app.db, { status: 'confirmed' })).id);
      b.push((await insertUser(app.db, { status: 'invite_pending' })).id);
    }
  });
  afterAll(async () => app?.stop());

  /** The tally's sum per live status beside count(*), read in one statement (one snapshot). */
  const compareSql = `select s.status,
       (select coalesce(sum(n), 0)::int from user_tally t where t.status = s.status and not t.deleted) as tallied,
       (select count(*)::int from users u where u.status = s.status and u.deleted_at is null) as counted
     from (select distinct status from users) s`;

  async function expectCountsExact() {
    const rows = await app.db.query<{ status: string; tallied: number; counted: number }>(compareSql);
    for (const r of rows) expect(r.tallied, r.status).toBe(r.counted);
    const counts = await owner.get('/api/v1/users/counts');
    expect(counts.status).toBe(200);
    for (const r of rows) expect(counts.body.counts[r.status] ?? 0, r.status).toBe(r.counted);
    expect(counts.body.total).toBe(rows.reduce((s, r) => s + r.counted, 0));
    const list = await owner.get('/api/v1/users?status=confirmed,deactivated&limit=1');
    const expected = rows
      .filter((r) => ['confirmed', 'deactivated'].includes(r.status))
      .reduce((s, r) => s + r.counted, 0);
    expect(list.body).toMatchObject({ total: expected, totalIsLowerBound: false });
  }

  it('stay equal to counting rows when two transactions move statuses at once', async () => {
    await expectCountsExact();
    const concurrent = app.db.kind === 'postgres';
    // Each writer waits, inside its transaction, until the other has written too (PostgreSQL only).
    let arrived = 0;
    let release!: () => void;
    const bothWrote = new Promise<void>((r) => (release = r));
    const meet = async () => {
      if (!concurrent) return;
      if (++arrived === 2) release();
      await bothWrote;
    };
    const midway: { tallied: number; counted: number }[][] = [];
    let looked = false;
    const writer = (work: (tx: Sql) => Promise<void>) =>
      app.db.tx(async (tx) => {
        await work(tx);
        await meet();
        if (concurrent && !looked) {
          looked = true;
          // Both transactions have written and neither committed: a fold and a reader run beside them.
          await foldTally(app.db);
          midway.push(await app.db.query(compareSql));
        }
      });
    const first = writer(async (tx) => {
      await tx.query(
        `update users set status = 'deactivated', status_before_deactivation = 'confirmed' where id = any($1)`,
        [a.slice(0, 4)],
      );
      await tx.query(`update users set deleted_at = now() where id = $1`, [a[4]]);
    });
    const second = writer(async (tx) => {
      await tx.query(`update users set status = 'confirmed', confirmed_at = now() where id = any($1)`, [b.slice(0, 3)]);
      await tx.query(`delete from users where id = $1`, [b[5]]);
      await tx.query(
        `insert into users (id, email, email_normalized, first_name, last_name, role, status)
         select 'conc-' || i, 'conc-' || i || '@example.com', 'conc-' || i || '@example.com', 'C', 'P' || i, 'learner', 'confirmed'
           from generate_series(1, 3) i`,
      );
    });
    await Promise.all([first, second]);
    if (concurrent) {
      expect(midway).toHaveLength(1);
      for (const r of midway[0]!) expect(r.tallied).toBe(r.counted);
    }
    await expectCountsExact();
    // After a fold with nothing in flight, the same.
    await foldTally(app.db);
    await expectCountsExact();
  });

  it('stay equal when one of two concurrent transactions rolls back', async () => {
    const moved = app.db.tx(async (tx) => {
      await tx.query(`update users set status = 'expired', status_before_expiry = 'confirmed' where id = $1`, [a[5]]);
    });
    const undone = app.db.tx(async (tx) => {
      await tx.query(`update users set status = 'confirmed' where id = $1`, [b[4]]);
      throw new Error('undo');
    });
    await Promise.allSettled([moved, undone]);
    await expect(undone).rejects.toThrow('undo');
    await expectCountsExact();
  });
});
