import { describe, expect, it } from 'vitest';
import { expectError, signedIn } from '../helpers/api';
import { expectScimError, fixture, useScimApp } from './helpers';

/** Who may use /scim/v2, what it records, and how Roster protects what HR manages. */
describe('SCIM access, audit and HR-managed fields', () => {
  const s = useScimApp();

  it('answers 401 in the SCIM error format without a token, with an api token and with a revoked token', async () => {
    expectScimError(await s.scim('GET', '/Users', undefined, { token: null }), 401);
    const api = await s.newToken(['api']);
    expectScimError(await s.scim('GET', '/Users', undefined, { token: api.token }), 401);
    expect((await s.scim('GET', '/Users')).status).toBe(200);
    const revoked = await s.newToken(['scim']);
    expect((await s.scim('GET', '/Users', undefined, { token: revoked.token })).status).toBe(200);
    expect((await s.owner.delete(`/api/v1/tokens/${revoked.id}`)).status).toBe(204);
    expectScimError(await s.scim('GET', '/Users', undefined, { token: revoked.token }), 401);
    expectScimError(await s.scim('GET', '/ServiceProviderConfig', undefined, { token: 'rst_made-up' }), 401);
  });

  it('a SCIM token does not work on /api/v1', async () => {
    const res = await fetch(`${s.base}/api/v1/users`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(res.status).toBe(401);
  });

  it('only Owners and Admins create SCIM tokens; the list shows them with their last use', async () => {
    const hr = await signedIn(s.t, 'hr');
    expectError(await hr.client.post('/api/v1/tokens', { name: 'nope', scopes: ['scim'] }), 403, 'forbidden');
    expectError(
      await s.owner.post('/api/v1/tokens', { name: 'both', scopes: ['api', 'scim'] }),
      400,
      'validation_failed',
    );
    const list = await s.owner.get('/api/v1/tokens');
    const mine = list.body.items.find((t: { scopes: string[] }) => t.scopes.includes('scim'));
    expect(mine).toMatchObject({
      id: expect.any(String),
      name: expect.any(String),
      createdAt: expect.any(String),
      createdBy: expect.any(String),
    });
    expect(typeof mine.lastUsedAt).toBe('string');
    expect(JSON.stringify(list.body)).not.toContain(s.token);
  });

  it('renders every error in the SCIM format: unknown routes, bad JSON, bad filters, missing resources', async () => {
    expectScimError(await s.scim('GET', '/Nope'), 404);
    expectScimError(await s.scim('GET', '/Users/does-not-exist'), 404);
    expectScimError(await s.scim('POST', '/Users', '{"userName": '), 400, 'invalidSyntax');
    expectScimError(await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq')}`), 400, 'invalidFilter');
    expectScimError(await s.scim('GET', `/Users?filter=${encodeURIComponent('active gt true')}`), 400, 'invalidFilter');
    expectScimError(await s.scim('GET', `/Users?filter=${encodeURIComponent('nosuch eq "x"')}`), 400, 'invalidFilter');
    expectScimError(await s.scim('POST', '/Users', { emails: [{ value: 'a@example.com' }] }), 400, 'invalidValue');
    expectScimError(await s.scim('PATCH', '/Users/does-not-exist', { Operations: [] }), 404);
  });

  it('records changes in the audit log with the token as the actor', async () => {
    const res = await s.scim('POST', '/Users', fixture('okta-create-user'));
    expect(res.status).toBe(201);
    const tokenId = (await s.owner.get('/api/v1/tokens')).body.items.find((t: { scopes: string[] }) =>
      t.scopes.includes('scim'),
    ).id;
    const rows = await s.t.db.query<{ action: string; actor_id: string; actor_type: string; cause: string }>(
      `select action, actor_id, actor_type, cause from audit_log where target_id = $1 order by id`,
      [res.body.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['user.created', 'user.hr_linked']);
    for (const r of rows) expect(r).toMatchObject({ actor_id: tokenId, actor_type: 'token', cause: 'scim' });
  });

  it('refuses changing HR-managed fields through the API (409 managed_by_hr) but allows the others', async () => {
    const res = await s.scim('POST', '/Users', fixture('entra-create-user'));
    const id = res.body.id;
    const denied = await s.owner.patch(`/api/v1/users/${id}`, { jobTitle: 'Changed in Roster', department: 'Other' });
    expectError(denied, 409, 'managed_by_hr');
    expect(denied.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['department', 'jobTitle']);
    // Sending the current value back (a whole form) is not a change.
    expect(
      (await s.owner.patch(`/api/v1/users/${id}`, { jobTitle: 'Payroll lead', location: 'Paris HQ' })).status,
    ).toBe(200);
    expect((await s.owner.get(`/api/v1/users/${id}`)).body.location).toBe('Paris HQ');
  });

  it('refuses the same through PATCH /me for an HR-managed user, and allows their other fields', async () => {
    const res = await s.scim('POST', '/Users', {
      userName: 'dana@hr.example',
      name: { givenName: 'Dana', familyName: 'Self' },
      title: 'Analyst',
    });
    expect(
      (await s.owner.post(`/api/v1/users/${res.body.id}/set-password`, { password: 'scim-owner-set-password-7' }))
        .status,
    ).toBe(200);
    const dana = await s.t.as('dana@hr.example', 'scim-owner-set-password-7');
    expectError(await dana.patch('/api/v1/me', { jobTitle: 'Chief Analyst' }), 409, 'managed_by_hr');
    expectError(await dana.patch('/api/v1/me', { firstName: 'D' }), 409, 'managed_by_hr');
    expect((await dana.patch('/api/v1/me', { timeZone: 'Europe/Paris' })).status).toBe(200);
  });

  it('lets Roster reactivate someone HR deactivated, and records it', async () => {
    const id = (
      await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "alice.martin@contoso.example"')}`)
    ).body.Resources[0].id;
    expect((await s.scim('PATCH', `/Users/${id}`, fixture('entra-patch-disable'))).status).toBe(204);
    const res = await s.owner.post(`/api/v1/users/${id}/reactivate`, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'not_invited', deactivatedByHr: false });
    const audit = await s.t.db.query(
      `select action from audit_log where target_id = $1 and action = 'user.hr_override'`,
      [id],
    );
    expect(audit).toHaveLength(1);
  });

  it('refuses a stale If-Match with 412 and accepts the current one', async () => {
    const id = (await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "bob.okta@example.org"')}`)).body
      .Resources[0].id;
    const current = await s.scim('GET', `/Users/${id}`);
    const etag = current.headers.get('etag')!;
    expect((await s.scim('GET', `/Users/${id}`, undefined, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const ok = await s.scim('PATCH', `/Users/${id}`, fixture('okta-update-profile'), { headers: { 'if-match': etag } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('etag')).not.toBe(etag);
    expectScimError(
      await s.scim('PATCH', `/Users/${id}`, fixture('okta-deactivate'), { headers: { 'if-match': etag } }),
      412,
    );
    expectScimError(await s.scim('DELETE', `/Users/${id}`, undefined, { headers: { 'if-match': etag } }), 412);
  });

  it('DELETE is Roster soft delete: the user can be restored', async () => {
    const id = (await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "bob.okta@example.org"')}`)).body
      .Resources[0].id;
    expect((await s.scim('DELETE', `/Users/${id}`)).status).toBe(204);
    expectScimError(await s.scim('GET', `/Users/${id}`), 404);
    expect((await s.owner.post(`/api/v1/users/${id}/restore`, {})).status).toBe(200);
  });

  it('the status endpoint counts the last 24 hours and lists recent errors', async () => {
    const res = await s.owner.get('/api/v1/scim/status');
    expect(res.status).toBe(200);
    expect(res.body.lastRequestAt).toEqual(expect.any(String));
    // creates: the Okta, Entra and Dana users above; updates: the Okta profile PATCH; deactivations: the Entra disable.
    expect(res.body.last24h).toMatchObject({ creates: 3, updates: 1, deactivations: 1 });
    expect(res.body.last24h.errors).toBeGreaterThanOrEqual(10);
    expect(res.body.recentErrors[0]).toMatchObject({
      method: 'GET',
      status: 404,
      scimType: null,
      detail: 'User not found.',
    });
    expect(res.body.recentErrors).toContainEqual(
      expect.objectContaining({ method: 'DELETE', status: 412, path: expect.stringMatching(/^\/scim\/v2\/Users\//) }),
    );
    expect(res.body.recentErrors.some((e: { scimType: string | null }) => e.scimType === 'invalidFilter')).toBe(true);
    const hr = await signedIn(s.t, 'hr');
    expectError(await hr.client.get('/api/v1/scim/status'), 403, 'forbidden');
  });

  it('settings carry scimMatchOn, and matching on employeeNumber adopts an existing Roster user', async () => {
    expect((await s.owner.get('/api/v1/settings')).body.scimMatchOn).toBe('email');
    expect((await s.owner.patch('/api/v1/settings', { scimMatchOn: 'employeeId' })).body.scimMatchOn).toBe(
      'employeeId',
    );
    const existing = await s.owner.post('/api/v1/users', {
      email: 'carol@old-domain.example',
      firstName: 'Carol',
      employeeId: 'E-7',
    });
    expect(existing.status).toBe(201);
    const body = {
      userName: 'carol@new.example',
      emails: [{ value: 'carol@new.example', primary: true }],
      name: { givenName: 'Carol', familyName: 'New' },
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: 'E-7' },
    };
    const res = await s.scim('POST', '/Users', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.id).toBe(existing.body.id);
    expect((await s.owner.get(`/api/v1/users/${res.body.id}`)).body).toMatchObject({
      email: 'carol@new.example',
      lastName: 'New',
      managedBy: 'scim',
    });
    await s.owner.patch('/api/v1/settings', { scimMatchOn: 'email' });
  });
});
