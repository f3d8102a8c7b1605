import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, signedIn, uniqueEmail } from '../helpers/api';
import { curatorWithGrants, newTeam } from '../helpers/delegation';

/**
 * Delegated administration (docs/decisions/031-delegated-administration.md): a grant limited to a team (with its
 * sub-teams) or to a dynamic group works inside its limit, through the one policy, never above the holder's rank.
 */
const { t, owner } = useApp();
const ids: Record<string, string> = {};

const team = (name: string, parentId?: string) => newTeam(owner, name, parentId);

beforeAll(async () => {
  ids.sales = await team('Sales');
  ids.emea = await team('EMEA', ids.sales);
  ids.ops = await team('Operations');
  ids.inEmea = (await createUser(owner, { lastName: 'Emea', teamIds: [ids.emea], department: 'Paris' })).id;
  ids.inOps = (await createUser(owner, { lastName: 'Ops', teamIds: [ids.ops], department: 'Paris' })).id;
  ids.adminInSales = (await createUser(owner, { lastName: 'Admin', role: 'admin', teamIds: [ids.sales] })).id;
});

const limitedCurator = (grants: Record<string, unknown>[]) => curatorWithGrants(t, owner, grants);

describe('a team-limited grant works within its team', () => {
  it('invites into the team (201) and refuses another team or no team', async () => {
    const cur = await limitedCurator([{ permission: 'people.invite', teamId: ids.sales }]);
    const made = await cur.client.post('/api/v1/users', {
      email: uniqueEmail('new'),
      firstName: 'New',
      teamIds: [ids.emea],
      invite: 'now',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.status).toBe('invite_pending');
    expect((await cur.client.get(`/api/v1/users/${made.body.id}`)).status).toBe(200);
    expectError(
      await cur.client.post('/api/v1/users', { email: uniqueEmail('x'), firstName: 'X', teamIds: [ids.ops] }),
      403,
      'forbidden',
    );
    expectError(await cur.client.post('/api/v1/users', { email: uniqueEmail('y'), firstName: 'Y' }), 403, 'forbidden');
    // Nothing was left behind by the refusals.
    expect(
      (await owner.get(`/api/v1/users?q=${encodeURIComponent('X')}&limit=500`)).body.items.some(
        (u: any) => u.firstName === 'X',
      ),
    ).toBe(false);
    // A limited inviter cannot raise roles either.
    expectError(
      await cur.client.post('/api/v1/users', {
        email: uniqueEmail('h'),
        firstName: 'H',
        role: 'hr',
        teamIds: [ids.sales],
      }),
      403,
      'forbidden',
    );
  });

  it('edits a person of a sub-team, answers 404 outside the team and 403 on an Admin', async () => {
    const cur = await limitedCurator([
      { permission: 'people.edit', teamId: ids.sales },
      { permission: 'people.lifecycle', teamId: ids.sales },
    ]);
    const edited = await cur.client.patch(`/api/v1/users/${ids.inEmea}`, { jobTitle: 'Seller' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.jobTitle).toBe('Seller');
    expectError(await cur.client.patch(`/api/v1/users/${ids.inOps}`, { jobTitle: 'No' }), 404, 'not_found');
    expectError(await cur.client.get(`/api/v1/users/${ids.inOps}`), 404, 'not_found');
    // The Admin in Sales is seen (the grant shows its team) but not changed.
    const admin = await cur.client.get(`/api/v1/users/${ids.adminInSales}`);
    expect(admin.status).toBe(200);
    expect(admin.body.allowedActions).not.toContain('edit');
    expectError(await cur.client.patch(`/api/v1/users/${ids.adminInSales}`, { jobTitle: 'No' }), 403, 'forbidden');
    const list = await cur.client.get('/api/v1/users?limit=500');
    expect(list.body.items.map((u: any) => u.id)).not.toContain(ids.inOps);
    expect(list.body.items.map((u: any) => u.id)).toContain(ids.inEmea);
  });
});

describe('a grant limited to a dynamic group', () => {
  it('reaches exactly the members of the group, and follows the membership', async () => {
    const g = await owner.post('/api/v1/groups', {
      name: 'Paris people',
      rules: { field: 'department', op: 'eq', value: 'Paris' },
    });
    expect(g.status, JSON.stringify(g.body)).toBe(201);
    const cur = await limitedCurator([{ permission: 'people.edit', groupId: g.body.id }]);
    const grants = await owner.get(`/api/v1/users/${cur.id}/grants`);
    expect(grants.body.items[0]).toMatchObject({ permission: 'people.edit', teamId: null, groupId: g.body.id });
    expect((await cur.client.patch(`/api/v1/users/${ids.inOps}`, { jobTitle: 'Grouped' })).status).toBe(200);
    expectError(await cur.client.get(`/api/v1/users/${ids.adminInSales}`), 404, 'not_found');
    // Leaving the group takes the person out of reach at once.
    expect((await owner.patch(`/api/v1/users/${ids.inOps}`, { department: 'Lyon' })).status).toBe(200);
    expectError(await cur.client.patch(`/api/v1/users/${ids.inOps}`, { jobTitle: 'Gone' }), 404, 'not_found');
    expect((await owner.patch(`/api/v1/users/${ids.inOps}`, { department: 'Paris' })).status).toBe(200);
  });

  it('refuses two limits at once and unknown groups', async () => {
    const cur = await signedIn(t, 'curator');
    expectError(
      await owner.post(`/api/v1/users/${cur.id}/grants`, {
        permission: 'people.view',
        teamId: ids.sales,
        groupId: 'x',
      }),
      400,
      'validation_failed',
    );
    expectError(
      await owner.post(`/api/v1/users/${cur.id}/grants`, { permission: 'people.view', groupId: 'no-such-group' }),
      400,
      'validation_failed',
    );
  });
});

describe('permission profiles', () => {
  it('an assignment grants exactly the bundled permissions within its limit; editing the profile changes them', async () => {
    const created = await owner.post('/api/v1/permission-profiles', {
      name: 'Regional HR',
      permissions: ['people.view'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const profileId = created.body.id as string;
    const cur = await signedIn(t, 'curator');
    const assigned = await owner.post(`/api/v1/users/${cur.id}/profile-assignments`, {
      profileId,
      teamId: ids.sales,
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    expect(assigned.body).toMatchObject({ profileName: 'Regional HR', teamId: ids.sales, teamName: 'Sales' });
    // people.view within Sales: sees the EMEA person, cannot edit them, does not see Operations.
    expect((await cur.client.get(`/api/v1/users/${ids.inEmea}`)).status).toBe(200);
    expectError(await cur.client.patch(`/api/v1/users/${ids.inEmea}`, { jobTitle: 'No' }), 403, 'forbidden');
    expectError(await cur.client.get(`/api/v1/users/${ids.inOps}`), 404, 'not_found');
    // Editing the profile changes the holder's rights at once.
    const edited = await owner.patch(`/api/v1/permission-profiles/${profileId}`, {
      permissions: ['people.view', 'people.edit'],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.assignmentCount).toBe(1);
    expect((await cur.client.patch(`/api/v1/users/${ids.inEmea}`, { jobTitle: 'Regional' })).status).toBe(200);
    expectError(await cur.client.get(`/api/v1/users/${ids.inOps}`), 404, 'not_found');
    expect((await cur.client.get('/api/v1/auth/session')).body.abilities).toContain('people.edit');
    // Audited, and removing the assignment takes the rights away.
    const audit = await owner.get('/api/v1/audit?limit=100');
    expect(audit.body.items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['permission_profile.created', 'permission_profile.updated', 'profile_assignment.added']),
    );
    expect((await owner.delete(`/api/v1/users/${cur.id}/profile-assignments/${assigned.body.id}`)).status).toBe(204);
    expectError(await cur.client.get(`/api/v1/users/${ids.inEmea}`), 404, 'not_found');
    expect((await owner.delete(`/api/v1/permission-profiles/${profileId}`)).status).toBe(204);
    expect((await owner.get('/api/v1/permission-profiles')).body.items).toEqual([]);
  });

  it('only Owners and Admins edit profiles; names are unique', async () => {
    const hr = await signedIn(t, 'hr');
    expectError(await hr.client.post('/api/v1/permission-profiles', { name: 'X', permissions: [] }), 403, 'forbidden');
    expect(
      (await owner.post('/api/v1/permission-profiles', { name: 'Auditors', permissions: ['audit.read'] })).status,
    ).toBe(201);
    expectError(
      await owner.post('/api/v1/permission-profiles', { name: 'auditors', permissions: [] }),
      409,
      'conflict',
    );
  });
});

describe('what a person can reach', () => {
  it('counts the people the holder sees in their People list, and the list filter shows them', async () => {
    const cur = await limitedCurator([{ permission: 'people.view', teamId: ids.sales }]);
    const reach = await owner.get(`/api/v1/users/${cur.id}/reach`);
    expect(reach.status, JSON.stringify(reach.body)).toBe(200);
    const ownList = await cur.client.get('/api/v1/users?limit=500');
    expect(reach.body.count).toBe(ownList.body.total);
    expect(reach.body.count).toBe(ownList.body.items.length);
    expect(reach.body.everyone).toBe(false);
    const filtered = await owner.get(`/api/v1/users?limit=500&${reach.body.peopleQuery}`);
    expect(filtered.status).toBe(200);
    expect(filtered.body.items.map((u: any) => u.id).sort()).toEqual(ownList.body.items.map((u: any) => u.id).sort());
    expect((await cur.client.get(`/api/v1/users/${cur.id}/reach`)).body.count).toBe(reach.body.count);
    expect((await owner.get(`/api/v1/users/${ids.adminInSales}/reach`)).body.everyone).toBe(true);
  });
});

describe('deleting a team', () => {
  it('removes the grants and profile assignments limited to it, as deleting a group does', async () => {
    const gone = await team('Temporary');
    const cur = await limitedCurator([{ permission: 'people.view', teamId: gone }]);
    const profile = await owner.post('/api/v1/permission-profiles', { name: 'Temporary team', permissions: ['notes'] });
    expect(profile.status, JSON.stringify(profile.body)).toBe(201);
    const assigned = await owner.post(`/api/v1/users/${cur.id}/profile-assignments`, {
      profileId: profile.body.id,
      teamId: gone,
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    expect((await owner.delete(`/api/v1/teams/${gone}`)).status).toBe(204);
    expect((await owner.get(`/api/v1/users/${cur.id}/grants`)).body.items).toEqual([]);
    expect((await owner.get(`/api/v1/users/${cur.id}/profile-assignments`)).body.items).toEqual([]);
    // Nothing limited to it is left behind.
    expect((await t.db.query(`select 1 from effective_grants where team_id = $1`, [gone])).length).toBe(0);
  });
});
