import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb, type TestDb } from '../helpers/harness';
import { STATUSES, ROLES } from '../../src/common/domain';
import { recomputeGroup, refreshFor } from '../../src/server/modules/groups/membership';
import { fieldInfo, OPS_BY_KIND, type CustomFieldDef, type Rule } from '../../src/server/modules/groups/rules';
import { isMember, type World } from './evaluate';
import { daysAgo, insertPeople, type Person } from './people';

/**
 * Property: for random people and random rules, the membership the database stores (after a full
 * recompute, and after refreshFor following random changes) equals a plain in-memory evaluation.
 */
let db: TestDb;
const IDS = Array.from({ length: 16 }, () => randomUUID());
const TEAMS = { root: 't-root', a: 't-a', a1: 't-a1', b: 't-b', other: 't-other' };
const TEAM_PATHS = new Map([
  ['t-root', '/t-root/'],
  ['t-a', '/t-root/t-a/'],
  ['t-a1', '/t-root/t-a/t-a1/'],
  ['t-b', '/t-root/t-b/'],
  ['t-other', '/t-other/'],
]);
const CFS = new Map<string, CustomFieldDef>([
  ['n', { key: 'n', type: 'number' }],
  ['d', { key: 'd', type: 'date' }],
  ['b', { key: 'b', type: 'boolean' }],
  ['s', { key: 's', type: 'single_select', options: ['x', 'y'] }],
  ['m', { key: 'm', type: 'multi_select', options: ['p', 'q', 'r'] }],
  ['t', { key: 't', type: 'text' }],
]);

beforeAll(async () => {
  db = await testDb();
  for (const [id, path] of TEAM_PATHS) {
    const parent = path.split('/').filter(Boolean).slice(-2, -1)[0] ?? null;
    await db.query(`insert into teams (id, name, parent_id, path) values ($1, $1, $2, $3)`, [id, parent, path]);
  }
  for (const f of CFS.values())
    await db.query(`insert into custom_fields (key, label, type, options) values ($1, $1, $2, $3)`, [
      f.key,
      f.type,
      JSON.stringify(f.options ?? []),
    ]);
});
afterAll(() => db.close());

const DATES = [daysAgo(0), daysAgo(3), daysAgo(40), '2020-01-15', '2021-03-01'];
const TEXTS = ['Sales', 'sales ops', 'Eng', 'a_b', 'ÉTÉ', ''];
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const personArb = (i: number): fc.Arbitrary<Person> =>
  fc
    .record({
      id: fc.constant(IDS[i]!),
      email: fc.constantFrom('a@acme.com', 'b@Beta.org', null),
      status: fc.constantFrom(...STATUSES),
      role: fc.constantFrom(...ROLES),
      managerId: i === 0 ? fc.constant(null) : opt(fc.constantFrom(...IDS.slice(0, i))),
      department: opt(fc.constantFrom(...TEXTS)),
      location: opt(fc.constantFrom(...TEXTS)),
      jobTitle: opt(fc.constantFrom(...TEXTS)),
      language: opt(fc.constantFrom('en', 'fr', 'FR')),
      hireDate: opt(fc.constantFrom(...DATES)),
      createdAt: fc.constantFrom(
        `${daysAgo(0)}T00:30:00.000Z`,
        '2021-03-01T10:00:00.000Z',
        `${daysAgo(3)}T12:00:00.000Z`,
      ),
      onBreak: fc.boolean(),
      active: fc.boolean(),
      deleted: fc.constantFrom(false, false, true),
      customFields: fc.record(
        {
          n: fc.constantFrom(1, 2.5, 10),
          d: fc.constantFrom(...DATES),
          b: fc.boolean(),
          s: fc.constantFrom('x', 'y'),
          m: fc.subarray(['p', 'q', 'r']),
          t: fc.constantFrom(...TEXTS),
        },
        { requiredKeys: [] },
      ),
      teamIds: fc.subarray(Object.values(TEAMS)),
    })
    .map((p) => ({ ...p, email: p.email && p.email.replace('@', `+${i}@`) }));

const peopleArb = fc.tuple(...IDS.map((_, i) => personArb(i)));

const FIELDS = [
  'status',
  'role',
  'teamId',
  'managerId',
  'department',
  'location',
  'jobTitle',
  'language',
  'hireDate',
  'createdAt',
  'emailDomain',
  'onBreak',
  'engagement',
  ...[...CFS.keys()].map((k) => `cf.${k}`),
];

function scalarArb(field: string): fc.Arbitrary<unknown> {
  const info = fieldInfo(field, CFS)!;
  switch (info.kind) {
    case 'enum':
      return fc.constantFrom(...(info.values as string[]));
    case 'text':
      return field === 'emailDomain'
        ? fc.constantFrom('acme.com', 'BETA.org', 'acme')
        : fc.constantFrom('sales', 'SALES OPS', 'eng', 'a_b', '%', 'été', 'Ét');
    case 'date':
      return fc.constantFrom(...DATES);
    case 'number':
      return fc.constantFrom(1, 2.5, 3, 10);
    case 'boolean':
      return fc.boolean();
    case 'team':
      return fc.constantFrom(...Object.values(TEAMS));
    case 'user':
      return fc.constantFrom(...IDS.slice(0, 6));
    case 'multi':
      return fc.constantFrom('p', 'q', 'r');
  }
}

const conditionArb: fc.Arbitrary<Rule> = fc.constantFrom(...FIELDS).chain((field) => {
  const kind = fieldInfo(field, CFS)!.kind;
  return fc.constantFrom(...OPS_BY_KIND[kind]).chain((op): fc.Arbitrary<Rule> => {
    if (op === 'is_empty' || op === 'is_not_empty') return fc.constant({ field, op });
    if (op === 'within_last_days') return fc.constantFrom(0, 2, 5, 30).map((value) => ({ field, op, value }));
    if (op === 'in_team')
      return fc
        .record({ teamId: scalarArb(field), includeSubteams: fc.boolean() })
        .map((value) => ({ field, op, value }));
    if (op === 'in' || op === 'nin')
      return fc.uniqueArray(scalarArb(field), { minLength: 1, maxLength: 3 }).map((value) => ({ field, op, value }));
    return scalarArb(field).map((value) => ({ field, op, value }));
  });
});

const ruleArb: fc.Arbitrary<Rule> = fc.letrec<{ node: Rule }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    conditionArb,
    fc.array(tie('node'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('node'), { maxLength: 3 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
})).node;

async function stored(groupId: string): Promise<string[]> {
  const rows = await db.query<{ user_id: string }>(
    `select user_id from group_members where group_id = $1 and user_id = any($2::text[]) order by user_id`,
    [groupId, IDS],
  );
  return rows.map((r) => r.user_id);
}

function expected(rule: Rule, people: Person[]): string[] {
  const world: World = {
    people: new Map(people.map((p) => [p.id, p])),
    teamPaths: TEAM_PATHS,
    customFields: CFS,
    today: daysAgo(0),
  };
  return people
    .filter((p) => isMember(rule, p, world))
    .map((p) => p.id)
    .sort();
}

async function writeState(people: Person[]) {
  await db.query(`delete from team_members where user_id = any($1::text[])`, [IDS]);
  await db.query(`update users set manager_id = null where id = any($1::text[])`, [IDS]);
  await db.query(`delete from users where id = any($1::text[])`, [IDS]);
  await insertPeople(db, people);
}

/** Changes the people in place (their stored memberships stay, as after a write that did not call refreshFor). */
async function updateState(people: Person[]) {
  for (const p of people) {
    await db.query(
      `update users set email = $2, email_normalized = lower($2), status = $3, role = $4, manager_id = $5, department = $6, location = $7,
         job_title = $8, language = $9, hire_date = $10, created_at = $11, on_break = $12,
         first_learning_activity_at = case when $13::boolean then now() end, deleted_at = case when $14::boolean then now() end,
         custom_fields = $15 where id = $1`,
      [
        p.id,
        p.email,
        p.status,
        p.role,
        p.managerId,
        p.department,
        p.location,
        p.jobTitle,
        p.language,
        p.hireDate,
        p.createdAt,
        p.onBreak,
        p.active,
        p.deleted,
        JSON.stringify(p.customFields),
      ],
    );
  }
  await db.query(`delete from team_members where user_id = any($1::text[])`, [IDS]);
  for (const p of people)
    for (const tId of p.teamIds)
      await db.query(`insert into team_members (team_id, user_id) values ($1, $2)`, [tId, p.id]);
}

describe('group membership in the database matches an in-memory evaluation', () => {
  it('after a full recompute, after refreshFor following changes, and after a recompute over stale members', async () => {
    await fc.assert(
      fc.asyncProperty(
        peopleArb,
        peopleArb,
        fc.array(ruleArb, { minLength: 12, maxLength: 12 }),
        async (before, after, rules) => {
          await db.query(`delete from groups`);
          await writeState(before);
          const groups = rules.map((rule) => ({ id: randomUUID(), rule }));
          for (const g of groups) {
            await db.query(`insert into groups (id, name, rules) values ($1, $1, $2)`, [g.id, JSON.stringify(g.rule)]);
            await db.tx((tx) => recomputeGroup(tx, g.id, 'test'));
            expect(await stored(g.id), JSON.stringify(g.rule)).toEqual(expected(g.rule, before));
          }

          // The same people change (fields, teams, managers): refreshFor brings the stored rows in line.
          await updateState(after);
          await db.tx((tx) => refreshFor(tx, IDS, 'test'));
          for (const g of groups) expect(await stored(g.id), JSON.stringify(g.rule)).toEqual(expected(g.rule, after));

          // Back to the first state without refreshFor: a full recompute over stale members joins and removes
          // exactly the difference.
          await updateState(before);
          for (const g of groups) {
            const was = await stored(g.id);
            const want = expected(g.rule, before);
            const changes = await db.tx((tx) => recomputeGroup(tx, g.id, 'test'));
            expect(await stored(g.id), JSON.stringify(g.rule)).toEqual(want);
            expect(changes, JSON.stringify(g.rule)).toEqual({
              joined: want.filter((id) => !was.includes(id)).length,
              left: was.filter((id) => !want.includes(id)).length,
            });
          }
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? (process.env.TEST_DATABASE_URL ? 20 : 40)) },
    );
  }, 180_000);
});
