import { afterAll, beforeAll, expect, it } from 'vitest';
import { readEvents, type FeedItem } from '../../src/server/core/events';
import { EVENT_CATALOGUE } from '../../src/server/core/eventCatalogue';
import { OWNER, startTestApp, type Client, type TestApp } from '../helpers/harness';
import { createUser } from '../helpers/api';
import { csv, importFile } from '../imports/helpers';

/** Each API change publishes its domain event with a payload valid against the catalogue. */
let t: TestApp;
let owner: Client;
let ownerId: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.as(OWNER.email, OWNER.password);
  ownerId = (await owner.get('/api/v1/me')).body.id;
});
afterAll(() => t.stop());

let cursor = 0;
/** The events published since the last call, each checked against its schema. */
async function published(): Promise<FeedItem[]> {
  const items = await readEvents(t.db, { after: cursor, limit: 1000 });
  if (items.length) cursor = items.at(-1)!.id;
  for (const e of items) EVENT_CATALOGUE[e.type].data.parse(e.data);
  return items;
}
const summary = (items: FeedItem[]) => items.map((e) => [e.type, e.subject.id, e.data]);
const ok = (res: { status: number; body: unknown }, status = 200) =>
  expect(res.status, JSON.stringify(res.body)).toBe(status);

it('user create, update, status changes, delete, restore and anonymisation', async () => {
  await published();
  const u = await createUser(owner, { department: 'Finance' });
  const [created] = await published();
  expect(created).toMatchObject({
    type: 'user.created',
    subject: { type: 'user', id: u.id },
    data: { status: 'not_invited', role: 'learner' },
  });
  expect(created!.actor).toMatchObject({ type: 'user', id: ownerId });

  ok(await owner.patch(`/api/v1/users/${u.id}`, { jobTitle: 'Auditor', language: 'fr' }));
  // Field names always; values only for fields that are not personal data.
  expect(summary(await published())).toEqual([
    ['user.updated', u.id, { fields: ['jobTitle', 'language'], changes: { language: { from: null, to: 'fr' } } }],
  ]);

  ok(await owner.post(`/api/v1/users/${u.id}/invite`, {}));
  expect(summary(await published())).toEqual([
    ['user.status_changed', u.id, { from: 'not_invited', to: 'invite_pending', cause: 'send_invite' }],
  ]);
  ok(await owner.post(`/api/v1/users/${u.id}/deactivate`, {}));
  expect(summary(await published())).toEqual([
    ['user.status_changed', u.id, { from: 'invite_pending', to: 'deactivated', cause: 'deactivate' }],
  ]);
  ok(await owner.post(`/api/v1/users/${u.id}/reactivate`, {}));
  expect(summary(await published())).toEqual([
    ['user.status_changed', u.id, { from: 'deactivated', to: 'invite_pending', cause: 'reactivate' }],
  ]);

  ok(await owner.delete(`/api/v1/users/${u.id}`), 204);
  expect(summary(await published())).toEqual([['user.deleted', u.id, {}]]);
  ok(await owner.post(`/api/v1/users/${u.id}/restore`, {}));
  expect(summary(await published())).toEqual([['user.restored', u.id, {}]]);

  ok(await owner.post(`/api/v1/users/${u.id}/deactivate`, {}));
  ok(await owner.post(`/api/v1/users/${u.id}/anonymise`, {}));
  expect(summary(await published())).toEqual([
    ['user.status_changed', u.id, { from: 'invite_pending', to: 'deactivated', cause: 'deactivate' }],
    ['user.status_changed', u.id, { from: 'deactivated', to: 'anonymised', cause: 'anonymise' }],
    ['user.anonymised', u.id, {}],
  ]);
  // No personal value reached the outbox, before or after the anonymisation.
  const all = JSON.stringify(await t.db.query(`select data from domain_events where subject_id = $1`, [u.id]));
  for (const value of [u.email, 'Finance', 'Auditor', 'Test', 'Person']) expect(all).not.toContain(value);
});

it('team member added and removed', async () => {
  const team = await owner.post('/api/v1/teams', { name: `Team ${Date.now()}` });
  ok(team, 201);
  const u = await createUser(owner);
  await published();
  ok(await owner.post(`/api/v1/teams/${team.body.id}/members`, { userId: u.id }), 201);
  expect(summary(await published())).toEqual([['team.member_added', team.body.id, { userId: u.id }]]);
  ok(await owner.delete(`/api/v1/teams/${team.body.id}/members/${u.id}`), 204);
  expect(summary(await published())).toEqual([['team.member_removed', team.body.id, { userId: u.id }]]);
});

it('group member joined and left, with the cause', async () => {
  const u = await createUser(owner, { location: 'Lyon' });
  await published();
  const group = await owner.post('/api/v1/groups', {
    name: `Lyon ${Date.now()}`,
    rules: { field: 'location', op: 'eq', value: 'Lyon' },
  });
  ok(group, 201);
  expect(summary(await published())).toEqual([
    ['group.member_joined', group.body.id, { userId: u.id, cause: 'group_created' }],
  ]);
  ok(await owner.patch(`/api/v1/users/${u.id}`, { location: 'Nice' }));
  expect(summary(await published())).toEqual([
    ['user.updated', u.id, { fields: ['location'], changes: {} }],
    ['group.member_left', group.body.id, { userId: u.id, cause: 'user_updated' }],
  ]);
});

it('an import publishes its creations and their invitations (set-based), and the invitations subscriber issues each link once', async () => {
  await published();
  const done = await importFile(
    t,
    owner,
    csv('email,firstName,role', 'imp1@example.com,Ann,learner', 'imp2@example.com,Bob,hr'),
    { invite: 'now' },
  );
  expect(done.state).toBe('completed');
  const ids = (
    await t.db.query<{ id: string; email: string }>(
      `select id, email from users where email like 'imp_@example.com' order by email`,
    )
  ).map((r) => r.id);
  const items = (await published()).filter((e) => e.type.startsWith('user.'));
  expect(summary(items)).toEqual([
    ['user.created', ids[0], { status: 'not_invited', role: 'learner' }],
    ['user.created', ids[1], { status: 'not_invited', role: 'hr' }],
    ['user.status_changed', ids[0], { from: 'not_invited', to: 'invite_pending', cause: 'send_invite' }],
    ['user.status_changed', ids[1], { from: 'not_invited', to: 'invite_pending', cause: 'send_invite' }],
  ]);
  expect(items.every((e) => e.actor.cause === `import:${done.id}`)).toBe(true);
  // The invitations subscriber issued each person's link once (the import no longer issues them itself).
  const links = await t.db.query<{ n: number }>(
    `select count(*)::int as n from invitations where user_id = any($1::text[]) group by user_id`,
    [ids],
  );
  expect(links.map((r) => r.n)).toEqual([1, 1]);
});

it('numbers every event published above one after the other, from both ways of publishing', async () => {
  const ids = (await t.db.query<{ id: number }>(`select id from domain_events order by id`)).map((r) => r.id);
  expect(ids.length).toBeGreaterThan(20);
  expect(ids).toEqual(ids.map((_, k) => k + 1));
  const [counter] = await t.db.query<{ last: number }>(`select last from event_counters where scope = 'events'`);
  expect(counter!.last).toBe(ids.length);
});
