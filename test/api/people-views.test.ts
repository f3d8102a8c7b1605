import { beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { expectError, signedIn } from '../helpers/api';

/** The People list's chosen columns and saved views (docs/decisions/026-people-list-views.md). */
const { t, owner } = useApp();

type Signed = Awaited<ReturnType<typeof signedIn>>;
let admin: Signed;
let hr: Signed;
let learner: Signed;
let manager: Signed;
let report: { id: string };
let stranger: { id: string };

beforeAll(async () => {
  admin = await signedIn(t, 'admin');
  hr = await signedIn(t, 'hr');
  learner = await signedIn(t, 'learner');
  manager = await signedIn(t, 'learner');
  report = await insertUser(t.db, { firstName: 'Direct', lastName: 'Report', managerId: manager.id });
  stranger = await insertUser(t.db, { firstName: 'Not', lastName: 'Theirs' });
  await t.db.query(`update users set department = 'Sales' where id = any($1)`, [[report.id, stranger.id]]);
  expect(
    (
      await owner.post('/api/v1/custom-fields', {
        key: 'badge',
        label: 'Badge',
        type: 'text',
        filterable: true,
      })
    ).status,
  ).toBe(201);
  expect((await owner.post('/api/v1/custom-fields', { key: 'secret', label: 'Secret', type: 'text' })).status).toBe(
    201,
  );
});

const auditOf = async (action: string) =>
  t.db.query<{ actor_id: string; target_id: string; after: any }>(
    `select actor_id, target_id, after from audit_log where action = $1 order by id`,
    [action],
  );

describe('chosen columns', () => {
  it('are kept per person, server-side, and read back from another session', async () => {
    expect((await hr.client.get('/api/v1/me/people-columns')).body).toEqual({ columns: null });
    const put = await hr.client.request('PUT', '/api/v1/me/people-columns', {
      columns: ['department', 'cf.badge', 'lastSignInAt', 'department'],
    });
    expect(put.status).toBe(200);
    // Repeats go; the status is always there.
    expect(put.body.columns).toEqual(['status', 'department', 'cf.badge', 'lastSignInAt']);
    const otherBrowser = await t.as(hr.email);
    expect((await otherBrowser.get('/api/v1/me/people-columns')).body.columns).toEqual(put.body.columns);
    // Somebody else's choice is their own.
    expect((await admin.client.get('/api/v1/me/people-columns')).body.columns).toBeNull();
    const [entry] = (await auditOf('people_columns.updated')).slice(-1);
    expect(entry).toMatchObject({ actor_id: hr.id, target_id: hr.id });
    expect(entry!.after.columns).toEqual(put.body.columns);
  });

  it('refuses unknown columns and custom fields neither filterable nor visible', async () => {
    for (const columns of [['shoeSize'], ['cf.secret'], ['cf.nothing'], []]) {
      const res = await hr.client.request('PUT', '/api/v1/me/people-columns', { columns });
      expectError(res, 400, 'validation_failed');
    }
  });

  it('are refused to people who only see themselves in the list', async () => {
    expectError(await learner.client.get('/api/v1/me/people-columns'), 403, 'forbidden');
    expectError(
      await learner.client.request('PUT', '/api/v1/me/people-columns', { columns: ['email'] }),
      403,
      'forbidden',
    );
  });
});

describe('saved views', () => {
  let personal: string;
  let shared: string;

  it('keeps a personal view to its owner', async () => {
    const res = await hr.client.post('/api/v1/people-views', {
      name: 'My sales',
      filters: { department: 'Sales', 'cf.badge': 'gold', signedIn: '30d' },
      columns: ['department', 'email'],
      sort: '-lastSignInAt',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      name: 'My sales',
      shared: false,
      columns: ['status', 'department', 'email'],
      sort: '-lastSignInAt',
      ownerId: hr.id,
      canEdit: true,
    });
    personal = res.body.id;
    expect((await hr.client.get('/api/v1/people-views')).body.items.map((v: any) => v.id)).toContain(personal);
    expect((await admin.client.get('/api/v1/people-views')).body.items.map((v: any) => v.id)).not.toContain(personal);
    // Another person's personal view does not exist for them.
    expectError(await admin.client.patch(`/api/v1/people-views/${personal}`, { name: 'Mine now' }), 404, 'not_found');
    expectError(await admin.client.delete(`/api/v1/people-views/${personal}`), 404, 'not_found');
    // Only Owners and Admins share.
    expectError(await hr.client.patch(`/api/v1/people-views/${personal}`, { shared: true }), 403, 'forbidden');
    const renamed = await hr.client.patch(`/api/v1/people-views/${personal}`, { name: 'Sales, mine' });
    expect(renamed.body.name).toBe('Sales, mine');
    const [audited] = (await auditOf('people_view.created')).slice(-1);
    // Filter values (searches, custom fields) are not written to the audit log, their names are.
    expect(audited!.after.filterKeys).toEqual(['department', 'cf.badge', 'signedIn']);
    expect(JSON.stringify(audited!.after)).not.toContain('gold');
  });

  it('lists shared views for everyone who can open the list; only Owners and Admins create or change them', async () => {
    expectError(
      await hr.client.post('/api/v1/people-views', { name: 'Nope', shared: true, columns: ['email'] }),
      403,
      'forbidden',
    );
    const res = await owner.post('/api/v1/people-views', {
      name: 'Sales team',
      shared: true,
      filters: { department: 'sales' },
      columns: ['email', 'department'],
      sort: 'department',
    });
    expect(res.status).toBe(201);
    shared = res.body.id;
    for (const viewer of [hr, admin, manager]) {
      const items = (await viewer.client.get('/api/v1/people-views')).body.items;
      expect(items.find((v: any) => v.id === shared)).toMatchObject({ shared: true, canEdit: viewer === admin });
    }
    expectError(await learner.client.get('/api/v1/people-views'), 403, 'forbidden');
    expectError(await hr.client.patch(`/api/v1/people-views/${shared}`, { name: 'Mine' }), 403, 'forbidden');
    expectError(await manager.client.delete(`/api/v1/people-views/${shared}`), 403, 'forbidden');
    expect((await admin.client.patch(`/api/v1/people-views/${shared}`, { name: 'Sales (all)' })).body.name).toBe(
      'Sales (all)',
    );
  });

  it('still applies the viewer scope when a manager opens a shared view', async () => {
    const view = (await manager.client.get('/api/v1/people-views')).body.items.find((v: any) => v.id === shared);
    const query = new URLSearchParams({ ...view.filters, sort: view.sort }).toString();
    const mine = await manager.client.get(`/api/v1/users?${query}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((u: any) => u.id)).toEqual([report.id]);
    const everyone = await owner.get(`/api/v1/users?${query}`);
    expect(everyone.body.items.map((u: any) => u.id)).toEqual(expect.arrayContaining([report.id, stranger.id]));
  });

  it('refuses unknown filters, columns and sorts', async () => {
    for (const body of [
      { name: 'x', columns: ['email'], filters: { favouriteColour: 'blue' } },
      { name: 'x', columns: ['email'], filters: { 'cf.secret': 'a' } },
      { name: 'x', columns: ['bogus'] },
      { name: 'x', columns: ['email'], sort: 'phone' },
      { name: ' ', columns: ['email'] },
    ])
      expectError(await hr.client.post('/api/v1/people-views', body), 400, 'validation_failed');
  });

  it('deletes, audited', async () => {
    expect((await hr.client.delete(`/api/v1/people-views/${personal}`)).status).toBe(204);
    expect((await owner.delete(`/api/v1/people-views/${shared}`)).status).toBe(204);
    expect((await hr.client.get('/api/v1/people-views')).body.items).toEqual([]);
    expectError(await owner.delete(`/api/v1/people-views/${shared}`), 404, 'not_found');
    const deleted = await auditOf('people_view.deleted');
    expect(deleted.map((d) => d.target_id)).toEqual([personal, shared]);
  });
});
