import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { PLAN_PER_CALL } from '../../src/server/db/index';
import {
  DIRECTORY_SEARCH_TEXTS,
  LIST_SEARCH_TEXTS,
  searchableByTrigrams,
  searchCondition,
} from '../../src/server/modules/people/search';

/**
 * The name search of the People list and of the directory through one joined text per search (migration 056,
 * docs/decisions/033-name-search-at-a-million.md) returns exactly what the conditions before it returned. Those
 * conditions are written out below as the reference, and compared, term by term, with what the API answers.
 */
const { t, owner } = useApp();

/** The People list's search before migration 056, on the lower-cased LIKE pattern $1. */
const OLD_LIST = `(lower(u.first_name || ' ' || u.last_name) like $1 or u.sort_name like $1 or u.email_normalized like $1
  or lower(u.employee_id) like $1)`;
/** The directory's search before migration 056. */
const OLD_DIRECTORY = `(lower(u.first_name || ' ' || u.last_name) like $1 or u.sort_name like $1 or lower(u.job_title) like $1
  or lower(u.department) like $1 or lower(u.location) like $1
  or u.id in (select m.user_id from team_members m join teams t on t.id = m.team_id where lower(t.name) like $1))`;
const LISTED = `u.deleted_at is null and u.status = 'confirmed' and (u.expires_at is null or u.expires_at > now())
  and not u.hidden_from_directory`;
const likePattern = (q: string) =>
  `%${q
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const SEP = '\u001f';
const FIRST = [
  'Ann',
  'Anne',
  'Zoé',
  'José',
  'Li',
  'Björk',
  "O'Brien",
  '100%',
  'a_b',
  'Back\\slash',
  'Élodie',
  'Ab' + SEP + 'cd',
];
const LAST = ['Smith', 'Smithers', 'Da Silva', 'de Vries', 'García', 'Garcia', 'Lindqvist', 'Ng', 'X', 'Ann', 'Émile'];
const TITLES = ['Engineer', 'Platform engineer', 'Sales', null, 'Head of 50% growth'];
const PLACES = ['Paris', 'Zürich', null, 'São Paulo'];
const DOMAINS = ['example.com', 'acme.example', 'Globex.example'];
const STATUSES = ['confirmed', 'confirmed', 'invite_pending', 'deactivated', 'not_invited', 'confirmed', 'expired'];

/** Terms: short ones (no trigram), wildcards, spaces, accents, across first and last name, email and id parts. */
const TERMS = [
  'garcia',
  'garcía',
  'ann smi',
  'smith ann',
  'ann',
  'ANN',
  '  Smith  ',
  'li',
  'l',
  'ng',
  'ng x',
  'x',
  '%',
  '_',
  '100%',
  '0%_',
  'a_b',
  'o\u2019b',
  "o'brien",
  '\\',
  'back\\sla',
  'zoé',
  'zoe',
  'é',
  'élo',
  'björk',
  'da silva',
  'silva da',
  'de vries',
  'vries de',
  'acme',
  'acme.example',
  '@globex',
  '.example',
  'p017@',
  'e00',
  'e0001',
  'emp_0',
  'id-42',
  'engineer',
  'platform',
  'paris',
  'zür',
  'são',
  'growth',
  'sales',
  'squad',
  `ab${SEP}cd`,
  `smith${SEP}smith`,
  `ann smith${SEP}`,
  `${SEP}`,
  // Would match across two texts were they joined by a space: the end of one and the start of the next.
  'smith smith',
  'example e00',
  'nobody-matches-this',
];

beforeAll(async () => {
  const rows: unknown[][] = [];
  for (let i = 0; i < 160; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const status = STATUSES[i % STATUSES.length]!;
    const domain = DOMAINS[i % DOMAINS.length]!;
    const email = i % 13 === 5 ? null : `${first.replace(/[^A-Za-z]/g, '')}.p${String(i).padStart(3, '0')}@${domain}`;
    const employeeId =
      i % 4 === 0 ? null : i % 4 === 1 ? `E${String(i).padStart(7, '0')}` : i % 4 === 2 ? `emp_${i}` : `ID-${i}`;
    rows.push([
      `s-${String(i).padStart(3, '0')}`,
      email,
      email?.toLowerCase() ?? null,
      first,
      last,
      status,
      employeeId,
      TITLES[i % TITLES.length],
      i % 3 === 0 ? null : i % 3 === 1 ? 'Engineering' : 'Sales & Growth',
      PLACES[i % PLACES.length],
      i % 17 === 3, // deleted
      i % 11 === 2, // hidden from the directory
      i % 19 === 4, // past their end date
    ]);
  }
  for (const r of rows)
    await t.db.query(
      `insert into users (id, email, email_normalized, first_name, last_name, status, employee_id, job_title, department,
         location, deleted_at, hidden_from_directory, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, case when $11 then now() end, $12,
         case when $13 then now() - interval '1 day' end)`,
      r,
    );
  await t.db.query(
    `insert into teams (id, name, path) values ('t-squad', 'Growth Squad', '/t-squad/'), ('t-li', 'Li', '/t-li/')`,
  );
  await t.db.query(
    `insert into team_members (team_id, user_id) select case when id < 's-080' then 't-squad' else 't-li' end, id
       from users where id like 's-%' and (right(id, 1))::int % 3 = 0`,
  );
});

async function listed(query: string): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total = -1;
  do {
    const res = await owner.get(`/api/v1/users?${query}&sort=name&limit=40${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (total < 0) total = res.body.total;
    ids.push(...res.body.items.map((i: { id: string }) => i.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return { ids, total };
}

const ref = async (where: string, q: string) =>
  (
    await t.db.query<{ id: string }>(`select u.id from users u where ${where} order by u.sort_name, u.id`, [
      likePattern(q),
    ])
  ).map((r) => r.id);

describe('the name search through the joined text', () => {
  it('the People list finds exactly whom the old condition found, for every term, deleted or not, page by page', async () => {
    let matched = 0;
    for (const term of TERMS) {
      const q = `q=${encodeURIComponent(term)}`;
      const expected = await ref(`u.deleted_at is null and ${OLD_LIST}`, term);
      const got = await listed(q);
      expect(got.ids, `q=${JSON.stringify(term)}`).toEqual(expected);
      expect(got.total, `total, q=${JSON.stringify(term)}`).toBe(expected.length);
      const deleted = await listed(`${q}&deleted=true`);
      expect(deleted.ids, `deleted, q=${JSON.stringify(term)}`).toEqual(
        await ref(`u.deleted_at is not null and ${OLD_LIST}`, term),
      );
      const counts = await owner.get(`/api/v1/users/counts?${q}`);
      expect(counts.body.total, `counts, q=${JSON.stringify(term)}`).toBe(expected.length);
      if (expected.length) matched++;
    }
    expect(matched).toBeGreaterThan(25); // the terms do find people: the comparison is not of empty lists
  });

  it('the directory finds exactly whom the old condition found, team names included', async () => {
    let matched = 0;
    for (const term of TERMS) {
      const expected = await ref(`${LISTED} and ${OLD_DIRECTORY}`, term);
      const res = await owner.get(`/api/v1/directory?q=${encodeURIComponent(term)}&limit=500`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(
        res.body.items.map((i: { id: string }) => i.id),
        `q=${JSON.stringify(term)}`,
      ).toEqual(expected);
      expect(res.body.total).toBe(expected.length);
      const inTeam = await owner.get(`/api/v1/directory?q=${encodeURIComponent(term)}&teamId=t-squad&limit=500`);
      expect(
        inTeam.body.items.map((i: { id: string }) => i.id),
        `teamId, q=${JSON.stringify(term)}`,
      ).toEqual(
        await ref(
          `${LISTED} and ${OLD_DIRECTORY} and u.id in (select user_id from team_members where team_id = 't-squad')`,
          term,
        ),
      );
      if (expected.length) matched++;
    }
    expect(matched).toBeGreaterThan(25);
  });

  it('a term with three letters or digits in a row and no U+001F goes through the index; others keep the OR', async () => {
    expect(['garcia', 'ann smi', 'e0001', 'zoé', '100%', 'acme'].map(searchableByTrigrams)).toEqual(
      Array(6).fill(true),
    );
    expect(['li', 'ng x', '%', 'é', 'a_b', `ab${SEP}cdef`, 'o’b'].map(searchableByTrigrams)).toEqual(
      Array(7).fill(false),
    );
    // The expression the search writes is the one migration 056 indexed: with only bitmap scans allowed and the
    // table's other indexes dropped (rolled back after), the plan reads the index; were the expressions different,
    // only a disabled sequential scan could answer.
    const plans: string[] = [];
    for (const [index, where] of [
      ['users_list_search_idx', searchCondition(LIST_SEARCH_TEXTS, 'garcia', () => '$1')],
      ['users_directory_search_idx', `${LISTED} and ${searchCondition(DIRECTORY_SEARCH_TEXTS, 'garcia', () => '$1')}`],
    ] as const) {
      const rollback = new Error('rollback');
      await t.db
        .tx(async (tx) => {
          const others = await tx.query<{ name: string }>(
            `select i.indexrelid::regclass::text as name from pg_index i
              where i.indrelid = 'users'::regclass and i.indexrelid <> $1::regclass
                and not exists (select from pg_constraint c where c.conindid = i.indexrelid)`,
            [index],
          );
          for (const o of others) await tx.query(`drop index ${o.name}`);
          await tx.query('set local enable_seqscan = off');
          await tx.query('set local enable_indexscan = off');
          const plan = await tx.query<{ 'QUERY PLAN': string }>(`explain select u.id from users u where ${where}`, [
            '%garcia%',
          ]);
          plans.push(plan.map((r) => r['QUERY PLAN']).join('\n'));
          throw rollback;
        })
        .catch((err) => {
          if (err !== rollback) throw err;
        });
      expect(plans.at(-1)).toContain(`Bitmap Index Scan on ${index}`);
    }
  });
});

describe('search statements are planned per call', () => {
  it('PostgreSQL: a search statement is never kept as a named statement; the same text without the marker is', async (ctx) => {
    if (t.db.kind !== 'postgres') return ctx.skip();
    const text = `select count(*) from users u where ${searchCondition(LIST_SEARCH_TEXTS, 'li', () => '$1')}`;
    const plain = text.replace(PLAN_PER_CALL, '');
    const kept = await t.db.tx(async (tx) => {
      for (let i = 0; i < 3; i++) {
        await tx.query(text, ['%li%']);
        await tx.query(plain, ['%li%']);
      }
      return tx.query<{ statement: string }>('select statement from pg_prepared_statements');
    });
    expect(kept.filter((k) => k.statement === plain)).toHaveLength(1);
    expect(kept.filter((k) => k.statement.includes(PLAN_PER_CALL))).toEqual([]);
  });
});
