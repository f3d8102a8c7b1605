import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/server/db/index';
import { FEW_MEMBERS } from '../../src/server/modules/teams/filters';
import { SORTS } from '../../src/server/modules/users/listOrder';
import { insertUser, startTestApp, type Client, type TestApp } from '../helpers/harness';

/**
 * The team and custom-field filters of the People list (docs/decisions/034-team-and-field-filters-at-a-million.md)
 * list the same people, in the same order, with the same counts by status, as the conditions they replaced
 * (written out below as they were), and users.team_ids and team_members.sort_name (migrations 053, 057) never
 * drift from team_members and users.sort_name: after every one of a run of random membership changes, renames,
 * team moves and deletions, and people deleted and restored. A team's page in name order reads the memberships
 * in that order (users/listByTeam.ts): it is compared page after page, with status filters, deleted people,
 * sub-teams and people in several teams.
 */

/** The conditions before decision 034, verbatim but for the bound values. */
const OLD_TEAM = (teamId: string) => `u.id in (select tm.user_id from team_members tm where tm.team_id = '${teamId}')`;
const OLD_SUBTEAMS = (path: string) =>
  `u.id in (select tm.user_id from team_members tm join teams t on t.id = tm.team_id where t.path like '${path}%')`;
const OLD_CONTAINS = (key: string, value: unknown) =>
  `u.custom_fields @> '${JSON.stringify({ [key]: value }).replace(/'/g, "''")}'::jsonb`;
const OLD_TEXT = (key: string, value: string) => `lower(u.custom_fields ->> '${key}') = '${value.toLowerCase()}'`;

/** A fixed sequence of pseudo-random numbers, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

const SORTED_BY = ['name', '-lastSignInAt', 'createdAt'] as const;

describe('team and custom-field filters list the same people as before (decision 034)', () => {
  let app: TestApp;
  let owner: Client;
  let people: string[];
  const teams: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    owner = await app.as('owner@example.com', 'owner-password-1');
    const team = async (name: string, parentId?: string) =>
      (teams[name] = (await owner.post('/api/v1/teams', { name, ...(parentId ? { parentId } : {}) })).body.id);
    const root = await team('Root');
    const big = await team('Big', root);
    await team('Small', big);
    await team('Other', root);
    await team('Empty');
    // More people than FEW_MEMBERS, so the big team is read through users.team_ids and the others by id.
    await app.db.query(
      `insert into users (id, email, email_normalized, first_name, last_name, role, status, last_sign_in_at)
       select 'p-' || lpad(i::text, 5, '0'), 'p' || i || '@example.com', 'p' || i || '@example.com',
              'Person', 'N' || (i * 7919 % 1009), 'learner', case when i % 3 = 0 then 'confirmed' else 'not_invited' end,
              case when i % 4 <> 0 then now() - make_interval(hours => i % 97) end
         from generate_series(1, ${FEW_MEMBERS + 150}) as i`,
    );
    people = (await app.db.query<{ id: string }>(`select id from users where id like 'p-%' order by id`)).map(
      (r) => r.id,
    );
    await app.db.query(
      `insert into team_members (team_id, user_id) select $1, id from users where id like 'p-%' and id < 'p-01101'`,
      [big],
    );
    await app.db.query(
      `insert into team_members (team_id, user_id) select $1, id from users where id like 'p-%' and id like '%7'`,
      [teams.Small],
    );
    await app.db.query(
      `insert into team_members (team_id, user_id) select $1, id from users where id like 'p-%' and id > 'p-01090'`,
      [teams.Other],
    );
    // Custom fields of every filterable type, with values rare and common.
    const field = (key: string, type: string, options: string[] = []) =>
      owner.post('/api/v1/custom-fields', { key, label: key, type, options, filterable: true });
    await field('cost_centre', 'single_select', ['CC-1', 'CC-2', 'CC-3']);
    await field('desk', 'text');
    await field('level', 'number');
    await field('remote', 'boolean');
    await field('started', 'date');
    await field('skills', 'multi_select', ['go', 'sql']);
    await app.db.query(
      `update users set custom_fields = jsonb_build_object(
         'cost_centre', case when substr(id, 3)::int % 50 = 0 then 'CC-1' when substr(id, 3)::int % 2 = 0 then 'CC-2' else 'CC-3' end,
         'desk', 'Desk-' || (substr(id, 3)::int % 9),
         'level', case when substr(id, 3)::int % 10 = 0 then 5.0 else substr(id, 3)::int % 4 end,
         'remote', substr(id, 3)::int % 5 = 0,
         'started', '2026-01-0' || (1 + substr(id, 3)::int % 3),
         'skills', case when substr(id, 3)::int % 6 = 0 then '["go","sql"]'::jsonb else '["sql"]'::jsonb end)
       where id like 'p-%'`,
    );
    for (const id of people.slice(0, 40))
      await app.db.query(`update users set custom_fields = '{}' where id = $1`, [id]);
  });
  afterAll(async () => app?.stop());

  /** Every person the list shows for this query, page after page (limit 400 unless given), in its order. */
  async function listed(query: string, limit = 400): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let total: number | undefined;
    do {
      const res = await owner.get(`/api/v1/users?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      ids.push(...res.body.items.map((u: { id: string }) => u.id));
      cursor = res.body.nextCursor;
      // Every page carries the same (bounded) total.
      if (total !== undefined && res.body.items.length) expect(res.body.total, query).toBe(total);
      total ??= res.body.total;
    } while (cursor);
    if (total !== undefined && ids.length <= 1000) expect(total, query).toBe(ids.length);
    return ids;
  }

  /** The same, and the counts by status, through the old condition (deleted: the deleted people's list). */
  async function before(condition: string, sort: string, deleted = false) {
    const key = sort.replace('-', '') as keyof typeof SORTS;
    const dir = sort.startsWith('-') ? 'desc' : 'asc';
    const where = `u.deleted_at is ${deleted ? 'not ' : ''}null and ${condition}`;
    const ids = await app.db.query<{ id: string }>(
      `select u.id from users u where ${where} order by ${SORTS[key]} ${dir}, u.id ${dir}`,
    );
    const counts = await app.db.query<{ status: string; n: number }>(
      `select u.status, count(*)::int as n from users u where ${where} group by u.status`,
    );
    return { ids: ids.map((r) => r.id), counts: Object.fromEntries(counts.map((c) => [c.status, c.n])) };
  }

  async function expectSameAsBefore(query: string, condition: string) {
    for (const sort of SORTED_BY) {
      const old = await before(condition, sort);
      expect(await listed(`${query}&sort=${sort}`), `${query}&sort=${sort}`).toEqual(old.ids);
      if (sort !== 'name') continue;
      const counts = (await owner.get(`/api/v1/users/counts?${query}`)).body;
      expect(Object.fromEntries(Object.entries(counts.counts).filter(([, n]) => n)), query).toEqual(old.counts);
      expect(counts.total).toBe(old.ids.length);
    }
  }

  async function expectTeamFiltersAsBefore() {
    const rows = await app.db.query<{ id: string; path: string }>(`select id, path from teams order by id`);
    for (const t of rows) {
      await expectSameAsBefore(`teamId=${t.id}`, OLD_TEAM(t.id));
      await expectSameAsBefore(`teamId=${t.id}&includeSubteams=true`, OLD_SUBTEAMS(t.path));
      await expectTeamInNameOrderAsBefore(`teamId=${t.id}`, OLD_TEAM(t.id));
      await expectTeamInNameOrderAsBefore(`teamId=${t.id}&includeSubteams=true`, OLD_SUBTEAMS(t.path));
    }
  }

  /**
   * A team's list in name order (read from team_members_name_idx): both directions, short pages, with one and
   * two statuses, and the deleted people's list, against the old condition.
   */
  async function expectTeamInNameOrderAsBefore(query: string, condition: string) {
    const cases: [string, string, boolean][] = [
      ['', 'true', false],
      ['&status=confirmed', `u.status = 'confirmed'`, false],
      ['&status=confirmed,not_invited', `u.status in ('confirmed', 'not_invited')`, false],
      ['&deleted=true', 'true', true],
    ];
    for (const [extra, statusCondition, deleted] of cases)
      for (const sort of ['name', '-name']) {
        const old = await before(`${condition} and ${statusCondition}`, sort, deleted);
        expect(await listed(`${query}${extra}&sort=${sort}`, 97), `${query}${extra}&sort=${sort}`).toEqual(old.ids);
      }
  }

  /** team_members.sort_name is its person's users.sort_name. */
  async function expectNamesInStep() {
    const drifted = await app.db.query(
      `select tm.team_id, tm.user_id, tm.sort_name, u.sort_name as person from team_members tm join users u on u.id = tm.user_id
        where tm.sort_name is distinct from u.sort_name`,
    );
    expect(drifted).toEqual([]);
  }

  /** users.team_ids holds exactly each person's rows of team_members. */
  async function expectNoDrift() {
    const drifted = await app.db.query(
      `select u.id, u.team_ids, m.ids from users u
         left join (select user_id, array_agg(team_id order by team_id) as ids from team_members group by user_id) m
           on m.user_id = u.id
        where array(select x from unnest(u.team_ids) as x order by x) is distinct from coalesce(m.ids, '{}')`,
    );
    expect(drifted).toEqual([]);
  }

  it('has a team large enough to be read through users.team_ids, and small ones read by id', async () => {
    const [big] = await app.db.query<{ n: number }>(`select count(*)::int as n from team_members where team_id = $1`, [
      teams.Big,
    ]);
    expect(big!.n).toBeGreaterThan(FEW_MEMBERS);
    await expectNoDrift();
    await expectNamesInStep();
  });

  it('keeps the new name on a membership added while the person is renamed', async () => {
    // On PostgreSQL the insert's trigger waits for the rename's lock on the person's row and copies the name as
    // committed; copying it from its own snapshot would keep the old one, which the rename's trigger never saw.
    const person = await insertUser(app.db, { lastName: 'Before' });
    let renamed!: () => void;
    const wrote = new Promise<void>((r) => (renamed = r));
    const rename = app.db.tx(async (tx) => {
      await tx.query(`update users set last_name = 'After' where id = $1`, [person.id]);
      renamed();
      await new Promise((r) => setTimeout(r, 500));
    });
    await wrote;
    const add = app.db.tx((tx) =>
      tx.query(`insert into team_members (team_id, user_id) values ($1, $2)`, [teams.Other, person.id]),
    );
    await Promise.all([rename, add]);
    await expectNamesInStep();
    const [row] = await app.db.query<{ sort_name: string }>(
      `select sort_name from team_members where team_id = $1 and user_id = $2`,
      [teams.Other, person.id],
    );
    expect(row!.sort_name).toMatch(/^after /);
  });

  it('keeps both teams when two transactions add one person to two teams at once', async () => {
    // On PostgreSQL the second insert's trigger waits for the first transaction's lock on the person's row, then
    // applies its change to the row as committed; a recount from its own snapshot would lose the first team.
    // (PGlite has one connection: there the two run one after the other.)
    const person = await insertUser(app.db, { lastName: 'Both' });
    let firstWrote!: () => void;
    const wrote = new Promise<void>((r) => (firstWrote = r));
    const add = (tx: Sql, teamId: string) =>
      tx.query(`insert into team_members (team_id, user_id) values ($1, $2)`, [teamId, person.id]);
    const first = app.db.tx(async (tx) => {
      await add(tx, teams.Empty!);
      firstWrote();
      await new Promise((r) => setTimeout(r, 500));
    });
    await wrote;
    const second = app.db.tx((tx) => add(tx, teams.Small!));
    await Promise.all([first, second]);
    const [row] = await app.db.query<{ team_ids: string[] }>(`select team_ids from users where id = $1`, [person.id]);
    expect([...row!.team_ids].sort()).toEqual([teams.Empty, teams.Small].sort());
    await expectNoDrift();
  });

  it('adds one person to two teams from two statements at once without a deadlock', async () => {
    // A statement adding several memberships locks each person as its rows go in (migration 057's trigger), and
    // its statement trigger then updates them (053). Were the first lock shared, a second statement adding one of
    // the same people meanwhile would share it too, and each update would wait for the other: a deadlock. The
    // second statement waits instead. (PGlite has one connection: there the two run one after the other.)
    const first = await insertUser(app.db, { lastName: 'Lockfirst' });
    const later = await insertUser(app.db, { lastName: 'Locklater' });
    const slow = app.db.tx((tx) =>
      tx.query(
        `insert into team_members (team_id, user_id)
         select $1, v.id from (values ($2::text, 0), ($3::text, 1)) v(id, pause) cross join lateral (select pg_sleep(v.pause)) s`,
        [teams.Empty, first.id, later.id],
      ),
    );
    await new Promise((r) => setTimeout(r, 300));
    const quick = app.db.tx((tx) =>
      tx.query(`insert into team_members (team_id, user_id) values ($1, $2)`, [teams.Small, first.id]),
    );
    await Promise.all([slow, quick]);
    const [row] = await app.db.query<{ team_ids: string[] }>(`select team_ids from users where id = $1`, [first.id]);
    expect([...row!.team_ids].sort()).toEqual([teams.Empty, teams.Small].sort());
    await expectNoDrift();
    await expectNamesInStep();
  });

  it('filters by team, with and without sub-teams, as before', async () => {
    await expectTeamFiltersAsBefore();
  });

  it('filters by custom fields, rare and common values, as before', async () => {
    const cases: [string, string][] = [
      ['cf.cost_centre=CC-1', OLD_CONTAINS('cost_centre', 'CC-1')],
      ['cf.cost_centre=CC-2', OLD_CONTAINS('cost_centre', 'CC-2')],
      ['cf.cost_centre=CC-9', OLD_CONTAINS('cost_centre', 'CC-9')],
      ['cf.desk=DESK-3', OLD_TEXT('desk', 'DESK-3')],
      ['cf.desk=nowhere', OLD_TEXT('desk', 'nowhere')],
      ['cf.level=5', OLD_CONTAINS('level', 5)],
      ['cf.level=2', OLD_CONTAINS('level', 2)],
      ['cf.level=2.0', OLD_CONTAINS('level', 2)],
      ['cf.level=abc', `u.custom_fields ->> 'level' = 'abc'`],
      ['cf.remote=true', OLD_CONTAINS('remote', true)],
      ['cf.remote=false', OLD_CONTAINS('remote', false)],
      ['cf.remote=yes', `u.custom_fields ->> 'remote' = 'yes'`],
      ['cf.started=2026-01-02', OLD_CONTAINS('started', '2026-01-02')],
      ['cf.skills=go', OLD_CONTAINS('skills', ['go'])],
      [`cf.cost_centre=CC-2&teamId=${teams.Big}`, `${OLD_CONTAINS('cost_centre', 'CC-2')} and ${OLD_TEAM(teams.Big!)}`],
    ];
    for (const [query, condition] of cases) await expectSameAsBefore(query, condition);
  });

  it('keeps users.team_ids and the team filters right through random changes', async () => {
    const next = random(34);
    const pick = <T>(xs: T[]) => xs[next(xs.length)]!;
    const teamIds = async () =>
      (await app.db.query<{ id: string }>(`select id from teams order by id`)).map((t) => t.id);
    const someone = await insertUser(app.db, { lastName: 'Aardvark' });
    people.push(someone.id);
    // Which kinds of change went through (2xx) at least once: the run must not pass by changing nothing.
    const done = new Set<number>();
    const ok = (what: number, res: { status: number }) => res.status < 300 && done.add(what);
    for (let step = 0; step < 30; step++) {
      // A sub-tree deleted with its sub-teams may take every team: the run goes on with a new one.
      if (!(await teamIds()).length) await owner.post('/api/v1/teams', { name: `Again ${step}` });
      const ids = await teamIds();
      const person = pick(people);
      const what = step % 10;
      if (what === 0) ok(what, await owner.post(`/api/v1/teams/${pick(ids)}/members`, { userId: person }));
      if (what === 1) {
        const [m] = await app.db.query<{ team_id: string; user_id: string }>(
          `select team_id, user_id from team_members order by md5(team_id || user_id || $1) limit 1`,
          [String(step)],
        );
        if (m) ok(what, await owner.delete(`/api/v1/teams/${m.team_id}/members/${m.user_id}`));
      }
      if (what === 2) {
        // A team moved under another (not under itself or a descendant: the API refuses that), or to the top.
        const [t] = await app.db.query<{ id: string; path: string }>(
          `select id, path from teams order by md5(id || $1) limit 1`,
          [String(step)],
        );
        const [to] = await app.db.query<{ id: string }>(
          `select id from teams where path not like $1 order by md5(id || $2) limit 1`,
          [`${t!.path}%`, String(step)],
        );
        ok(what, await owner.patch(`/api/v1/teams/${t!.id}`, { parentId: step % 3 === 0 || !to ? null : to.id }));
      }
      if (what === 3) ok(what, await owner.delete(`/api/v1/users/${person}`));
      if (what === 4) {
        const [gone] = await app.db.query<{ id: string }>(`select id from users where deleted_at is not null limit 1`);
        if (gone) ok(what, await owner.post(`/api/v1/users/${gone.id}/restore`));
      }
      if (what === 5) {
        // Set-based writes, as imports make them: many people into one team, some of them out of another.
        const [to, from] = [pick(ids), pick(ids)];
        await app.db.query(
          `insert into team_members (team_id, user_id) select $1, id from users where id like 'p-%' and substr(id, 5)::int % 13 = $2
           on conflict do nothing`,
          [to, step % 13],
        );
        await app.db.query(`delete from team_members where team_id = $1 and substr(user_id, 5, 1) = $2`, [
          from,
          String(step % 10),
        ]);
        done.add(what);
      }
      if (what === 6) {
        const name = `New ${step}`;
        const created = (await owner.post('/api/v1/teams', { name, parentId: pick(ids) })).body;
        ok(what, await owner.post(`/api/v1/teams/${created.id}/members`, { userId: person }));
      }
      if (what === 7) {
        const victim = pick(ids.filter((id) => id !== teams.Big));
        const how =
          step % 16 === 7 ? 'subteams=delete&members=remove' : 'subteams=move_to_parent&members=move_to_parent';
        ok(what, await owner.delete(`/api/v1/teams/${victim}?${how}`));
      }
      if (what === 8) ok(what, await owner.patch(`/api/v1/users/${person}`, { lastName: `Renamed ${step * 37}` }));
      if (what === 9) {
        // Set-based renames, as imports write them: a member of several teams among them.
        await app.db.query(
          `update users set first_name = first_name || $1 where id like 'p-%' and substr(id, 5)::int % 11 = $2`,
          [String(step), step % 11],
        );
        done.add(what);
      }
      await expectNoDrift();
      await expectNamesInStep();
    }
    expect([...done].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // A person erased for good takes their memberships with them.
    await app.db.query(`delete from users where id = $1`, [someone.id]);
    await expectNoDrift();
    await expectNamesInStep();
    await expectTeamFiltersAsBefore();
  });
});
