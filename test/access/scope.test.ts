import { beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

// A small organisation: boss → lead → (ann, bob); lead2 → carl; plus an outsider.
const { t, owner } = useApp();
const ids: Record<string, string> = {};

beforeAll(async () => {
  ids.boss = (await insertUser(t.db, { email: 'boss@example.com', lastName: 'Boss' })).id;
  ids.lead = (await insertUser(t.db, { email: 'lead@example.com', lastName: 'Lead', managerId: ids.boss })).id;
  ids.ann = (await insertUser(t.db, { email: 'ann@example.com', lastName: 'Ann', managerId: ids.lead })).id;
  ids.bob = (
    await insertUser(t.db, { email: 'bob@example.com', lastName: 'Bob', managerId: ids.lead, status: 'not_invited' })
  ).id;
  ids.lead2 = (await insertUser(t.db, { email: 'lead2@example.com', lastName: 'Leadtwo' })).id;
  ids.carl = (await insertUser(t.db, { email: 'carl@example.com', lastName: 'Carl', managerId: ids.lead2 })).id;
});

describe('manager scope', () => {
  it('a manager lists exactly themselves and their direct and indirect reports, with matching totals and counts', async () => {
    const boss = await t.as('boss@example.com');
    const list = await boss.get('/api/v1/users?limit=500');
    expect(list.status).toBe(200);
    expect(list.body.items.map((u: any) => u.email).sort()).toEqual([
      'ann@example.com',
      'bob@example.com',
      'boss@example.com',
      'lead@example.com',
    ]);
    expect(list.body.total).toBe(4);
    const counts = await boss.get('/api/v1/users/counts');
    expect(counts.body.total).toBe(4);
    expect(counts.body.counts.not_invited).toBe(1);
  });

  it('search never finds people outside the scope', async () => {
    const lead = await t.as('lead@example.com');
    expect((await lead.get('/api/v1/users?q=carl')).body.total).toBe(0);
    expect((await lead.get('/api/v1/users?q=ann')).body.total).toBe(1);
    expect((await owner.get('/api/v1/users?q=carl')).body.total).toBe(1);
  });

  it('out-of-scope users are 404 for reads and for bulk actions report them as not found', async () => {
    const lead = await t.as('lead@example.com');
    expect((await lead.get(`/api/v1/users/${ids.carl}`)).status).toBe(404);
    expect((await lead.get(`/api/v1/users/${ids.ann}`)).status).toBe(200);
    const bulk = await lead.post('/api/v1/users/bulk', { action: 'deactivate', userIds: [ids.carl, ids.ann] });
    const byId = Object.fromEntries(bulk.body.results.map((r: any) => [r.userId, r]));
    expect(byId[ids.carl!].error.code).toBe('not_found');
    expect(byId[ids.ann!].error.code).toBe('forbidden');
  });

  it('a learner without reports sees only themselves', async () => {
    const ann = await t.as('ann@example.com');
    const list = await ann.get('/api/v1/users');
    expect(list.body.items.map((u: any) => u.id)).toEqual([ids.ann]);
    expect(list.body.total).toBe(1);
  });

  it('managers may edit their reports only when the setting allows it', async () => {
    const lead = await t.as('lead@example.com');
    expect((await lead.patch(`/api/v1/users/${ids.ann}`, { jobTitle: 'Analyst' })).status).toBe(403);
    expect((await owner.patch('/api/v1/settings', { managersMayEditReports: true })).status).toBe(200);
    const ok = await lead.patch(`/api/v1/users/${ids.ann}`, { jobTitle: 'Analyst' });
    expect(ok.status).toBe(200);
    expect(ok.body.jobTitle).toBe('Analyst');
    expect((await lead.patch(`/api/v1/users/${ids.carl}`, { jobTitle: 'Nope' })).status).toBe(404);
    expect((await lead.patch(`/api/v1/users/${ids.ann}`, { role: 'admin' })).status).toBe(403);
    await owner.patch('/api/v1/settings', { managersMayEditReports: false });
  });

  it('moving a manager moves their whole team into and out of the scope above', async () => {
    const boss = await t.as('boss@example.com');
    expect((await boss.get(`/api/v1/users/${ids.carl}`)).status).toBe(404);
    expect((await owner.patch(`/api/v1/users/${ids.lead2}`, { managerId: ids.lead })).status).toBe(200);
    expect((await boss.get(`/api/v1/users/${ids.carl}`)).status).toBe(200);
    expect((await boss.get('/api/v1/users?q=carl')).body.total).toBe(1);
    const [carl] = await t.db.query(`select manager_path from users where id = $1`, [ids.carl]);
    expect(carl!.manager_path).toBe(`/${ids.boss}/${ids.lead}/${ids.lead2}/`);
    expect((await owner.patch(`/api/v1/users/${ids.lead2}`, { managerId: null })).status).toBe(200);
    expect((await boss.get(`/api/v1/users/${ids.carl}`)).status).toBe(404);
    expect((await boss.get('/api/v1/users?q=carl')).body.total).toBe(0);
  });

  it("purging a manager (foreign key sets the reports' manager to null) resets the reporting line below", async () => {
    const m = await insertUser(t.db);
    const r1 = await insertUser(t.db, { managerId: m.id });
    const r2 = await insertUser(t.db, { managerId: r1.id });
    await t.db.query(`delete from users where id = $1`, [m.id]);
    const rows = await t.db.query(
      `select id, manager_id, manager_path from users where id in ($1, $2) order by manager_path`,
      [r1.id, r2.id],
    );
    expect(rows).toEqual([
      { id: r1.id, manager_id: null, manager_path: '/' },
      { id: r2.id, manager_id: r1.id, manager_path: `/${r1.id}/` },
    ]);
  });

  it('reportsTo lists direct and indirect reports', async () => {
    const res = await owner.get(`/api/v1/users?reportsTo=${ids.boss}&limit=500`);
    expect(res.body.items.map((u: any) => u.email).sort()).toEqual([
      'ann@example.com',
      'bob@example.com',
      'lead@example.com',
    ]);
  });

  it('a line-manager change that would make a cycle is refused', async () => {
    const res = await owner.patch(`/api/v1/users/${ids.boss}`, { managerId: ids.ann });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('managerId');
    expect((await owner.patch(`/api/v1/users/${ids.ann}`, { managerId: ids.ann })).status).toBe(400);
  });
});

describe('permission grants', () => {
  it('a curator with people.view sees everyone; revoking the grant takes it away at once', async () => {
    const cur = await insertUser(t.db, { role: 'curator', email: 'cur@example.com' });
    const curator = await t.as('cur@example.com');
    expect((await curator.get('/api/v1/users')).body.total).toBe(1);
    const grant = await owner.post(`/api/v1/users/${cur.id}/grants`, { permission: 'people.view' });
    expect(grant.status).toBe(201);
    const all = (await owner.get('/api/v1/users')).body.total;
    expect((await curator.get('/api/v1/users')).body.total).toBe(all);
    expect((await curator.post('/api/v1/users', { email: 'x@example.com', firstName: 'X' })).status).toBe(403);
    const shown = await owner.get(`/api/v1/users/${cur.id}/grants`);
    expect(shown.body.items.map((g: any) => g.permission)).toEqual(['people.view']);
    expect((await owner.delete(`/api/v1/users/${cur.id}/grants/${grant.body.id}`)).status).toBe(204);
    expect((await curator.get('/api/v1/users')).body.total).toBe(1);
    const audit = await owner.get(`/api/v1/audit?targetId=${cur.id}`);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['grant.added', 'grant.removed']),
    );
  });

  it("a grant limited to a team covers its members and its sub-teams' members, nobody else", async () => {
    const sales = await owner.post('/api/v1/teams', { name: 'Sales' });
    const emea = await owner.post('/api/v1/teams', { name: 'EMEA', parentId: sales.body.id });
    expect(emea.status).toBe(201);
    expect((await owner.post(`/api/v1/teams/${emea.body.id}/members`, { userId: ids.ann })).status).toBe(201);
    const cur = await insertUser(t.db, { role: 'curator', email: 'teamcur@example.com' });
    for (const permission of ['people.view', 'people.edit'])
      expect((await owner.post(`/api/v1/users/${cur.id}/grants`, { permission, teamId: sales.body.id })).status).toBe(
        201,
      );
    const curator = await t.as('teamcur@example.com');
    const list = await curator.get('/api/v1/users?limit=500');
    expect(list.body.items.map((u: any) => u.id).sort()).toEqual([cur.id, ids.ann].sort());
    expect(list.body.total).toBe(2);
    expect((await curator.get(`/api/v1/users/${ids.ann}`)).status).toBe(200);
    expect((await curator.patch(`/api/v1/users/${ids.ann}`, { location: 'Lisbon' })).status).toBe(200);
    expect((await curator.get(`/api/v1/users/${ids.carl}`)).status).toBe(404);
    expect((await curator.patch(`/api/v1/users/${ids.carl}`, { location: 'Lisbon' })).status).toBe(404);
    expect((await curator.post(`/api/v1/users/${ids.ann}/deactivate`)).status).toBe(403);
    expect((await curator.post('/api/v1/users', { email: 'nope@example.com', firstName: 'N' })).status).toBe(403);
    expect(
      (await owner.post(`/api/v1/users/${cur.id}/grants`, { permission: 'people.view', teamId: 'no-such-team' }))
        .status,
    ).toBe(400);
  });

  it('refuses unknown permissions and grants to oneself', async () => {
    expect((await owner.post(`/api/v1/users/${ids.ann}/grants`, { permission: 'settings.manage' })).status).toBe(400);
    const me = (await owner.get('/api/v1/me')).body.id;
    expect((await owner.post(`/api/v1/users/${me}/grants`, { permission: 'people.view' })).status).toBe(403);
  });
});

describe('role assignment', () => {
  it("only Owners make Owners; Admins assign roles below their own; nobody changes their own role nor an equal's", async () => {
    const adm = await insertUser(t.db, { role: 'admin', email: 'adm@example.com' });
    const admin = await t.as('adm@example.com');
    expect((await admin.patch(`/api/v1/users/${ids.ann}`, { role: 'owner' })).status).toBe(403);
    expect((await admin.patch(`/api/v1/users/${ids.ann}`, { role: 'hr' })).body.role).toBe('hr');
    expect((await admin.patch(`/api/v1/users/${adm.id}`, { role: 'owner' })).status).toBe(403);
    expect((await owner.patch(`/api/v1/users/${ids.ann}`, { role: 'owner' })).body.role).toBe('owner');
    expect((await admin.patch(`/api/v1/users/${ids.ann}`, { role: 'learner' })).status).toBe(403);
    // Owners are equals on the role ladder: no Owner changes another's role (docs/decisions/004-access-policy.md).
    expect((await owner.patch(`/api/v1/users/${ids.ann}`, { role: 'learner' })).status).toBe(403);
    await t.db.query(`update users set role = 'learner' where id = $1`, [ids.ann]);
  });
});

describe('notes', () => {
  it('are written by HR and managers and never shown to their subject', async () => {
    const hr = await insertUser(t.db, { role: 'hr', email: 'hr@example.com' });
    void hr;
    const hrClient = await t.as('hr@example.com');
    const lead = await t.as('lead@example.com');
    expect((await hrClient.post(`/api/v1/users/${ids.lead}/notes`, { body: 'Secret remark about Lead' })).status).toBe(
      201,
    );
    expect(
      (await t.as('boss@example.com').then((b) => b.post(`/api/v1/users/${ids.lead}/notes`, { body: 'Boss note' })))
        .status,
    ).toBe(201);
    expect((await owner.get(`/api/v1/users/${ids.lead}/notes`)).body.items).toHaveLength(2);
    // The subject: not through the notes endpoint, the profile, or anything else they can read.
    expect((await lead.get(`/api/v1/users/${ids.lead}/notes`)).status).toBe(404);
    for (const path of [
      '/api/v1/me',
      `/api/v1/users/${ids.lead}`,
      '/api/v1/users',
      `/api/v1/users/${ids.lead}/status-history`,
      '/api/v1/auth/session',
    ]) {
      const res = await lead.get(path);
      expect(JSON.stringify(res.body), path).not.toMatch(/Secret remark|Boss note/);
    }
    const hrAudit = await owner.get(`/api/v1/audit?targetId=${ids.lead}&action=note.created`);
    expect(JSON.stringify(hrAudit.body)).not.toMatch(/Secret remark/);
  });
});
