import { beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { expectError } from '../helpers/api';
import type { Role, Status } from '../../src/common/domain';

const { t, owner } = useApp();
const ids: Record<string, string> = {};

/** 30 people (+ the owner): a mix of statuses, roles, duplicate names, a break and learning activity. */
beforeAll(async () => {
  const statuses: Status[] = ['not_invited', 'invite_pending', 'confirmed', 'deactivated', 'confirmed', 'expired'];
  const roles: Role[] = ['learner', 'hr', 'reporter'];
  for (let i = 0; i < 30; i++) {
    const u = await insertUser(t.db, {
      email: `Person${String(i).padStart(2, '0')}@Example.com`,
      firstName: i % 5 === 0 ? 'Same' : `First${i}`,
      lastName: i % 5 === 0 ? 'Name' : `Last${String(30 - i).padStart(2, '0')}`,
      status: statuses[i % statuses.length],
      role: roles[i % roles.length],
      password: 'x',
    });
    ids[`p${i}`] = u.id;
  }
  const special = await insertUser(t.db, {
    email: 'odd.chars@example.com',
    firstName: "O'Brien",
    lastName: '100%_\\done',
    status: 'confirmed',
  });
  ids.special = special.id;
  await t.db.query(`update users set on_break = true where id = any($1)`, [[ids.p2, ids.p4]]);
  await t.db.query(`update users set first_learning_activity_at = now() where id = $1`, [ids.p4]);
});

const TOTAL = 32; // 30 + special + owner

async function allPages(query: string, limit: number) {
  const seen: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let total = -1;
  do {
    const res = await owner.get(
      `/api/v1/users?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    if (total === -1) total = res.body.total;
    expect(res.body.total).toBe(total);
    seen.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
    expect(pages).toBeLessThan(50);
  } while (cursor);
  return { seen, total, pages };
}

describe('GET /users search', () => {
  it('matches names, emails and is case-insensitive', async () => {
    const byEmail = await owner.get('/api/v1/users?q=PERSON07@example');
    expect(byEmail.body.items.map((u: any) => u.id)).toEqual([ids.p7]);
    const byName = await owner.get('/api/v1/users?q=first13');
    expect(byName.body.items.map((u: any) => u.id)).toEqual([ids.p13]);
    const full = await owner.get(`/api/v1/users?q=${encodeURIComponent('first13 last17')}`);
    expect(full.body.items.map((u: any) => u.id)).toEqual([ids.p13]);
    const same = await owner.get('/api/v1/users?q=same');
    expect(same.body.total).toBe(6);
  });

  it.each([
    ['%', 1],
    ['_', 1],
    ['\\', 1],
    ["O'Brien", 1],
    ['"', 0],
    ["' or 1=1 --", 0],
    ['%_\\', 1],
    ['); drop table users; --', 0],
  ])('treats %j literally', async (q, expected) => {
    const res = await owner.get(`/api/v1/users?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(expected);
    if (expected) expect(res.body.items[0].id).toBe(ids.special);
  });

  it('refuses a 10,000-character query with 400, not 500', async () => {
    const res = await owner.get(`/api/v1/users?q=${'a'.repeat(10_000)}`);
    expectError(res, 400, 'validation_failed');
    expect((await owner.get('/api/v1/users?limit=1')).body.total).toBe(TOTAL);
  });
});

describe('GET /users filters', () => {
  it('status takes several values', async () => {
    const res = await owner.get('/api/v1/users?status=deactivated,expired&limit=500');
    expect(res.body.items.every((u: any) => ['deactivated', 'expired'].includes(u.status))).toBe(true);
    expect(res.body.total).toBe(10);
    expect(res.body.items).toHaveLength(10);
    expectError(await owner.get('/api/v1/users?status=confirmed,bogus'), 400, 'validation_failed');
  });

  it('role', async () => {
    const res = await owner.get('/api/v1/users?role=hr&limit=500');
    expect(res.body.total).toBe(10);
    expect(res.body.items.every((u: any) => u.role === 'hr')).toBe(true);
    const two = await owner.get('/api/v1/users?role=hr,owner&limit=500');
    expect(two.body.total).toBe(11);
  });

  it('onBreak and engagement', async () => {
    const onBreak = await owner.get('/api/v1/users?onBreak=true');
    expect(onBreak.body.items.map((u: any) => u.id).sort()).toEqual([ids.p2, ids.p4].sort());
    expect((await owner.get('/api/v1/users?onBreak=false&limit=1')).body.total).toBe(TOTAL - 2);
    const active = await owner.get('/api/v1/users?engagement=active');
    expect(active.body.items.map((u: any) => u.id)).toEqual([ids.p4]);
    expect(active.body.items[0].engagement).toBe('active');
    const activated = await owner.get('/api/v1/users?engagement=activated&limit=500');
    // confirmed: p2, p4, p8, p10, p14, p16, p20, p22, p26, p28 + special + owner, minus p4
    expect(activated.body.total).toBe(11);
    expect(activated.body.items.every((u: any) => u.status === 'confirmed' && u.engagement === 'activated')).toBe(true);
    expectError(await owner.get('/api/v1/users?engagement=busy'), 400, 'validation_failed');
  });

  it('combines filters with search', async () => {
    const res = await owner.get('/api/v1/users?q=same&status=not_invited');
    // "Same Name" people are p0, p5, p10, p15, p20, p25; not_invited is i % 6 == 0 → p0
    expect(res.body.items.map((u: any) => u.id)).toEqual([ids.p0]);
  });

  it('refuses unknown filters', async () => {
    expectError(await owner.get('/api/v1/users?favouriteColour=blue'), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/users?sort=shoeSize'), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/users?limit=501'), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/users?limit=0'), 400, 'validation_failed');
  });
});

describe('GET /users sorting and cursor pagination', () => {
  const sorted = (items: any[], key: (u: any) => string, desc: boolean) => {
    const copy = [...items].sort((a, b) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    return desc ? copy.reverse() : copy;
  };

  it.each(['name', '-name', 'createdAt', '-createdAt', 'email', '-email'])(
    'sort=%s pages without duplicates or gaps',
    async (sort) => {
      const { seen, total, pages } = await allPages(`sort=${sort}`, 7);
      expect(total).toBe(TOTAL);
      expect(pages).toBe(Math.ceil(TOTAL / 7));
      const idsSeen = seen.map((u) => u.id);
      expect(new Set(idsSeen).size).toBe(idsSeen.length);
      expect(idsSeen).toHaveLength(TOTAL);
      const desc = sort.startsWith('-');
      if (sort.endsWith('email'))
        expect(idsSeen).toEqual(sorted(seen, (u) => u.email.toLowerCase(), desc).map((u) => u.id));
      if (sort.endsWith('createdAt')) {
        const times = seen.map((u) => Date.parse(u.createdAt));
        for (let i = 1; i < times.length; i++)
          expect(desc ? times[i - 1]! >= times[i]! : times[i - 1]! <= times[i]!).toBe(true);
      }
      if (sort.endsWith('name')) {
        const names = seen.map((u) => `${u.lastName} ${u.firstName}`.toLowerCase());
        const sameIdx = names.map((n, i) => (n === 'name same' ? i : -1)).filter((i) => i >= 0);
        // Ties are contiguous and ordered by id.
        expect(sameIdx[sameIdx.length - 1]! - sameIdx[0]!).toBe(5);
      }
    },
  );

  it('pages through a filtered list with the filtered total', async () => {
    const { seen, total } = await allPages('status=confirmed&sort=-createdAt', 3);
    expect(total).toBe(12);
    expect(new Set(seen.map((u) => u.id)).size).toBe(12);
  });

  it('refuses an invalid cursor with 400', async () => {
    expectError(await owner.get('/api/v1/users?cursor=not-a-cursor'), 400, 'validation_failed');
    const forged = Buffer.from(JSON.stringify({ v: 'yesterday-ish', id: 'x' })).toString('base64url');
    expectError(await owner.get(`/api/v1/users?sort=createdAt&cursor=${forged}`), 400, 'validation_failed');
    const wrongShape = Buffer.from(JSON.stringify({ v: { a: 1 }, id: 3 })).toString('base64url');
    expectError(await owner.get(`/api/v1/users?cursor=${wrongShape}`), 400, 'validation_failed');
  });
});

describe('GET /users/counts', () => {
  it('counts by status for the current filters, ignoring the status filter itself', async () => {
    const res = await owner.get('/api/v1/users/counts');
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({
      not_invited: 5,
      invite_pending: 5,
      confirmed: 12,
      deactivated: 5,
      expired: 5,
      invite_scheduled: 0,
      anonymised: 0,
    });
    expect(res.body.total).toBe(TOTAL);
    const hr = await owner.get('/api/v1/users/counts?role=hr&status=confirmed');
    // hr is i % 3 == 1: p1 p4 p7 p10 p13 p16 p19 p22 p25 p28
    expect(hr.body.counts).toEqual({
      not_invited: 0,
      invite_scheduled: 0,
      invite_pending: 5,
      confirmed: 5,
      deactivated: 0,
      expired: 0,
      anonymised: 0,
    });
    expect(hr.body.total).toBe(10);
  });

  it('needs a session', async () => {
    expectError(await t.anon().get('/api/v1/users/counts'), 401, 'unauthenticated');
    expectError(await t.anon().get('/api/v1/users'), 401, 'unauthenticated');
  });
});
