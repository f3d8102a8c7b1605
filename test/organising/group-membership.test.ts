import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, signedIn } from '../helpers/api';

/** Stored membership follows every kind of change, in the same transaction, with join/leave events. */
const { t, owner } = useApp();

async function group(name: string, rules: unknown) {
  const res = await owner.post('/api/v1/groups', { name, rules });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; memberCount: number };
}
const memberIds = async (groupId: string) =>
  (await owner.get(`/api/v1/groups/${groupId}/members?limit=500`)).body.items.map((m: any) => m.id).sort();
const events = async (groupId: string) =>
  (await owner.get(`/api/v1/groups/${groupId}/events`)).body.items.map((e: any) => `${e.kind}:${e.cause}`).reverse();

describe('membership follows the data', () => {
  it('computes members on save and after a rules change, with events', async () => {
    const a = await createUser(owner, { department: 'Finance' });
    const b = await createUser(owner, { department: 'Legal' });
    const g = await group('Finance people', { field: 'department', op: 'eq', value: 'finance' });
    expect(g.memberCount).toBe(1);
    expect(await memberIds(g.id)).toEqual([a.id]);
    const patched = await owner.patch(`/api/v1/groups/${g.id}`, {
      rules: { field: 'department', op: 'in', value: ['Legal'] },
    });
    expect(patched.body.memberCount).toBe(1);
    expect(await memberIds(g.id)).toEqual([b.id]);
    expect(await events(g.id)).toEqual(['join:group_created', 'join:rules_changed', 'leave:rules_changed']);
    expectError(await owner.post('/api/v1/groups', { name: 'FINANCE PEOPLE', rules: { all: [] } }), 409, 'conflict');
  });

  it('follows profile edits, creation, lifecycle, deletion and restore', async () => {
    const g = await group('Paris', { field: 'location', op: 'eq', value: 'Paris' });
    const u = await createUser(owner, { location: 'Paris' });
    expect(await memberIds(g.id)).toEqual([u.id]);
    await owner.patch(`/api/v1/users/${u.id}`, { location: 'Lyon' });
    expect(await memberIds(g.id)).toEqual([]);
    await owner.patch(`/api/v1/users/${u.id}`, { location: 'Paris' });
    expect(await memberIds(g.id)).toEqual([u.id]);
    await owner.post(`/api/v1/users/${u.id}/set-password`, { password: 'a-long-password-1' }); // confirmed
    await owner.post(`/api/v1/users/${u.id}/deactivate`);
    expect(await memberIds(g.id)).toEqual([]);
    await owner.post(`/api/v1/users/${u.id}/reactivate`);
    expect(await memberIds(g.id)).toEqual([u.id]);
    await owner.patch(`/api/v1/users/${u.id}`, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(await memberIds(g.id)).toEqual([]);
    await owner.patch(`/api/v1/users/${u.id}`, { expiresAt: null });
    expect(await memberIds(g.id)).toEqual([u.id]);
    await owner.delete(`/api/v1/users/${u.id}`);
    expect(await memberIds(g.id)).toEqual([]);
    await owner.post(`/api/v1/users/${u.id}/restore`);
    expect(await memberIds(g.id)).toEqual([u.id]);
    await owner.post(`/api/v1/users/${u.id}/deactivate`);
    const anon = await owner.post(`/api/v1/users/${u.id}/anonymise`);
    expect(anon.status, JSON.stringify(anon.body)).toBe(200);
    expect(await memberIds(g.id)).toEqual([]);
    const history = await owner.get(`/api/v1/users/${u.id}/group-events`);
    expect(history.body.items.map((e: any) => e.kind).reverse()).toEqual([
      'join',
      'leave',
      'join',
      'leave',
      'join',
      'leave',
      'join',
      'leave',
      'join',
      'leave',
    ]);
    expect(history.body.items[0]).toMatchObject({ groupId: g.id, groupName: 'Paris', cause: 'status_deactivate' });
    // Anonymised people are not members even of a group that matches everyone (unless it names the status).
    const everyone = await group('Everyone', { all: [] });
    expect(await memberIds(everyone.id)).not.toContain(u.id);
  });

  it('takes inactive statuses only when the rule names them', async () => {
    const gone = await group('Deactivated', { field: 'status', op: 'eq', value: 'deactivated' });
    const u = await createUser(owner);
    await owner.post(`/api/v1/users/${u.id}/set-password`, { password: 'a-long-password-1' });
    await owner.post(`/api/v1/users/${u.id}/deactivate`);
    expect(await memberIds(gone.id)).toEqual([u.id]);
    const groups = await owner.get(`/api/v1/users/${u.id}/groups`);
    expect(groups.body.items.map((x: any) => x.name)).toEqual(['Deactivated']);
  });

  it('follows team membership, team moves and team deletion (sub-team rules)', async () => {
    const root = (await owner.post('/api/v1/teams', { name: 'Org' })).body;
    const sub = (await owner.post('/api/v1/teams', { name: 'Org-sub', parentId: root.id })).body;
    const elsewhere = (await owner.post('/api/v1/teams', { name: 'Elsewhere' })).body;
    const g = await group('In Org', {
      field: 'teamId',
      op: 'in_team',
      value: { teamId: root.id, includeSubteams: true },
    });
    const u = await createUser(owner, { teamIds: [sub.id] });
    expect(await memberIds(g.id)).toEqual([u.id]);
    await owner.patch(`/api/v1/teams/${sub.id}`, { parentId: elsewhere.id });
    expect(await memberIds(g.id)).toEqual([]);
    await owner.patch(`/api/v1/teams/${sub.id}`, { parentId: root.id });
    expect(await memberIds(g.id)).toEqual([u.id]);
    await owner.delete(`/api/v1/teams/${sub.id}/members/${u.id}`);
    expect(await memberIds(g.id)).toEqual([]);
    await owner.post(`/api/v1/teams/${sub.id}/members`, { userId: u.id });
    expect(await memberIds(g.id)).toEqual([u.id]);
    await owner.delete(`/api/v1/teams/${sub.id}?members=remove`);
    expect(await memberIds(g.id)).toEqual([]);
  });

  it('follows manager changes anywhere up the reporting line', async () => {
    const boss = await createUser(owner);
    const mid = await createUser(owner);
    const leaf = await createUser(owner, { managerId: mid.id });
    const g = await group('Under boss', { field: 'managerId', op: 'reports_to', value: boss.id });
    expect(await memberIds(g.id)).toEqual([]);
    await owner.patch(`/api/v1/users/${mid.id}`, { managerId: boss.id });
    expect(await memberIds(g.id)).toEqual([mid.id, leaf.id].sort());
    await owner.patch(`/api/v1/users/${mid.id}`, { managerId: null });
    expect(await memberIds(g.id)).toEqual([]);
  });

  it('follows learning activity (engagement) and breaks ending', async () => {
    const g = await group('Active learners', {
      all: [
        { field: 'engagement', op: 'eq', value: 'active' },
        { field: 'onBreak', op: 'eq', value: false },
      ],
    });
    const u = await createUser(owner);
    await owner.post(`/api/v1/users/${u.id}/set-password`, { password: 'a-long-password-1' });
    await owner.post(`/api/v1/users/${u.id}/learning-activity`);
    expect(await memberIds(g.id)).toEqual([u.id]);
    await owner.patch(`/api/v1/users/${u.id}`, {
      onBreak: true,
      breakUntil: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(await memberIds(g.id)).toEqual([]);
    await t.db.query(`update users set break_until = now() - interval '1 minute' where id = $1`, [u.id]);
    await t.sweep();
    expect(await memberIds(g.id)).toEqual([u.id]);
  });

  it('re-evaluates relative-date rules in the daily sweep, once a day', async () => {
    const u = await createUser(owner, { hireDate: new Date().toISOString().slice(0, 10) });
    const g = await group('New joiners', { field: 'hireDate', op: 'within_last_days', value: 30 });
    expect(await memberIds(g.id)).toEqual([u.id]);
    // Time passes: the hire date is now 31 days ago (written behind the application's back, as the calendar would).
    await t.db.query(`update users set hire_date = current_date - 31 where id = $1`, [u.id]);
    expect((await t.sweep()).dateGroups).toBe(0); // already evaluated today
    expect(await memberIds(g.id)).toEqual([u.id]);
    await t.db.query(`update groups set evaluated_on = evaluated_on - 1 where id = $1`, [g.id]);
    expect((await t.sweep()).dateGroups).toBe(1);
    expect(await memberIds(g.id)).toEqual([]);
    expect(await events(g.id)).toEqual(['join:group_created', 'leave:daily_date_rules']);
  });

  it('shows a person their own groups; others are out of scope; groups are for group managers', async () => {
    const learner = await signedIn(t, 'learner');
    const other = await createUser(owner);
    expect((await learner.client.get(`/api/v1/users/${learner.id}/groups`)).status).toBe(200);
    expect((await learner.client.get(`/api/v1/users/${learner.id}/group-events`)).status).toBe(200);
    expectError(await learner.client.get(`/api/v1/users/${other.id}/groups`), 404, 'not_found');
    expectError(await learner.client.get('/api/v1/groups'), 403, 'forbidden');
    expectError(await learner.client.post('/api/v1/groups/preview', { rules: { all: [] } }), 403, 'forbidden');
  });

  it('keeps members of a deleted group out of the history and audits group changes', async () => {
    const g = await group('Short-lived', { all: [] });
    expect((await owner.delete(`/api/v1/groups/${g.id}`)).status).toBe(204);
    expect((await owner.get(`/api/v1/groups/${g.id}`)).status).toBe(404);
    const audit = await owner.get(`/api/v1/audit?targetId=${g.id}`);
    expect(audit.body.items.map((e: any) => e.action).sort()).toEqual(['group.created', 'group.deleted']);
  });
});
