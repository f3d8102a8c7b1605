import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, signedIn } from '../helpers/api';

const { t, owner } = useApp();

const ids = (res: any) => res.body.items.map((u: any) => u.id).sort();

describe('people list filters', () => {
  it('filters by team, with or without sub-teams, and by group', async () => {
    const top = (await owner.post('/api/v1/teams', { name: 'List-top' })).body;
    const sub = (await owner.post('/api/v1/teams', { name: 'List-sub', parentId: top.id })).body;
    const a = await createUser(owner, { teamIds: [top.id], department: 'Ops' });
    const b = await createUser(owner, { teamIds: [sub.id] });
    expect(ids(await owner.get(`/api/v1/users?teamId=${top.id}`))).toEqual([a.id]);
    const withSubs = await owner.get(`/api/v1/users?teamId=${top.id}&includeSubteams=true`);
    expect(ids(withSubs)).toEqual([a.id, b.id].sort());
    expect(withSubs.body.total).toBe(2);
    const counts = await owner.get(`/api/v1/users/counts?teamId=${top.id}&includeSubteams=true`);
    expect(counts.body.total).toBe(2);
    const g = (
      await owner.post('/api/v1/groups', { name: 'Ops people', rules: { field: 'department', op: 'eq', value: 'ops' } })
    ).body;
    expect(ids(await owner.get(`/api/v1/users?groupId=${g.id}`))).toEqual([a.id]);
    expectError(await owner.get('/api/v1/users?teamId=nope'), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/users?groupId=nope'), 400, 'validation_failed');
    expectError(await owner.get(`/api/v1/users?teamId=${top.id}&includeSubteams=maybe`), 400, 'validation_failed');
  });
});

describe('directory', () => {
  it('finds colleagues by name, team, location and job title, with directory fields only', async () => {
    await owner.post('/api/v1/custom-fields', { key: 'desk', label: 'Desk', type: 'text', visibleInDirectory: true });
    await owner.post('/api/v1/custom-fields', { key: 'salary', label: 'Salary', type: 'number' });
    const team = (await owner.post('/api/v1/teams', { name: 'Zebra squad' })).body;
    const z = await createUser(owner, {
      firstName: 'Zora',
      lastName: 'Quill',
      location: 'Oslo',
      jobTitle: 'Cartographer',
      teamIds: [team.id],
      customFields: { desk: 'B12', salary: 100 },
    });
    await owner.post(`/api/v1/users/${z.id}/set-password`, { password: 'a-long-password-1' });
    const gone = await createUser(owner, { firstName: 'Zora', lastName: 'Gone', location: 'Oslo' });
    await owner.post(`/api/v1/users/${gone.id}/set-password`, { password: 'a-long-password-1' });
    await owner.post(`/api/v1/users/${gone.id}/deactivate`);
    const deleted = await createUser(owner, { firstName: 'Zora', lastName: 'Deleted' });
    await owner.delete(`/api/v1/users/${deleted.id}`);

    const learner = await signedIn(t, 'learner');
    for (const q of ['zora', 'zebra', 'OSLO', 'cartog']) {
      const res = await learner.client.get(`/api/v1/directory?q=${q}`);
      expect(res.status).toBe(200);
      expect(
        res.body.items.map((p: any) => p.id),
        q,
      ).toEqual([z.id]);
    }
    const [entry] = (await learner.client.get('/api/v1/directory?q=quill')).body.items;
    expect(entry.customFields).toEqual({ desk: 'B12' });
    expect(entry.teams).toEqual([{ id: team.id, name: 'Zebra squad' }]);
    expect(Object.keys(entry)).not.toContain('status');
    expect((await learner.client.get(`/api/v1/directory?teamId=${team.id}`)).body.total).toBe(1);

    await owner.patch('/api/v1/settings', { directoryEnabled: false });
    expectError(await learner.client.get('/api/v1/directory?q=zora'), 403, 'forbidden');
    await owner.patch('/api/v1/settings', { directoryEnabled: true });
    expect((await t.anon().get('/api/v1/directory')).status).toBe(401);
  });
});
