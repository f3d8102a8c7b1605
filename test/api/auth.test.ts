import { describe, expect, it } from 'vitest';
import { insertUser, OWNER } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { expectError, signedIn, uniqueEmail } from '../helpers/api';

const { t, owner } = useApp();

const login = (email: string, password: string) => t.anon().post('/api/v1/auth/login', { email, password });

describe('sign in', () => {
  it('returns the user and a CSRF token, and sets an HttpOnly session cookie', async () => {
    const res = await login(OWNER.email.toUpperCase(), OWNER.password);
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(OWNER.email);
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^roster_session=[^;]{20,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toContain(res.body.csrfToken);
  });

  it('wrong password and unknown email get the same 401', async () => {
    const wrong = await login(OWNER.email, 'not-the-password');
    const unknown = await login('nobody@example.com', 'not-the-password');
    expectError(wrong, 401, 'invalid_credentials');
    expectError(unknown, 401, 'invalid_credentials');
    expect(wrong.body).toEqual(unknown.body);
  });

  it('a deactivated user is told so only with the right password', async () => {
    const email = uniqueEmail('deact');
    await insertUser(t.db, { email, status: 'deactivated', password: 'password-1234' });
    expectError(await login(email, 'password-1234'), 403, 'account_deactivated');
    expectError(await login(email, 'wrong-password'), 401, 'invalid_credentials');
  });

  it('an expired user is told their access expired', async () => {
    const email = uniqueEmail('expired');
    await insertUser(t.db, { email, status: 'expired', password: 'password-1234' });
    expectError(await login(email, 'password-1234'), 403, 'account_expired');
  });

  it('an anonymised user can never sign in', async () => {
    const u = await signedIn(t);
    await owner.post(`/api/v1/users/${u.id}/deactivate`);
    await owner.post(`/api/v1/users/${u.id}/anonymise`);
    expectError(await login(u.email, 'password-1234'), 401, 'invalid_credentials');
  });

  it('refuses malformed bodies', async () => {
    expectError(await t.anon().post('/api/v1/auth/login', { email: OWNER.email }), 400, 'validation_failed');
    expectError(
      await t.anon().post('/api/v1/auth/login', { email: OWNER.email, password: 5 }),
      400,
      'validation_failed',
    );
  });

  it('locks the account after 10 failures, even for the right password', async () => {
    const email = uniqueEmail('lock');
    await insertUser(t.db, { email, password: 'password-1234' });
    for (let i = 0; i < 10; i++) expectError(await login(email, `wrong-${i}`), 401, 'invalid_credentials');
    expectError(await login(email, 'password-1234'), 429, 'rate_limited');
    // Other accounts are not affected.
    expect((await login(OWNER.email, OWNER.password)).status).toBe(200);
  });
});

describe('sessions and CSRF', () => {
  it('a state-changing request with the cookie needs the matching X-CSRF-Token', async () => {
    const u = await signedIn(t, 'admin');
    const target = await insertUser(t.db, { status: 'not_invited' });
    const body = { firstName: 'Changed' };
    const token = u.client.csrf;
    u.client.csrf = null;
    expectError(await u.client.patch(`/api/v1/users/${target.id}`, body), 403, 'csrf_failed');
    expectError(
      await u.client.patch(`/api/v1/users/${target.id}`, body, { 'x-csrf-token': 'forged-token' }),
      403,
      'csrf_failed',
    );
    expectError(await u.client.post('/api/v1/auth/logout', {}), 403, 'csrf_failed');
    // GET needs no token.
    expect((await u.client.get(`/api/v1/users/${target.id}`)).body.firstName).toBe('Test');
    u.client.csrf = token;
    expect((await u.client.patch(`/api/v1/users/${target.id}`, body)).body.firstName).toBe('Changed');
  });

  it('GET /auth/session gives back the CSRF token', async () => {
    const u = await signedIn(t);
    const s = await u.client.get('/api/v1/auth/session');
    expect(s.status).toBe(200);
    expect(s.body.csrfToken).toBe(u.client.csrf);
    expect(s.body.user.id).toBe(u.id);
    expectError(await t.anon().get('/api/v1/auth/session'), 401, 'unauthenticated');
  });

  it('logout ends the session', async () => {
    const u = await signedIn(t);
    const stolenCookie = u.client.cookie!;
    const out = await u.client.post('/api/v1/auth/logout');
    expect(out.status).toBe(204);
    expectError(await u.client.get('/api/v1/me'), 401, 'unauthenticated');
    const replay = t.anon();
    replay.cookie = stolenCookie;
    expectError(await replay.get('/api/v1/me'), 401, 'unauthenticated');
  });

  it('a garbage cookie is just "not signed in"', async () => {
    const c = t.anon();
    c.cookie = 'roster_session=garbage';
    expectError(await c.get('/api/v1/me'), 401, 'unauthenticated');
  });
});
