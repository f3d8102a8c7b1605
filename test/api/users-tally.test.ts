import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldTally } from '../../src/server/modules/users/tally';
import { insertUser, startTestApp, type Client, type TestApp } from '../helpers/harness';

/**
 * The People list's totals come from the tally (migration 032) when only the status and the deleted flag
 * narrow an Owner's list: whatever writes people — one by one, many rows in one statement, status moves,
 * deletion, restore, removal for good — the totals must be what counting the rows says.
 */
describe('the people tally behind list totals', () => {
  let app: TestApp;
  let owner: Client;

  beforeAll(async () => {
    app = await startTestApp();
    owner = await app.as('owner@example.com', 'owner-password-1');
  });
  afterAll(async () => app?.stop());

  /** Every total the list and the counts answer from the tally, beside the same figures counted in SQL. */
  async function expectTalliesMatchCounts() {
    const counted = await app.db.query<{ status: string; deleted: boolean; n: number }>(
      `select status, deleted_at is not null as deleted, count(*)::int as n from users group by 1, 2`,
    );
    const count = (deleted: boolean, statuses?: string[]) =>
      counted
        .filter((r) => r.deleted === deleted && (!statuses || statuses.includes(r.status)))
        .reduce((a, r) => a + r.n, 0);
    for (const [query, deleted, statuses] of [
      ['', false, undefined],
      ['status=confirmed,invite_pending', false, ['confirmed', 'invite_pending']],
      ['status=deactivated', false, ['deactivated']],
      ['deleted=true', true, undefined],
      ['deleted=true&status=confirmed', true, ['confirmed']],
    ] as const) {
      const res = await owner.get(`/api/v1/users?${query}&limit=1`);
      expect(res.status).toBe(200);
      expect(res.body.total, query).toBe(count(deleted, statuses as string[] | undefined));
    }
    const counts = await owner.get('/api/v1/users/counts');
    expect(counts.body.total).toBe(count(false));
    for (const r of counted.filter((c) => !c.deleted)) expect(counts.body.counts[r.status], r.status).toBe(r.n);
  }

  it('matches counting after people are added one by one and many in one statement', async () => {
    for (const status of ['confirmed', 'invite_pending', 'deactivated', 'not_invited'] as const)
      await insertUser(app.db, { status });
    await app.db.query(
      `insert into users (id, email, email_normalized, first_name, last_name, role, status)
       select 'bulk-' || i, 'bulk-' || i || '@example.com', 'bulk-' || i || '@example.com', 'Bulk', 'Person ' || i, 'learner',
              case when i % 3 = 0 then 'invite_pending' else 'not_invited' end
         from generate_series(1, 30) i`,
    );
    await expectTalliesMatchCounts();
  });

  it('matches counting after status moves, deletion, restore and removal for good', async () => {
    const person = await insertUser(app.db, { status: 'confirmed' });
    expect((await owner.post(`/api/v1/users/${person.id}/deactivate`, {})).status).toBe(200);
    await expectTalliesMatchCounts();
    expect((await owner.delete(`/api/v1/users/${person.id}`)).status).toBe(204);
    await expectTalliesMatchCounts();
    expect((await owner.post(`/api/v1/users/${person.id}/restore`, {})).status).toBe(200);
    await expectTalliesMatchCounts();
    // Many rows moved in one statement, and an update that moves no one (only the name changes).
    await app.db.query(`update users set status = 'invite_pending' where id like 'bulk-%' and status = 'not_invited'`);
    await app.db.query(`update users set first_name = 'Renamed' where id like 'bulk-%'`);
    await expectTalliesMatchCounts();
    await app.db.query(`update users set deleted_at = now() where id in ('bulk-1', 'bulk-2')`);
    await app.db.query(`delete from users where id in ('bulk-1', 'bulk-3')`);
    await expectTalliesMatchCounts();
  });

  it('a rolled-back change leaves the tally as it was', async () => {
    await expect(
      app.db.tx(async (tx) => {
        await tx.query(`update users set status = 'deactivated' where id like 'bulk-%'`);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    await expectTalliesMatchCounts();
  });

  it('folding keeps every total and leaves one row per status and deleted flag', async () => {
    const before = (await app.db.query<{ n: number }>(`select count(*)::int as n from user_tally`))[0]!.n;
    expect(await foldTally(app.db)).toBeGreaterThan(0);
    const rows = await app.db.query<{ status: string; deleted: boolean }>(`select status, deleted from user_tally`);
    expect(rows.length).toBeLessThan(before);
    expect(new Set(rows.map((r) => `${r.status}/${r.deleted}`)).size).toBe(rows.length);
    expect(await foldTally(app.db)).toBe(0);
    await expectTalliesMatchCounts();
  });
});
