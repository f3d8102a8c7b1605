import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, signedIn } from '../helpers/api';

const { t, owner } = useApp();

async function team(name: string, parentId: string | null = null, joinPolicy = 'closed') {
  const res = await owner.post('/api/v1/teams', { name, parentId, joinPolicy });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; parentId: string | null };
}
const getTeam = async (id: string) => (await owner.get(`/api/v1/teams/${id}`)).body;

describe('team tree', () => {
  it('creates nested teams, refuses duplicate sibling names case-insensitively, allows the same name elsewhere', async () => {
    const root = await team('Engineering');
    const child = await team('Platform', root.id);
    expect(child.parentId).toBe(root.id);
    expectError(await owner.post('/api/v1/teams', { name: 'platform', parentId: root.id }), 409, 'conflict');
    expectError(await owner.post('/api/v1/teams', { name: 'ENGINEERING' }), 409, 'conflict');
    await team('Platform'); // same name at the top level is another sibling set
    expect((await getTeam(child.id)).ancestorIds).toEqual([root.id]);
  });

  it('moves a subtree, refuses cycles, and keeps counts with and without sub-teams', async () => {
    const a = await team('A-org');
    const b = await team('B', a.id);
    const c = await team('C', b.id);
    const u1 = await createUser(owner, { teamIds: [a.id] });
    const u2 = await createUser(owner, { teamIds: [b.id] });
    await owner.post(`/api/v1/teams/${c.id}/members`, { userId: u2.id });
    await owner.post(`/api/v1/teams/${c.id}/members`, { userId: u1.id });
    let ta = await getTeam(a.id);
    expect([ta.memberCount, ta.memberCountWithSubteams]).toEqual([1, 2]); // u1 and u2, each counted once
    expect([(await getTeam(c.id)).memberCount, (await getTeam(b.id)).memberCountWithSubteams]).toEqual([2, 2]);

    expectError(await owner.patch(`/api/v1/teams/${a.id}`, { parentId: c.id }), 400, 'validation_failed');
    expectError(await owner.patch(`/api/v1/teams/${a.id}`, { parentId: a.id }), 400, 'validation_failed');

    const other = await team('Other-root');
    const moved = await owner.patch(`/api/v1/teams/${b.id}`, { parentId: other.id });
    expect(moved.status).toBe(200);
    expect((await getTeam(c.id)).ancestorIds).toEqual([other.id, b.id]);
    ta = await getTeam(a.id);
    expect([ta.memberCount, ta.memberCountWithSubteams]).toEqual([1, 1]);
    expect((await getTeam(other.id)).memberCountWithSubteams).toBe(2);
    const members = await owner.get(`/api/v1/teams/${other.id}/members?includeSubteams=true`);
    expect(members.body.items.map((m: any) => m.id).sort()).toEqual([u1.id, u2.id].sort());
    expect(members.body.total).toBe(2);
  });

  it('deletes with an explicit choice for sub-teams and members', async () => {
    const top = await team('Del-top');
    const mid = await team('Del-mid', top.id);
    const leaf = await team('Del-leaf', mid.id);
    const u = await createUser(owner, { teamIds: [mid.id] });
    expectError(await owner.delete(`/api/v1/teams/${mid.id}`), 400, 'validation_failed');
    expectError(await owner.delete(`/api/v1/teams/${mid.id}?subteams=move_to_parent`), 400, 'validation_failed');
    expect((await owner.delete(`/api/v1/teams/${mid.id}?subteams=move_to_parent&members=move_to_parent`)).status).toBe(
      204,
    );
    expect((await getTeam(leaf.id)).parentId).toBe(top.id);
    const topMembers = await owner.get(`/api/v1/teams/${top.id}/members`);
    expect(topMembers.body.items.map((m: any) => m.id)).toEqual([u.id]);

    const sub = await team('Del-sub', leaf.id);
    await owner.post(`/api/v1/teams/${sub.id}/members`, { userId: u.id });
    expectError(
      await owner.delete(`/api/v1/teams/${top.id}?subteams=delete&members=move_to_parent`),
      400,
      'validation_failed',
    ); // no parent
    expect((await owner.delete(`/api/v1/teams/${top.id}?subteams=delete&members=remove`)).status).toBe(204);
    for (const id of [top.id, leaf.id, sub.id]) expect((await owner.get(`/api/v1/teams/${id}`)).status).toBe(404);
    const audit = await owner.get(`/api/v1/audit?targetId=${top.id}`);
    expect(audit.body.items.map((e: any) => e.action)).toContain('team.deleted');
  });

  it('refuses unknown teams on user creation', async () => {
    const res = await owner.post('/api/v1/users', { email: 'x-team@example.com', firstName: 'X', teamIds: ['nope'] });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details[0].field).toBe('teamIds');
  });
});

describe('team managers and join policies', () => {
  it('lets a team manager manage their team and its sub-teams but not others', async () => {
    const sales = await team('Sales');
    const emea = await team('EMEA', sales.id);
    const hr = await team('HR-team');
    const mgr = await signedIn(t, 'learner');
    const someone = await createUser(owner, { managerId: mgr.id });
    expect((await owner.post(`/api/v1/teams/${sales.id}/managers`, { userId: mgr.id })).status).toBe(201);
    // The role ladder (docs/decisions/004-access-policy.md): a team manager of the lowest rank sees their
    // report but adds nobody of an equal rank; HR or an Admin adds them.
    expectError(await mgr.client.post(`/api/v1/teams/${emea.id}/members`, { userId: someone.id }), 403, 'forbidden');
    expect((await mgr.client.post('/api/v1/teams', { name: 'EMEA-North', parentId: emea.id })).status).toBe(201);
    expectError(await mgr.client.post(`/api/v1/teams/${hr.id}/members`, { userId: someone.id }), 403, 'forbidden');
    expectError(await mgr.client.post('/api/v1/teams', { name: 'Rogue' }), 403, 'forbidden');
    expectError(await mgr.client.patch(`/api/v1/teams/${emea.id}`, { parentId: hr.id }), 403, 'forbidden');
    const mine = await mgr.client.get('/api/v1/teams?mine=true');
    expect(mine.body.items.map((x: any) => x.name).sort()).toEqual(['EMEA', 'EMEA-North', 'Sales']);
    expect(mine.body.items.every((x: any) => x.canManage)).toBe(true);
    // Naming a co-manager: someone out of the manager's sight answers like an id that does not exist.
    const stranger = await createUser(owner);
    const unknown = await mgr.client.post(`/api/v1/teams/${emea.id}/managers`, { userId: crypto.randomUUID() });
    const hidden = await mgr.client.post(`/api/v1/teams/${emea.id}/managers`, { userId: stranger.id });
    expectError(unknown, 400, 'validation_failed');
    expect(hidden.body).toEqual(unknown.body);
    expect((await mgr.client.post(`/api/v1/teams/${emea.id}/managers`, { userId: someone.id })).status).toBe(201);
  });

  it('open teams take people at once, closed teams refuse, on-request teams need a decision and email the requester', async () => {
    const open = await team('Open club', null, 'open');
    const closed = await team('Closed club', null, 'closed');
    const asked = await team('Ask club', null, 'on_request');
    const mgr = await signedIn(t, 'learner');
    await owner.post(`/api/v1/teams/${asked.id}/managers`, { userId: mgr.id });
    const alice = await signedIn(t, 'learner');
    const bob = await signedIn(t, 'learner');

    const joined = await alice.client.post(`/api/v1/teams/${open.id}/join-requests`);
    expect(joined.status).toBe(201);
    expect(joined.body.status).toBe('approved');
    expect((await getTeam(open.id)).memberCount).toBe(1);
    expectError(await alice.client.post(`/api/v1/teams/${closed.id}/join-requests`), 403, 'forbidden');

    const r1 = await alice.client.post(`/api/v1/teams/${asked.id}/join-requests`);
    const r2 = await bob.client.post(`/api/v1/teams/${asked.id}/join-requests`);
    expect([r1.body.status, r2.body.status]).toEqual(['pending', 'pending']);
    expectError(await alice.client.post(`/api/v1/teams/${asked.id}/join-requests`), 409, 'conflict');
    expectError(await alice.client.get(`/api/v1/teams/${asked.id}/join-requests`), 403, 'forbidden');
    expectError(
      await alice.client.post(`/api/v1/teams/${asked.id}/join-requests/${r2.body.id}/approve`),
      403,
      'forbidden',
    );
    const pending = await mgr.client.get(`/api/v1/teams/${asked.id}/join-requests?status=pending`);
    expect(pending.body.items).toHaveLength(2);

    expect((await mgr.client.post(`/api/v1/teams/${asked.id}/join-requests/${r1.body.id}/approve`)).body.status).toBe(
      'approved',
    );
    expect((await owner.post(`/api/v1/teams/${asked.id}/join-requests/${r2.body.id}/decline`)).body.status).toBe(
      'declined',
    );
    expectError(await owner.post(`/api/v1/teams/${asked.id}/join-requests/${r2.body.id}/approve`), 409, 'conflict');
    const members = await owner.get(`/api/v1/teams/${asked.id}/members`);
    expect(members.body.items.map((m: any) => m.id)).toEqual([alice.id]);

    await t.sweep();
    const mail = await t.db.query<{ to_address: string; subject: string }>(
      `select to_address, subject from mailbox where subject like '%Ask club%' order by to_address`,
    );
    expect(mail).toEqual(
      [
        { to_address: alice.email, subject: 'Your request to join Ask club was approved' },
        { to_address: bob.email, subject: 'Your request to join Ask club was declined' },
      ].sort((x, y) => x.to_address.localeCompare(y.to_address)),
    );

    // A member may leave by themselves; they cannot remove others.
    expectError(await alice.client.delete(`/api/v1/teams/${open.id}/members/${bob.id}`), 403, 'forbidden');
    expect((await alice.client.delete(`/api/v1/teams/${asked.id}/members/${alice.id}`)).status).toBe(204);
  });
});
