import { describe, expect, it } from 'vitest';
import { createUser, expectError, signedIn, uniqueEmail } from '../helpers/api';
import type { Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

/** People list bulk bar: "add to team" (issue 5), and the list's team and group filters it feeds. */
const { t, owner } = useApp();

const team = async (name: string, parentId?: string) =>
  (await owner.post('/api/v1/teams', { name: `${name} ${uniqueEmail()}`, parentId })).body as { id: string };
const bulkAdd = (client: Client, teamId: string | undefined, userIds: string[]) =>
  client.post('/api/v1/users/bulk', { action: 'add_to_team', teamId, userIds });
const memberIds = async (teamId: string) =>
  (await owner.get(`/api/v1/teams/${teamId}/members`)).body.items.map((m: any) => m.id).sort();
const listed = async (query: string) =>
  (await owner.get(`/api/v1/users?${query}&limit=100`)).body.items.map((u: any) => u.id).sort();

describe('bulk add to team', () => {
  it('adds every person, audited, and their groups and the list filters follow', async () => {
    const parent = await team('Ops');
    const child = await team('Ops night', parent.id);
    const group = (
      await owner.post('/api/v1/groups', {
        name: `Ops people ${parent.id}`,
        rules: { field: 'teamId', op: 'in_team', value: { teamId: parent.id, includeSubteams: true } },
      })
    ).body;
    const [a, b] = [await createUser(owner), await createUser(owner)];

    const res = await bulkAdd(owner, child.id, [a.id, b.id, a.id]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ succeeded: 2, failed: 0 });
    expect(await memberIds(child.id)).toEqual([a.id, b.id].sort());
    const inGroup = (await owner.get(`/api/v1/groups/${group.id}/members`)).body.items.map((m: any) => m.id).sort();
    expect(inGroup).toEqual([a.id, b.id].sort());
    const audit = await owner.get(`/api/v1/audit?targetId=${child.id}&action=team.member_added`);
    expect(audit.body.items).toHaveLength(2);

    // Adding again changes nothing and is not an error.
    expect((await bulkAdd(owner, child.id, [a.id])).body).toMatchObject({ succeeded: 1, failed: 0 });
    expect((await owner.get(`/api/v1/audit?targetId=${child.id}&action=team.member_added`)).body.items).toHaveLength(2);

    // The People list filters the UI offers: team with or without sub-teams, and group.
    expect(await listed(`teamId=${parent.id}`)).toEqual([]);
    expect(await listed(`teamId=${parent.id}&includeSubteams=true`)).toEqual([a.id, b.id].sort());
    expect(await listed(`groupId=${group.id}`)).toEqual([a.id, b.id].sort());
  });

  it('refuses a missing or unknown team and a team the caller does not manage', async () => {
    const u = await createUser(owner);
    expectError(await bulkAdd(owner, undefined, [u.id]), 400, 'validation_failed');
    expectError(await bulkAdd(owner, 'no-such-team', [u.id]), 404, 'not_found');
    const other = await team('Finance');
    const mgr = await signedIn(t, 'learner');
    expectError(await bulkAdd(mgr.client, other.id, [u.id]), 403, 'forbidden');
    expect(await memberIds(other.id)).toEqual([]);
  });

  it('lets a team manager add only people in their scope and below their rank (docs/decisions/004); others are reported', async () => {
    const mine = await team('Support');
    const mgr = await signedIn(t, 'learner');
    expect((await owner.post(`/api/v1/teams/${mine.id}/managers`, { userId: mgr.id })).status).toBe(201);
    const report = await createUser(owner, { managerId: mgr.id });
    const stranger = await createUser(owner);

    const res = await bulkAdd(mgr.client, mine.id, [report.id, stranger.id, 'no-such-user']);
    expect(res.status).toBe(200);
    expect(res.body.succeeded).toBe(0);
    const byId = Object.fromEntries(res.body.results.map((r: any) => [r.userId, r]));
    // A learner is not above a learner: a report is visible but cannot be added.
    expect(byId[report.id].error.code).toBe('forbidden');
    expect(byId[stranger.id].error.code).toBe('not_found');
    expect(byId['no-such-user'].error.code).toBe('not_found');
    expect(await memberIds(mine.id)).toEqual([]);

    const hr = await signedIn(t, 'hr');
    expect((await bulkAdd(hr.client, mine.id, [report.id, stranger.id])).body).toMatchObject({
      succeeded: 2,
      failed: 0,
    });
    expect(await memberIds(mine.id)).toEqual([report.id, stranger.id].sort());
  });
});
