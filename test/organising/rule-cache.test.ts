import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshFor } from '../../src/server/modules/groups/membership';
import { testDb, type TestDb } from '../helpers/harness';
import { insertPeople, person } from './people';

/**
 * refreshFor keeps the validated rules of every group in memory per version stamp (groups_version,
 * migration 009). Changes made behind its back — plain SQL, as another server process or an import
 * would — must be seen at the next refresh, and a rolled-back change must never be.
 */
let db: TestDb;
beforeAll(async () => {
  db = await testDb();
});
afterAll(() => db.close());

const version = async () => (await db.query<{ version: string }>(`select version from groups_version`))[0]!.version;
const members = async (groupId: string) =>
  (
    await db.query<{ user_id: string }>(`select user_id from group_members where group_id = $1 order by user_id`, [
      groupId,
    ])
  ).map((r) => r.user_id);
const eventCount = async () => (await db.query<{ n: number }>(`select count(*)::int as n from group_events`))[0]!.n;
const refresh = (ids: string[]) => db.tx((tx) => refreshFor(tx, ids, 'test'));
const addGroup = (id: string, rules: unknown) =>
  db.query(`insert into groups (id, name, rules) values ($1, $1, $2)`, [id, JSON.stringify(rules)]);

describe('the in-memory rule set follows every change to groups and custom fields', () => {
  it('sees rules changed by plain SQL, and ignores changes that do not affect membership', async () => {
    const [sales, legal] = [person({ department: 'Sales' }), person({ department: 'Legal' })];
    await insertPeople(db, [sales, legal]);
    const g = randomUUID();
    await addGroup(g, { field: 'department', op: 'eq', value: 'sales' });
    await refresh([sales.id, legal.id]);
    expect(await members(g)).toEqual([sales.id]);

    const v = await version();
    await db.query(`update groups set evaluated_on = current_date, name = 'renamed' where id = $1`, [g]);
    expect(await version()).toBe(v);
    await db.query(`update groups set rules = $2 where id = $1`, [
      g,
      JSON.stringify({ field: 'department', op: 'eq', value: 'legal' }),
    ]);
    expect(await version()).not.toBe(v);
    expect(await refresh([sales.id, legal.id])).toEqual({ joined: 1, left: 1 });
    expect(await members(g)).toEqual([legal.id]);
  });

  it('writes nothing when nobody joins or leaves', async () => {
    const p = person({ location: 'Oslo' });
    await insertPeople(db, [p]);
    const g = randomUUID();
    await addGroup(g, { field: 'location', op: 'eq', value: 'Oslo' });
    expect(await refresh([p.id])).toEqual({ joined: 1, left: 0 });
    const before = await eventCount();
    expect(await refresh([p.id])).toEqual({ joined: 0, left: 0 });
    expect(await eventCount()).toBe(before);
  });

  it('repairs a stored membership that drifted from the rules', async () => {
    const p = person({ location: 'Quito' });
    await insertPeople(db, [p]);
    const g = randomUUID();
    await addGroup(g, { field: 'location', op: 'eq', value: 'Quito' });
    await refresh([p.id]);
    await db.query(`delete from group_members where group_id = $1`, [g]);
    expect(await refresh([p.id])).toEqual({ joined: 1, left: 0 });
    expect(await members(g)).toEqual([p.id]);
  });

  it('follows custom field definitions: a deleted field makes its rules match nobody, a new one is known at once', async () => {
    const p = person({ customFields: { level: 3 } });
    await insertPeople(db, [p]);
    const g = randomUUID();
    await db.query(`insert into custom_fields (key, label, type) values ('level', 'Level', 'number')`);
    await addGroup(g, { field: 'cf.level', op: 'gte', value: 2 });
    await refresh([p.id]);
    expect(await members(g)).toEqual([p.id]);
    await db.query(`delete from custom_fields where key = 'level'`);
    expect(await refresh([p.id])).toEqual({ joined: 0, left: 1 });
    await db.query(`insert into custom_fields (key, label, type) values ('level', 'Level', 'number')`);
    expect(await refresh([p.id])).toEqual({ joined: 1, left: 0 });
  });

  it('never keeps what a rolled-back transaction saw', async () => {
    const p = person({ jobTitle: 'Pilot' });
    await insertPeople(db, [p]);
    const g = randomUUID();
    await addGroup(g, { field: 'jobTitle', op: 'eq', value: 'pilot' });
    await refresh([p.id]);
    await expect(
      db.tx(async (tx) => {
        await tx.query(`update groups set rules = $2 where id = $1`, [
          g,
          JSON.stringify({ field: 'jobTitle', op: 'eq', value: 'nobody' }),
        ]);
        expect(await refreshFor(tx, [p.id], 'test')).toEqual({ joined: 0, left: 1 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await members(g)).toEqual([p.id]);
    expect(await refresh([p.id])).toEqual({ joined: 0, left: 0 });
    // The next committed change gets a stamp of its own (a counter would reuse the rolled-back one).
    await db.query(`update groups set rules = rules where id = $1`, [g]);
    expect(await refresh([p.id])).toEqual({ joined: 0, left: 0 });
    await db.query(`delete from group_members where group_id = $1`, [g]);
    expect(await refresh([p.id])).toEqual({ joined: 1, left: 0 });
  });
});
