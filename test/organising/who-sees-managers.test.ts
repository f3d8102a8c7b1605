import { beforeAll, describe, expect, it } from 'vitest';
import { insertUser, type Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { signedIn } from '../helpers/api';
import type { Status } from '../../src/common/domain';

/**
 * Team managers and the directory show people only to those who may see them: a learner sees a team's
 * managers only when the directory lists them (confirmed) or the access policy puts them in scope.
 */
const { t, owner } = useApp();

const person = (lastName: string, status: Status = 'confirmed', managerId?: string) =>
  insertUser(t.db, { firstName: 'Mgr', lastName, status, managerId });
const setDirectory = async (on: boolean) =>
  expect((await owner.patch('/api/v1/settings', { directoryEnabled: on })).status).toBe(200);
const names = (items: { lastName: string }[]) => items.map((m) => m.lastName).sort();

/** What a caller is shown of the team's managers, by both routes (which must agree). */
async function managersSeenBy(client: Client, teamId: string) {
  const team = await client.get(`/api/v1/teams/${teamId}`);
  const list = await client.get(`/api/v1/teams/${teamId}/managers`);
  expect([team.status, list.status]).toEqual([200, 200]);
  expect(list.body.total).toBe(list.body.items.length);
  expect(names(list.body.items)).toEqual(names(team.body.managers));
  return names(list.body.items);
}

describe("a team's managers", () => {
  let teamId: string;
  let lineManager: Awaited<ReturnType<typeof signedIn>>;

  beforeAll(async () => {
    teamId = (await owner.post('/api/v1/teams', { name: 'Managed team' })).body.id;
    lineManager = await signedIn(t, 'learner');
    const managers = {
      active: await person('Active'),
      deactivated: await person('Deactivated', 'deactivated', lineManager.id),
      notInvited: await person('NotInvited', 'not_invited'),
      pending: await person('Pending', 'invite_pending'),
      anonymised: await person('Anonymised', 'deactivated'),
      deleted: await person('Deleted'),
    };
    for (const m of Object.values(managers))
      expect((await owner.post(`/api/v1/teams/${teamId}/managers`, { userId: m.id })).status).toBe(201);
    expect((await owner.post(`/api/v1/users/${managers.anonymised.id}/anonymise`)).status).toBe(200);
    expect((await owner.delete(`/api/v1/users/${managers.deleted.id}`)).status).toBe(204);
  });

  it('are shown to a learner only when the directory lists them', async () => {
    const learner = await signedIn(t, 'learner');
    await setDirectory(true);
    expect(await managersSeenBy(learner.client, teamId)).toEqual(['Active']);
    await setDirectory(false);
    expect(await managersSeenBy(learner.client, teamId)).toEqual([]);
    await setDirectory(true);
  });

  it("include people in the caller's scope, whatever their status and the directory", async () => {
    await setDirectory(false);
    expect(await managersSeenBy(lineManager.client, teamId)).toEqual(['Deactivated']);
    await setDirectory(true);
    expect(await managersSeenBy(lineManager.client, teamId)).toEqual(['Active', 'Deactivated']);
  });

  it('are all shown (but the deleted) to administrators and to those who manage the team', async () => {
    const everyone = ['Active', 'Deactivated', 'NotInvited', 'Pending'];
    const all = await managersSeenBy(owner, teamId);
    expect(all.filter((n) => everyone.includes(n))).toEqual(everyone);
    expect(all).toHaveLength(5); // and the anonymised one, under their pseudonym
    const teamManager = await signedIn(t, 'learner');
    await owner.post(`/api/v1/teams/${teamId}/managers`, { userId: teamManager.id });
    await setDirectory(false);
    expect(await managersSeenBy(teamManager.client, teamId)).toHaveLength(6);
    await setDirectory(true);
  });
});

describe('the directory', () => {
  it('lists only people who can sign in, people on a break included', async () => {
    const tag = `Dir${Date.now()}`;
    const listed = await person(`${tag}Confirmed`);
    const onBreak = await person(`${tag}OnBreak`);
    expect((await owner.patch(`/api/v1/users/${onBreak.id}`, { onBreak: true })).status).toBe(200);
    await person(`${tag}NotInvited`, 'not_invited');
    await person(`${tag}Scheduled`, 'invite_scheduled');
    await person(`${tag}Pending`, 'invite_pending');
    await person(`${tag}Deactivated`, 'deactivated');
    const pastExpiry = await person(`${tag}PastExpiry`);
    await t.db.query(`update users set expires_at = now() - interval '1 minute' where id = $1`, [pastExpiry.id]);
    const learner = await signedIn(t, 'learner');
    const res = await learner.client.get(`/api/v1/directory?q=${tag}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { id: string }) => p.id).sort()).toEqual([listed.id, onBreak.id].sort());
    expect(res.body.total).toBe(2);
  });
});
