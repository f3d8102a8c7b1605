import { describe, expect, it } from 'vitest';
import { insertUser } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, signedIn, uniqueEmail } from '../helpers/api';

const { t, owner } = useApp();

describe('unauthenticated', () => {
  it.each([
    ['GET', '/api/v1/users'],
    ['POST', '/api/v1/users'],
    ['GET', '/api/v1/users/someone'],
    ['PATCH', '/api/v1/users/someone'],
    ['DELETE', '/api/v1/users/someone'],
    ['POST', '/api/v1/users/someone/deactivate'],
    ['GET', '/api/v1/users/counts'],
    ['GET', '/api/v1/me'],
    ['GET', '/api/v1/audit'],
    ['GET', '/api/v1/settings'],
    ['PATCH', '/api/v1/settings'],
    ['GET', '/api/v1/tokens'],
    ['POST', '/api/v1/custom-fields'],
    ['GET', '/api/v1/mailbox'],
  ])('%s %s → 401', async (method, url) => {
    // A well-formed body, so only the missing session is wrong.
    const bodies: Record<string, unknown> = {
      '/api/v1/users': { email: 'anon@example.com', firstName: 'Anon' },
      '/api/v1/custom-fields': { key: 'anon', label: 'Anon', type: 'text' },
    };
    const body = method === 'GET' || method === 'DELETE' ? undefined : (bodies[url] ?? {});
    expectError(await t.anon().request(method, url, body), 401, 'unauthenticated');
  });

  it('public endpoints answer without a session', async () => {
    expect((await t.anon().get('/healthz')).status).toBe(200);
    expect((await t.anon().get('/api/v1/openapi.json')).status).toBe(200);
  });
});

describe('learner', () => {
  it('sees only themselves: 404 for another user, 403 for admin actions', async () => {
    const me = await signedIn(t, 'learner');
    const other = await createUser(owner);
    expectError(await me.client.get(`/api/v1/users/${other.id}`), 404, 'not_found');
    expectError(await me.client.patch(`/api/v1/users/${other.id}`, { firstName: 'X' }), 404, 'not_found');
    expectError(await me.client.post(`/api/v1/users/${other.id}/deactivate`), 404, 'not_found');
    expectError(await me.client.delete(`/api/v1/users/${other.id}`), 404, 'not_found');
    expectError(await me.client.get(`/api/v1/users/${other.id}/status-history`), 404, 'not_found');
    // An unknown id looks exactly like a hidden one.
    const hidden = await me.client.get(`/api/v1/users/${other.id}`);
    const unknown = await me.client.get('/api/v1/users/unknown-id');
    expect(hidden.body.error.code).toBe(unknown.body.error.code);

    expectError(await me.client.post('/api/v1/users', { email: uniqueEmail(), firstName: 'X' }), 403, 'forbidden');
    expectError(await me.client.get('/api/v1/audit'), 403, 'forbidden');
    expectError(await me.client.get('/api/v1/settings'), 403, 'forbidden');
    expectError(
      await me.client.post('/api/v1/custom-fields', { key: 'k', label: 'K', type: 'text' }),
      403,
      'forbidden',
    );

    const list = await me.client.get('/api/v1/users');
    expect(list.status).toBe(200);
    expect(list.body.items.map((u: any) => u.id)).toEqual([me.id]);
    expect(list.body.total).toBe(1);
    const mine = await me.client.get(`/api/v1/users/${me.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.allowedActions).not.toContain('deactivate');
  });

  it('cannot raise their own role or change their own status', async () => {
    const me = await signedIn(t, 'learner');
    expectError(await me.client.patch(`/api/v1/users/${me.id}`, { role: 'owner' }), 403, 'forbidden');
    expectError(await me.client.post(`/api/v1/users/${me.id}/deactivate`), 403, 'forbidden');
    expect((await owner.get(`/api/v1/users/${me.id}`)).body).toMatchObject({ role: 'learner', status: 'confirmed' });
  });
});

describe('HR', () => {
  it('invites and deactivates; 403 for anonymise, delete, restore, roles, audit and settings', async () => {
    const hr = await signedIn(t, 'hr');
    const made = await hr.client.post('/api/v1/users', {
      email: uniqueEmail('byhr'),
      firstName: 'Hired',
      invite: 'now',
    });
    expect(made.status).toBe(201);
    expect(made.body.status).toBe('invite_pending');
    const id = made.body.id;
    expect((await hr.client.post(`/api/v1/users/${id}/invite`)).status).toBe(200);
    expect((await hr.client.patch(`/api/v1/users/${id}`, { jobTitle: 'Engineer' })).body.jobTitle).toBe('Engineer');
    expect((await hr.client.post(`/api/v1/users/${id}/deactivate`)).body.status).toBe('deactivated');
    expectError(await hr.client.post(`/api/v1/users/${id}/anonymise`), 403, 'forbidden');
    expectError(await hr.client.delete(`/api/v1/users/${id}`), 403, 'forbidden');
    expect((await hr.client.post(`/api/v1/users/${id}/reactivate`)).body.status).toBe('invite_pending');
    expectError(await hr.client.patch(`/api/v1/users/${id}`, { role: 'reporter' }), 403, 'forbidden');
    expectError(await hr.client.get('/api/v1/audit'), 403, 'forbidden');
    expectError(await hr.client.get('/api/v1/settings'), 403, 'forbidden');
    const detail = await hr.client.get(`/api/v1/users/${id}`);
    expect(detail.body.allowedActions).toEqual(expect.arrayContaining(['edit', 'resend_invite', 'deactivate']));
    expect(detail.body.allowedActions).not.toContain('anonymise');
    expect(detail.body.allowedActions).not.toContain('delete');
  });

  it('cannot touch an Owner', async () => {
    const hr = await signedIn(t, 'hr');
    const ownerId = (await owner.get('/api/v1/me')).body.id;
    expect((await hr.client.get(`/api/v1/users/${ownerId}`)).status).toBe(200);
    expectError(await hr.client.patch(`/api/v1/users/${ownerId}`, { jobTitle: 'Demoted' }), 403, 'forbidden');
    expectError(await hr.client.post(`/api/v1/users/${ownerId}/deactivate`), 403, 'forbidden');
  });
});

describe('reporter', () => {
  it('reads the audit log but not the people list details of others', async () => {
    const rep = await signedIn(t, 'reporter');
    const audit = await rep.client.get('/api/v1/audit');
    expect(audit.status).toBe(200);
    expect(audit.body.total).toBeGreaterThan(0);
    const other = await insertUser(t.db, { status: 'not_invited' });
    expectError(await rep.client.get(`/api/v1/users/${other.id}`), 404, 'not_found');
    expectError(await rep.client.post('/api/v1/users', { email: uniqueEmail(), firstName: 'X' }), 403, 'forbidden');
  });
});

describe('admin', () => {
  it('manages people but not owners', async () => {
    const admin = await signedIn(t, 'admin');
    const u = await createUser(owner);
    expect((await admin.client.post(`/api/v1/users/${u.id}/deactivate`)).status).toBe(200);
    expect((await admin.client.post(`/api/v1/users/${u.id}/anonymise`)).status).toBe(200);
    const v = await createUser(owner);
    expect((await admin.client.delete(`/api/v1/users/${v.id}`)).status).toBe(204);
    expect((await admin.client.post(`/api/v1/users/${v.id}/restore`)).status).toBe(200);
    const anotherOwner = await createUser(owner, { role: 'owner' });
    expectError(await admin.client.delete(`/api/v1/users/${anotherOwner.id}`), 403, 'forbidden');
    expectError(await admin.client.patch(`/api/v1/users/${anotherOwner.id}`, { role: 'learner' }), 403, 'forbidden');
  });
});
