import fc from 'fast-check';
import { filter as referenceFilter, parse as referenceParse } from 'scim2-parse-filter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_ATTRS } from '../../src/server/modules/scim/attributes';
import { parseFilter } from '../../src/server/modules/scim/filter';
import { matches } from '../../src/server/modules/scim/filterEval';
import { compileFilter } from '../../src/server/modules/scim/filterSql';
import { renderUser, type ScimUserRow } from '../../src/server/modules/scim/userResource';
import { testDb, type TestDb } from '../helpers/harness';
import { filterArb, type GenAttr } from './filterGen';

/**
 * Our filter evaluation checked against a second implementation (scim2-parse-filter), and our
 * filter-to-SQL compiler checked against our evaluation on the same users stored in the database.
 */
const lower = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '@', '.'), minLength: 0, maxLength: 3 });

const REF_ATTRS: GenAttr[] = [
  { path: 'userName', kind: 'string' },
  { path: 'title', kind: 'string' },
  { path: 'name.givenName', kind: 'string' },
  { path: 'name.familyName', kind: 'string' },
  { path: 'emails.value', kind: 'string' },
  { path: 'emails.type', kind: 'string' },
  { path: 'active', kind: 'boolean' },
];
const EMAIL_ATTRS: GenAttr[] = [
  { path: 'value', kind: 'string' },
  { path: 'type', kind: 'string' },
  { path: 'primary', kind: 'boolean' },
];

const nonEmpty = lower.filter((s) => s.length > 0);
const userArb = fc.record({
  userName: nonEmpty,
  title: nonEmpty,
  name: fc.record({ givenName: nonEmpty, familyName: nonEmpty }),
  emails: fc.array(fc.record({ value: nonEmpty, type: fc.constantFrom('work', 'home'), primary: fc.boolean() }), {
    maxLength: 3,
  }),
  active: fc.boolean(),
});

/**
 * scim2-parse-filter applies a value filter to the whole list, not to each value (so
 * `emails[type eq "work" and value co "x"]` may match two different emails, and `not` inside
 * brackets negates "any"). RFC 7644 §3.4.2.2 means each value; the two readings agree for
 * leaves joined by "or", which is what the reference comparison generates inside brackets.
 */
describe('filter evaluation agrees with scim2-parse-filter', () => {
  it('on generated users and filters (lower-case values, where both agree on case rules)', () => {
    fc.assert(
      fc.property(
        fc.array(userArb, { minLength: 1, maxLength: 8 }),
        filterArb(REF_ATTRS, lower, undefined, { path: 'emails', attrs: EMAIL_ATTRS, simple: true }),
        (users, text) => {
          const ours = users.map((u) => matches(parseFilter(text), u, USER_ATTRS));
          const theirs = users.map(referenceFilter(referenceParse(text)));
          expect(ours, text).toEqual(theirs);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

/** Mixed-case values: SQL and the evaluator must apply the same case rules per attribute. */
const mixed = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', '-', 'é'), minLength: 0, maxLength: 3 });
const DB_ATTRS: GenAttr[] = [
  ...REF_ATTRS,
  { path: 'displayName', kind: 'string' },
  { path: 'externalId', kind: 'string' },
  { path: 'emails', kind: 'string' },
  { path: 'emails.primary', kind: 'boolean' },
  { path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', kind: 'string' },
  { path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', kind: 'string' },
  { path: 'meta.created', kind: 'dateTime' },
  { path: 'meta.lastModified', kind: 'dateTime' },
];

describe('filter SQL agrees with the in-memory evaluation', () => {
  let db: TestDb;
  let rows: ScimUserRow[];
  const dates: string[] = [];

  beforeAll(async () => {
    db = await testDb();
    const sample = fc.sample(
      fc.record({
        userName: mixed,
        title: fc.option(mixed),
        first: mixed.filter((s) => s.trim().length > 0),
        last: mixed,
        ext: fc.option(mixed.filter((x) => x.length > 0)), // SCIM never stores an empty externalId
        display: fc.option(mixed),
        emails: fc.array(
          fc.record({ value: mixed, type: fc.constantFrom('work', 'Work', 'home'), primary: fc.boolean() }),
          { maxLength: 2 },
        ),
        status: fc.constantFrom('confirmed', 'deactivated', 'not_invited'),
        employee: fc.option(mixed),
        department: fc.option(mixed),
      }),
      { numRuns: 40, seed: 7 },
    );
    for (const [i, u] of sample.entries()) {
      const emails = u.emails.map((e, j) => ({ ...e, value: `${e.value}${i}-${j}@Example.org` }));
      const created = new Date(Date.UTC(2024, 0, 1 + (i % 5), i % 3, 0, 0, i * 7)).toISOString();
      dates.push(created);
      await db.query(
        `insert into users (id, email, email_normalized, first_name, last_name, status, status_before_deactivation, job_title, external_id,
           scim_user_name, managed_by, scim_extra, employee_id, department, created_at, updated_at)
         values ($1, $2, lower($2), $3, $4, $5, case when $5 = 'deactivated' then 'confirmed' end, $6, $7, $8, 'scim', $9, $10, $11, $12, $12)`,
        [
          `u${i}`,
          emails.length
            ? (emails.find((e) => e.primary) ?? emails.find((e) => e.type.toLowerCase() === 'work') ?? emails[0])!.value
            : `nobody${i}@example.org`,
          u.first,
          u.last,
          u.status,
          u.title,
          u.ext,
          `${u.userName}#${i}`,
          JSON.stringify({ emails, ...(u.display === null ? {} : { displayName: u.display }) }),
          u.employee === null ? null : `${u.employee}${i}`,
          u.department,
          created,
        ],
      );
    }
    rows = await db.query<ScimUserRow>(`select * from users where managed_by = 'scim'`);
  });
  afterAll(async () => db?.close());

  it('selects exactly the users the evaluator matches', async () => {
    const resources = rows.map((r) => renderUser(r, 'http://x'));
    await fc.assert(
      fc.asyncProperty(
        filterArb(DB_ATTRS, mixed, fc.constantFrom(...dates, '2024-01-03T01:00:00Z'), {
          path: 'emails',
          attrs: EMAIL_ATTRS,
        }),
        async (text) => {
          const ast = parseFilter(text);
          const params: unknown[] = [];
          const sql = compileFilter(ast, USER_ATTRS, params);
          const got = (
            await db.query<{ id: string }>(
              `select u.id from users u where u.managed_by = 'scim' and ${sql} order by u.id`,
              params,
            )
          ).map((r) => r.id);
          const want = resources
            .filter((r) => matches(ast, r, USER_ATTRS))
            .map((r) => r.id as string)
            .sort();
          expect(got, text).toEqual(want);
        },
      ),
      { numRuns: 400 },
    );
  }, 120_000);
});
