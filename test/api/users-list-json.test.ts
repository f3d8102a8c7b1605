import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Actor } from '../../src/server/core/actor';
import { userPageSchema } from '../../src/common/contract/users';
import { STATUSES } from '../../src/common/domain';
import { listQuerySchema } from '../../src/server/modules/people/schemas';
import { listUsers } from '../../src/server/modules/users/list';
import { insertUser } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

/**
 * GET /users answers JSON written by PostgreSQL (users/list.ts listUsersJson, docs/decisions/028-list-page-cpu.md).
 * Its bytes must be what the object path writes — listUsers, toDto, then the route schema's serializer (encode,
 * JSON.stringify) — for every kind of value a person can hold: each status, nulls and set values, timestamps with
 * microseconds and before 1970, awkward text, custom fields of every type, HR-managed fields, deleted people.
 */
const { t, owner } = useApp();
let actor: Actor;
let bossId: string;

beforeAll(async () => {
  const [me] = await t.db.query<{ id: string }>(`select id from users where role = 'owner'`);
  actor = { type: 'user', userId: me!.id, role: 'owner' };
  bossId = (await insertUser(t.db, { email: 'boss@example.com', firstName: 'Big', lastName: 'Boss' })).id;
  const awkward = ['O\'Brien "Bob"', 'back\\slash', 'line\nbreak\ttab', 'ctrl\u0001\u001f', 'Zoë 日本 😀', '</script>'];
  for (let i = 0; i < 28; i++) {
    const status = STATUSES[i % STATUSES.length]!;
    const { id } = await insertUser(t.db, {
      email: `Person${i}@Example.com`,
      firstName: awkward[i % awkward.length]!,
      lastName: `Last${String(i % 9)}`,
      status,
      managerId: i % 3 === 0 ? bossId : undefined,
    });
    // Every other person has every optional value set; the rest keep their nulls.
    if (i % 2 === 0)
      await t.db.query(
        `update users set job_title = $2, department = 'R&D', location = 'Zürich', phone = '+41 44 000 00 00',
           language = 'fr', time_zone = 'Europe/Zurich', hire_date = '2019-02-28', employee_id = $3,
           photo_url = 'https://example.com/p.png', on_break = true, break_until = '2027-01-02 03:04:05.678999+00',
           expires_at = '1969-12-31 23:59:59.9995+00', invited_at = '2026-05-06 07:08:09.000001+02',
           invite_scheduled_at = now(), first_learning_activity_at = case when $4 then now() end,
           last_sign_in_at = '2026-01-01 00:00:00+00', last_activity_at = '2026-12-31 23:59:59.999+00',
           custom_fields = $5::jsonb, status_before_deactivation = 'invite_pending'
         where id = $1`,
        [
          id,
          `Title ${awkward[(i + 1) % awkward.length]}`,
          `E-${i}`,
          i % 4 === 0,
          JSON.stringify({
            team_name: `Team "${i}" ✓`,
            level: i,
            ratio: i + 0.25,
            remote: i % 4 === 0,
            started: '2020-01-31',
            colour: 'blue',
            skills: i % 4 === 0 ? ['sql', 'ts "strict"'] : [],
          }),
        ],
      );
    if (i % 5 === 0)
      await t.db.query(
        `update users set managed_by = 'scim', deactivated_by_hr = $2, hr_managed_fields = $3::jsonb where id = $1`,
        [id, i % 10 === 0, JSON.stringify(i % 10 === 0 ? ['jobTitle', 'managerId'] : [])],
      );
    // HR-managed fields left on a person no longer managed by SCIM are not shown.
    if (i === 7) await t.db.query(`update users set hr_managed_fields = '["email"]'::jsonb where id = $1`, [id]);
    if (i % 6 === 1) await t.db.query(`update users set deleted_at = now() where id = $1`, [id]);
  }
});

/** The page as the object path writes it: listUsers, then what the route's serializer does with its schema. */
async function objectPath(query: Record<string, string>): Promise<string> {
  const page = await listUsers(t.db, actor, listQuerySchema.parse(query));
  return JSON.stringify(z.encode(userPageSchema, page));
}

async function servedPath(query: Record<string, string>): Promise<string> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/users?${new URLSearchParams(query)}`,
    headers: { cookie: owner.cookie! },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  return res.body;
}

const QUERIES: Record<string, string>[] = [
  {},
  { status: 'confirmed,invite_pending', sort: 'name', limit: '50' },
  { sort: '-createdAt', limit: '4' },
  { sort: 'email', limit: '5' },
  { sort: '-name', limit: '3', deleted: 'true' },
  { q: 'person1', sort: 'name' },
  { reportsTo: '' }, // replaced by the boss's id below: a counted total with a bound parameter
  { status: 'anonymised', limit: '1' },
  { q: 'nobody-has-this-name' },
];

describe('GET /users written by PostgreSQL', () => {
  it('is byte for byte the object path, on every page of varied queries', async () => {
    let pages = 0;
    let people = 0;
    for (const base of QUERIES) {
      const query = 'reportsTo' in base ? { reportsTo: bossId } : base;
      let cursor: string | null = null;
      do {
        const q: Record<string, string> = cursor ? { ...query, cursor } : query;
        const expected = await objectPath(q);
        expect(await servedPath(q), JSON.stringify(q)).toBe(expected);
        const page = JSON.parse(expected) as { items: unknown[]; nextCursor: string | null };
        people += page.items.length;
        cursor = page.nextCursor;
        pages++;
        expect(pages).toBeLessThan(100);
      } while (cursor);
    }
    // The queries did reach people, several pages and an empty page (whose total is read on its own).
    expect(people).toBeGreaterThan(60);
    expect(pages).toBeGreaterThan(20);
  });

  it('a page past the last keeps its total', async () => {
    const first = JSON.parse(await servedPath({ sort: 'name', limit: '500' })) as { total: number; items: unknown[] };
    expect(first.items.length).toBe(first.total);
    const lastId = (first.items.at(-1) as { id: string }).id;
    const [row] = await t.db.query<{ sort_name: string }>(`select sort_name from users where id = $1`, [lastId]);
    const past = Buffer.from(JSON.stringify({ v: row!.sort_name, id: lastId })).toString('base64url');
    const q = { sort: 'name', cursor: past };
    const body = await servedPath(q);
    expect(body).toBe(await objectPath(q));
    expect(JSON.parse(body)).toEqual({ items: [], nextCursor: null, total: first.total, totalIsLowerBound: false });
  });
});
