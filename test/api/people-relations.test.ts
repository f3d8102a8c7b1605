import { describe, expect, it } from 'vitest';
import { insertUser } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, signedIn, uniqueEmail } from '../helpers/api';

const { t, owner } = useApp();

const team = async (name: string) => (await owner.post('/api/v1/teams', { name })).body as { id: string };

describe('POST /users with teams, time zone and manager', () => {
  it('puts the new person in their teams in the creating transaction', async () => {
    const a = await team('Create-A');
    const b = await team('Create-B');
    const boss = await createUser(owner, { firstName: 'Boss' });
    const u = await createUser(owner, {
      teamIds: [a.id, b.id],
      managerId: boss.id,
      timeZone: 'Europe/Paris',
      language: 'fr',
      lastName: undefined,
    });
    expect(u).toMatchObject({ managerId: boss.id, timeZone: 'Europe/Paris', language: 'fr' });
    const rel = (await owner.get(`/api/v1/users/${u.id}/relations`)).body;
    expect(rel.teams.map((x: any) => x.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('refuses an unknown time zone on create and on update, writing nothing', async () => {
    const email = uniqueEmail('mars');
    const res = await owner.post('/api/v1/users', { email, firstName: 'Mars', timeZone: 'Mars/Olympus' });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.map((d: any) => d.field)).toContain('timeZone');
    expect((await t.db.query(`select 1 from users where email_normalized = $1`, [email])).length).toBe(0);
    const u = await createUser(owner);
    expectError(await owner.patch(`/api/v1/users/${u.id}`, { timeZone: 'Mars/Olympus' }), 400, 'validation_failed');
    const me = await signedIn(t, 'learner');
    expectError(await me.client.patch('/api/v1/me', { timeZone: 'Mars/Olympus' }), 400, 'validation_failed');
  });

  it('needs the creator to manage each team; a refusal creates nobody', async () => {
    const theirs = await team('Create-theirs');
    const other = await team('Create-other');
    const inviter = await signedIn(t, 'curator');
    expect((await owner.post(`/api/v1/users/${inviter.id}/grants`, { permission: 'people.invite' })).status).toBe(201);
    expect((await owner.post(`/api/v1/teams/${theirs.id}/managers`, { userId: inviter.id })).status).toBe(201);

    const email = uniqueEmail('refused');
    const refused = await inviter.client.post('/api/v1/users', {
      email,
      firstName: 'No',
      teamIds: [theirs.id, other.id],
    });
    expectError(refused, 403, 'forbidden');
    expect(refused.body.error.details[0].field).toBe('teamIds');
    expect((await t.db.query(`select 1 from users where email_normalized = $1`, [email])).length).toBe(0);

    const made = await inviter.client.post('/api/v1/users', {
      email: uniqueEmail(),
      firstName: 'Yes',
      teamIds: [theirs.id],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const members = await owner.get(`/api/v1/teams/${theirs.id}/members`);
    expect(members.body.items.map((m: any) => m.id)).toContain(made.body.id);
    const audit = await owner.get(`/api/v1/audit?targetId=${theirs.id}`);
    expect(audit.body.items.map((e: any) => e.action)).toContain('team.member_added');
  });
});

describe('GET /users/{id}/relations', () => {
  it('shows the manager chain, reports, teams and groups as far as the caller sees', async () => {
    const top = await insertUser(t.db, { firstName: 'Rel', lastName: 'Top' });
    const mgr = await signedIn(t, 'learner');
    await t.db.query(`update users set manager_id = $2, first_name = 'Rel', last_name = 'Mid' where id = $1`, [
      mgr.id,
      top.id,
    ]);
    const person = await insertUser(t.db, { firstName: 'Rel', lastName: 'Person', managerId: mgr.id });
    const reports = [];
    for (let i = 0; i < 7; i++)
      reports.push(await insertUser(t.db, { firstName: 'Rel', lastName: `Report ${i}`, managerId: person.id }));
    const sales = await team('Rel-sales');
    const ops = await team('Rel-ops');
    await owner.post(`/api/v1/teams/${sales.id}/members`, { userId: person.id });
    await owner.post(`/api/v1/teams/${sales.id}/members`, { userId: reports[0]!.id });
    await owner.post(`/api/v1/teams/${ops.id}/managers`, { userId: person.id });

    const full = (await owner.get(`/api/v1/users/${person.id}/relations`)).body;
    expect(full.managerChain.map((p: any) => p.id)).toEqual([mgr.id, top.id]);
    expect(full.managerChainCut).toBe(false);
    expect(full.directReports.total).toBe(7);
    expect(full.directReports.items.map((p: any) => p.lastName)).toEqual([0, 1, 2, 3, 4].map((i) => `Report ${i}`));
    expect(full.teams).toEqual([
      { id: ops.id, name: 'Rel-ops', member: false, manages: true },
      { id: sales.id, name: 'Rel-sales', member: true, manages: false },
    ]);
    expect(Array.isArray(full.groups)).toBe(true);

    // The manager sees their own line downwards, not above themselves; groups are for group managers.
    const asMgr = (await mgr.client.get(`/api/v1/users/${person.id}/relations`)).body;
    expect(asMgr.managerChain.map((p: any) => p.id)).toEqual([mgr.id]);
    expect(asMgr.managerChainCut).toBe(true);
    expect(asMgr.directReports.total).toBe(7);
    expect(asMgr.groups).toBeNull();

    // A people.view grant limited to Sales sees the person and the one report in Sales, nobody else.
    const curator = await signedIn(t, 'curator');
    await owner.post(`/api/v1/users/${curator.id}/grants`, { permission: 'people.view', teamId: sales.id });
    const asCurator = await curator.client.get(`/api/v1/users/${person.id}/relations`);
    expect(asCurator.status).toBe(200);
    expect(asCurator.body.managerChain).toEqual([]);
    expect(asCurator.body.managerChainCut).toBe(true);
    expect(asCurator.body.directReports).toEqual({
      total: 1,
      items: [{ id: reports[0]!.id, firstName: 'Rel', lastName: 'Report 0', jobTitle: null }],
    });
    expect(JSON.stringify(asCurator.body)).not.toContain(reports[1]!.id);

    const stranger = await signedIn(t, 'learner');
    expectError(await stranger.client.get(`/api/v1/users/${person.id}/relations`), 404, 'not_found');
    expectError(await owner.get('/api/v1/users/nobody/relations'), 404, 'not_found');
  });
});
