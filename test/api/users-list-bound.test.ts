import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers, listUsersJson } from '../../src/server/modules/users/list';
import { listQuerySchema } from '../../src/server/modules/people/schemas';
import type { Actor } from '../../src/server/core/actor';
import { insertUser, startTestApp, type Client, type TestApp } from '../helpers/harness';

/**
 * The People list's bounded total (docs/decisions/032-list-at-a-million.md), with a bound of 5 instead of 10,000:
 * exact up to the bound, "at least 5" above it for filters the tally cannot answer; exact whatever the size when
 * only the status narrows an Owner's list (the tally); and the counts by status exact in every case.
 */
const BOUND = 5;

describe('the People list total, counted up to a bound', () => {
  let app: TestApp;
  let owner: Client;

  beforeAll(async () => {
    app = await startTestApp({ ROSTER_LIST_TOTAL_BOUND: String(BOUND) });
    owner = await app.as('owner@example.com', 'owner-password-1');
    // Departments of 3, 5 (= the bound) and 8 people; 8 in Sales are 5 confirmed and 3 invited.
    for (const [department, n] of [
      ['Legal', 3],
      ['Design', 5],
      ['Sales', 8],
    ] as const)
      for (let i = 0; i < n; i++) {
        const u = await insertUser(app.db, {
          status: i < 5 ? 'confirmed' : 'invite_pending',
          lastName: `${department} ${i}`,
        });
        await app.db.query(`update users set department = $2 where id = $1`, [u.id, department]);
      }
  });
  afterAll(async () => app?.stop());

  const list = async (query: string) => {
    const res = await owner.get(`/api/v1/users?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as {
      items: { id: string }[];
      nextCursor: string | null;
      total: number;
      totalIsLowerBound: boolean;
    };
  };

  it('is exact up to the bound', async () => {
    expect(await list('department=Legal')).toMatchObject({ total: 3, totalIsLowerBound: false });
    expect(await list('department=Design&limit=2')).toMatchObject({ total: 5, totalIsLowerBound: false });
    expect(await list('department=Nowhere')).toMatchObject({ items: [], total: 0, totalIsLowerBound: false });
    expect(await list('department=Sales&status=invite_pending')).toMatchObject({ total: 3, totalIsLowerBound: false });
  });

  it('is a lower bound above it, on every page, and every person is still listed', async () => {
    const first = await list('department=Sales&limit=3&sort=name');
    expect(first).toMatchObject({ total: BOUND, totalIsLowerBound: true });
    const seen = first.items.map((u) => u.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await list(`department=Sales&limit=3&sort=name&cursor=${encodeURIComponent(cursor)}`);
      expect(page).toMatchObject({ total: BOUND, totalIsLowerBound: true });
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(8);
  });

  it('stays exact when only the status narrows the list, whatever the size', async () => {
    const [row] = await app.db.query<{ all: number; confirmed: number }>(
      `select count(*)::int as all, count(*) filter (where status = 'confirmed')::int as confirmed from users where deleted_at is null`,
    );
    expect(row!.all).toBeGreaterThan(BOUND);
    expect(await list('limit=1')).toMatchObject({ total: row!.all, totalIsLowerBound: false });
    expect(await list('status=confirmed&limit=1')).toMatchObject({ total: row!.confirmed, totalIsLowerBound: false });
  });

  it('leaves the counts by status exact for the same filters (what "select all matching" counts)', async () => {
    const res = await owner.get('/api/v1/users/counts?department=Sales');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(8);
    expect(res.body.counts).toMatchObject({ confirmed: 5, invite_pending: 3 });
  });

  it('counts every row with bound 0, and the object path agrees with the served JSON', async () => {
    const [me] = await app.db.query<{ id: string }>(
      `select id from users where email_normalized = 'owner@example.com'`,
    );
    const actor: Actor = { type: 'user', userId: me!.id, role: 'owner' };
    const q = listQuerySchema.parse({ department: 'Sales', limit: '2' });
    expect(JSON.parse(await listUsersJson(app.db, actor, q, 0))).toMatchObject({ total: 8, totalIsLowerBound: false });
    expect(JSON.parse(await listUsersJson(app.db, actor, q, 7))).toMatchObject({ total: 7, totalIsLowerBound: true });
    expect(await listUsers(app.db, actor, q, BOUND)).toMatchObject({ total: BOUND, totalIsLowerBound: true });
    expect(await listUsers(app.db, actor, q, 8)).toMatchObject({ total: 8, totalIsLowerBound: false });
  });
});
