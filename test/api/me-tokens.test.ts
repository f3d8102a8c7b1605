import { describe, expect, it } from 'vitest';
import { OWNER } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { expectError, signedIn, uniqueEmail } from '../helpers/api';

const { t, owner } = useApp();

const login = (email: string, password: string) => t.anon().post('/api/v1/auth/login', { email, password });

describe('own profile', () => {
  it('GET and PATCH /me', async () => {
    const u = await signedIn(t);
    const me = await u.client.get('/api/v1/me');
    expect(me.body).toMatchObject({ id: u.id, email: u.email, role: 'learner' });
    const p = await u.client.patch('/api/v1/me', {
      firstName: 'Selma',
      jobTitle: 'Baker',
      language: 'fr',
      timeZone: 'Europe/Paris',
      onBreak: true,
    });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ firstName: 'Selma', jobTitle: 'Baker', language: 'fr', onBreak: true });
    expect((await owner.get(`/api/v1/users/${u.id}`)).body.jobTitle).toBe('Baker');
    expectError(await u.client.patch('/api/v1/me', { role: 'owner' }), 400, 'validation_failed');
    expectError(await u.client.patch('/api/v1/me', { expiresAt: null }), 400, 'validation_failed');
    expectError(await u.client.patch('/api/v1/me', { firstName: '' }), 400, 'validation_failed');
    expect((await u.client.get('/api/v1/me')).body.role).toBe('learner');
  });

  it('own email change follows the setting', async () => {
    const u = await signedIn(t);
    expectError(await u.client.patch('/api/v1/me', { email: uniqueEmail('mine') }), 403, 'forbidden');
    expect((await owner.patch('/api/v1/settings', { usersMayChangeOwnEmail: true })).status).toBe(200);
    const taken = await u.client.patch('/api/v1/me', { email: OWNER.email.toUpperCase() });
    expectError(taken, 409, 'email_taken');
    const fresh = uniqueEmail('mine');
    expect((await u.client.patch('/api/v1/me', { email: fresh })).body.email).toBe(fresh);
    await owner.patch('/api/v1/settings', { usersMayChangeOwnEmail: false });
  });

  it('/me needs a session', async () => {
    expectError(await t.anon().get('/api/v1/me'), 401, 'unauthenticated');
    expectError(await t.anon().patch('/api/v1/me', { firstName: 'X' }), 401, 'unauthenticated');
  });

  it('password change checks the current password and ends the other sessions', async () => {
    const u = await signedIn(t);
    const other = await t.as(u.email);
    expectError(
      await u.client.post('/api/v1/me/password', { currentPassword: 'wrong', newPassword: 'brand-new-password' }),
      400,
      'validation_failed',
    );
    expectError(
      await u.client.post('/api/v1/me/password', { currentPassword: 'password-1234', newPassword: 'short' }),
      400,
      'validation_failed',
    );
    const ok = await u.client.post('/api/v1/me/password', {
      currentPassword: 'password-1234',
      newPassword: 'brand-new-password',
    });
    expect(ok.status).toBe(204);
    expect((await u.client.get('/api/v1/me')).status).toBe(200);
    expectError(await other.get('/api/v1/me'), 401, 'unauthenticated');
    expectError(await login(u.email, 'password-1234'), 401, 'invalid_credentials');
    expect((await login(u.email, 'brand-new-password')).status).toBe(200);
  });
});

describe('API tokens', () => {
  it('owner creates a token shown once; it works as Bearer without CSRF; revoked → 401', async () => {
    const created = await owner.post('/api/v1/tokens', { name: 'HR sync', scopes: ['api'] });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^rst_/);
    const { id, token } = created.body;
    const listed = await owner.get('/api/v1/tokens');
    const entry = listed.body.items.find((x: any) => x.id === id);
    expect(entry).toMatchObject({ name: 'HR sync' });
    expect(JSON.stringify(listed.body)).not.toContain(token);
    const stored = await t.db.query(`select * from api_tokens where id = $1`, [id]);
    expect(JSON.stringify(stored)).not.toContain(token);

    const bot = t.anon();
    bot.bearer = token;
    const list = await bot.get('/api/v1/users?limit=1');
    expect(list.status).toBe(200);
    const made = await bot.post('/api/v1/users', { email: uniqueEmail('bot'), firstName: 'Bot' });
    expect(made.status).toBe(201);
    const audit = await owner.get(`/api/v1/audit?targetId=${made.body.id}&action=user.created`);
    expect(audit.body.items[0]).toMatchObject({ actorType: 'token', actorId: id });

    expect((await owner.delete(`/api/v1/tokens/${id}`)).status).toBe(204);
    expectError(await bot.get('/api/v1/users'), 401, 'unauthenticated');
    expectError(await owner.delete(`/api/v1/tokens/${id}`), 404, 'not_found');
    expect((await owner.get('/api/v1/tokens')).body.items.find((x: any) => x.id === id)).toBeUndefined();
  });

  it('an invalid bearer token → 401', async () => {
    const bot = t.anon();
    bot.bearer = 'rst_nope';
    expectError(await bot.get('/api/v1/me'), 401, 'unauthenticated');
  });

  it("a token stops working when its creator is deactivated, and acts with the creator's role", async () => {
    const admin = await signedIn(t, 'admin');
    const created = await admin.client.post('/api/v1/tokens', { name: 'admin token' });
    expect(created.status).toBe(201);
    const bot = t.anon();
    bot.bearer = created.body.token;
    expectError(
      await bot.post('/api/v1/users', { email: uniqueEmail(), firstName: 'O', role: 'owner' }),
      403,
      'forbidden',
    );
    await owner.post(`/api/v1/users/${admin.id}/deactivate`);
    expectError(await bot.get('/api/v1/users'), 401, 'unauthenticated');
  });

  it('learners and HR cannot create tokens; validation of the body', async () => {
    const learner = await signedIn(t);
    expectError(await learner.client.post('/api/v1/tokens', { name: 'mine' }), 403, 'forbidden');
    expectError(await learner.client.get('/api/v1/tokens'), 403, 'forbidden');
    const hr = await signedIn(t, 'hr');
    expectError(await hr.client.post('/api/v1/tokens', { name: 'mine' }), 403, 'forbidden');
    expectError(await owner.post('/api/v1/tokens', { name: '' }), 400, 'validation_failed');
    expectError(await owner.post('/api/v1/tokens', { name: 'x', scopes: ['root'] }), 400, 'validation_failed');
    expectError(await t.anon().post('/api/v1/tokens', { name: 'x' }), 401, 'unauthenticated');
  });
});
