import { beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { expectError } from '../helpers/api';
import { ROLES, STATUSES, type Role, type Status } from '../../src/common/domain';

/**
 * The People list's header sorts (docs/decisions/026-people-list-views.md): every page in order, across pages,
 * with nulls and ties (id breaks them), and the department, location and custom-field filters.
 */
const { t, owner } = useApp();

interface Person {
  id: string;
  status: Status;
  role: Role;
  lastSignInAt: string | null;
  lastActivityAt: string | null;
  department: string | null;
  location: string | null;
  expiresAt: string | null;
}
const people: Person[] = [];

// Ties on purpose: several people share each value (differing only in case for text), and a third have none.
const STAMPS = ['2026-01-01T00:00:00.000001Z', '2026-01-01T00:00:00.000002Z', '2025-06-30T12:00:00.5Z', null];
const DEPARTMENTS = ['Sales', 'sales', 'marketing', null, 'SALES', 'finance'];
const LOCATIONS = ['paris', null, 'Berlin', 'berlin', null];
const STATUS_CYCLE: Status[] = ['confirmed', 'not_invited', 'deactivated', 'confirmed', 'invite_pending', 'expired'];
const ROLE_CYCLE: Role[] = ['learner', 'hr', 'learner', 'admin', 'reporter'];

beforeAll(async () => {
  for (let i = 0; i < 23; i++) {
    const p: Person = {
      id: '',
      status: STATUS_CYCLE[i % STATUS_CYCLE.length]!,
      role: ROLE_CYCLE[i % ROLE_CYCLE.length]!,
      lastSignInAt: STAMPS[i % 4]!,
      lastActivityAt: STAMPS[(i + 1) % 4]!,
      department: DEPARTMENTS[i % DEPARTMENTS.length]!,
      location: LOCATIONS[i % LOCATIONS.length]!,
      expiresAt: i % 3 === 0 ? null : STAMPS[i % 2]!,
    };
    const u = await insertUser(t.db, { firstName: 'Sorty', lastName: `P${i}`, status: p.status, role: p.role });
    p.id = u.id;
    await t.db.query(
      `update users set last_sign_in_at = $2, last_activity_at = $3, department = $4, location = $5, expires_at = $6,
         custom_fields = $7::jsonb where id = $1`,
      [
        u.id,
        p.lastSignInAt,
        p.lastActivityAt,
        p.department,
        p.location,
        p.expiresAt,
        JSON.stringify({
          tshirt: i % 2 ? 'M' : 'L',
          nickname: i % 4 ? 'Bo' : 'Al',
          skills: i % 3 ? ['go', 'sql'] : ['sql'],
          level: i % 5,
          remote: i % 2 === 0,
          since: i % 2 ? '2024-01-31' : '2025-02-01',
        }),
      ],
    );
    people.push(p);
  }
  expect(
    (
      await owner.post('/api/v1/custom-fields', {
        key: 'tshirt',
        label: 'T-shirt',
        type: 'single_select',
        options: ['M', 'L'],
        filterable: true,
      })
    ).status,
  ).toBe(201);
  for (const field of [
    { key: 'skills', label: 'Skills', type: 'multi_select', options: ['go', 'sql'], filterable: true },
    { key: 'level', label: 'Level', type: 'number', filterable: true },
    { key: 'remote', label: 'Remote', type: 'boolean', filterable: true },
    { key: 'since', label: 'Since', type: 'date', filterable: true },
  ])
    expect((await owner.post('/api/v1/custom-fields', field)).status).toBe(201);
  expect(
    (await owner.post('/api/v1/custom-fields', { key: 'nickname', label: 'Nickname', type: 'text', filterable: true }))
      .status,
  ).toBe(201);
});

async function allPages(query: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await owner.get(
      `/api/v1/users?q=sorty&${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    seen.push(...res.body.items.map((u: { id: string }) => u.id));
    cursor = res.body.nextCursor;
    expect(++pages).toBeLessThan(40);
  } while (cursor);
  return seen;
}

/** Microseconds since the epoch (a JS Date keeps milliseconds only). */
const micros = (v: string | null, none: number) =>
  v === null ? none : Date.parse(`${v.slice(0, 19)}Z`) * 1000 + Number(`${v.slice(20, -1)}000000`.slice(0, 6));
/** The documented order of each sort, written here independently of list.ts. */
const KEYS: Record<string, (p: Person) => number | string> = {
  status: (p) => STATUSES.indexOf(p.status),
  role: (p) => ROLES.indexOf(p.role),
  lastSignInAt: (p) => micros(p.lastSignInAt, -Infinity),
  lastActivityAt: (p) => micros(p.lastActivityAt, -Infinity),
  department: (p) => (p.department ?? '').toLowerCase(),
  location: (p) => (p.location ?? '').toLowerCase(),
  expiresAt: (p) => micros(p.expiresAt, Infinity),
};

function expected(key: string, desc: boolean, among = people): string[] {
  const k = KEYS[key]!;
  const sorted = [...among].sort((a, b) => {
    const x = k(a);
    const y = k(b);
    return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  if (desc) sorted.reverse();
  return sorted.map((p) => p.id);
}

describe('GET /users header sorts', () => {
  for (const key of Object.keys(KEYS))
    for (const desc of [false, true])
      it(`sorts by ${desc ? '-' : ''}${key} across pages, nulls and ties included`, async () => {
        const sort = `${desc ? '-' : ''}${key}`;
        const ids = await allPages(`sort=${sort}`, 4);
        expect(ids).toEqual(expected(key, desc));
        // The same order as one page of everything.
        const one = await owner.get(`/api/v1/users?q=sorty&sort=${sort}&limit=500`);
        expect(one.body.items.map((u: { id: string }) => u.id)).toEqual(ids);
      });

  it('refuses a cursor whose value does not fit the sort', async () => {
    const text = Buffer.from(JSON.stringify({ v: 'confirmed', id: 'x' })).toString('base64url');
    expectError(await owner.get(`/api/v1/users?sort=status&cursor=${text}`), 400, 'validation_failed');
    const notAnInstant = Buffer.from(JSON.stringify({ v: 'soon', id: 'x' })).toString('base64url');
    expectError(await owner.get(`/api/v1/users?sort=-lastSignInAt&cursor=${notAnInstant}`), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/users?sort=phone'), 400, 'validation_failed');
  });
});

describe('GET /users new filters', () => {
  it('filters by department and location, case-insensitively', async () => {
    const sales = await allPages('department=sALes&sort=name', 5);
    expect(new Set(sales)).toEqual(
      new Set(people.filter((p) => p.department?.toLowerCase() === 'sales').map((p) => p.id)),
    );
    expect(sales.length).toBeGreaterThan(3);
    const berlin = await allPages('location=BERLIN&sort=-expiresAt', 3);
    expect(berlin).toEqual(
      expected(
        'expiresAt',
        true,
        people.filter((p) => p.location?.toLowerCase() === 'berlin'),
      ),
    );
    const both = await owner.get('/api/v1/users?q=sorty&department=sales&location=paris&limit=100');
    expect(both.status).toBe(200);
    expect(both.body.total).toBe(
      people.filter((p) => p.department?.toLowerCase() === 'sales' && p.location === 'paris').length,
    );
    const counts = await owner.get('/api/v1/users/counts?q=sorty&department=Sales');
    expect(counts.body.total).toBe(sales.length);
  });

  it('filters by custom fields by type, with a header sort across pages', async () => {
    const m = await allPages('cf.tshirt=M&sort=-lastSignInAt', 3);
    expect(m).toEqual(
      expected(
        'lastSignInAt',
        true,
        people.filter((_, i) => i % 2 === 1),
      ),
    );
    const al = await allPages('cf.nickname=AL&sort=role', 2);
    expect(al).toEqual(
      expected(
        'role',
        false,
        people.filter((_, i) => i % 4 === 0),
      ),
    );
    const by = (f: (i: number) => boolean) => people.filter((_, i) => f(i));
    expect(await allPages('cf.skills=go&sort=status', 4)).toEqual(
      expected(
        'status',
        false,
        by((i) => i % 3 !== 0),
      ),
    );
    expect(await allPages('cf.level=3&sort=-department', 2)).toEqual(
      expected(
        'department',
        true,
        by((i) => i % 5 === 3),
      ),
    );
    expect(await allPages('cf.level=3.0&sort=-department', 2)).toEqual(
      expected(
        'department',
        true,
        by((i) => i % 5 === 3),
      ),
    );
    expect(await allPages('cf.remote=true&sort=location', 4)).toEqual(
      expected(
        'location',
        false,
        by((i) => i % 2 === 0),
      ),
    );
    expect(await allPages('cf.since=2024-01-31&sort=-expiresAt', 4)).toEqual(
      expected(
        'expiresAt',
        true,
        by((i) => i % 2 === 1),
      ),
    );
    // A value the field's type cannot hold matches nobody (not a 500).
    for (const q of ['cf.level=many', 'cf.remote=maybe'])
      expect((await owner.get(`/api/v1/users?q=sorty&${q}`)).body.total).toBe(0);
  });

  it('filters by manager, direct or at any level', async () => {
    const boss = await insertUser(t.db, { firstName: 'Boss', lastName: 'Sorty' });
    const mid = await insertUser(t.db, { firstName: 'Mid', lastName: 'Sorty', managerId: boss.id });
    const low = await insertUser(t.db, { firstName: 'Low', lastName: 'Sorty', managerId: mid.id });
    const direct = await owner.get(`/api/v1/users?managerId=${boss.id}`);
    expect(direct.body.items.map((u: { id: string }) => u.id)).toEqual([mid.id]);
    const any = await owner.get(`/api/v1/users?reportsTo=${boss.id}&sort=-name`);
    expect(new Set(any.body.items.map((u: { id: string }) => u.id))).toEqual(new Set([mid.id, low.id]));
    await t.db.query(`delete from users where id = any($1)`, [[low.id, mid.id, boss.id]]);
  });
});
