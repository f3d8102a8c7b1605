import { describe, expect, it } from 'vitest';
import { expectError } from '../helpers/api';
import { insertUser, OWNER } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

// The browser flow of SSO is in test/e2e/sso.test.ts; here: its settings and the "password sign-in allowed" switch.
const { t, owner } = useApp();

describe('single sign-on settings', () => {
  it('never returns the client secret, only whether it is set', async () => {
    const before = await owner.get('/api/v1/settings');
    expect(before.body.sso).toEqual({
      issuer: null,
      clientId: null,
      clientSecretSet: false,
      displayName: 'single sign-on',
      allowedDomains: [],
      jitCreation: false,
      passwordSignInAllowed: true,
      trustUnverifiedEmail: false,
    });
    expect((await t.anon().get('/api/v1/auth/options')).body.sso).toEqual({
      enabled: false,
      displayName: 'single sign-on',
    });
    expectError(await t.anon().get('/api/v1/auth/sso/start'), 404, 'not_found');

    const set = await owner.patch('/api/v1/settings', {
      sso: {
        issuer: 'https://id.example.com',
        clientId: 'roster',
        clientSecret: 's3cret-value',
        displayName: 'Example ID',
      },
    });
    expect(set.status).toBe(200);
    expect(set.body.sso).toMatchObject({ clientSecretSet: true, issuer: 'https://id.example.com' });
    expect(JSON.stringify(set.body)).not.toContain('s3cret-value');
    expect(JSON.stringify((await owner.get('/api/v1/audit?action=settings.updated')).body)).not.toContain(
      's3cret-value',
    );

    // The whole settings object sent back as the settings page does keeps the secret.
    const roundTrip = await owner.patch('/api/v1/settings', {
      ...set.body,
      sso: { ...set.body.sso, jitCreation: true },
    });
    expect(roundTrip.status).toBe(200);
    expect(roundTrip.body.sso).toMatchObject({ clientSecretSet: true, jitCreation: true });
    expect((await t.anon().get('/api/v1/auth/options')).body).toMatchObject({
      sso: { enabled: true, displayName: 'Example ID' },
      passwordSignInAllowed: true,
    });

    expect((await owner.patch('/api/v1/settings', { sso: { clientSecret: null } })).body.sso.clientSecretSet).toBe(
      false,
    );
    expectError(await owner.patch('/api/v1/settings', { sso: { issuer: 'not a url' } }), 400, 'validation_failed');
    const learner = await t.as((await insertUser(t.db, {})).email);
    expectError(await learner.get('/api/v1/settings'), 403, 'forbidden');
  });

  it('refuses password sign-in when switched off, except for Owners', async () => {
    const { email } = await insertUser(t.db, {});
    await owner.patch('/api/v1/settings', {
      sso: { issuer: 'https://id.example.com', clientId: 'roster', clientSecret: 'x', passwordSignInAllowed: false },
    });
    expect((await t.anon().get('/api/v1/auth/options')).body.passwordSignInAllowed).toBe(false);
    const refused = await t.anon().post('/api/v1/auth/login', { email, password: 'password-1234' });
    expectError(refused, 403, 'forbidden');
    expect(refused.body.error.message).toMatch(/Sign in with Example ID/);
    // A wrong password still says only that the credentials are wrong.
    expectError(
      await t.anon().post('/api/v1/auth/login', { email, password: 'wrong-password' }),
      401,
      'invalid_credentials',
    );
    expect((await t.anon().post('/api/v1/auth/login', { email: OWNER.email, password: OWNER.password })).status).toBe(
      200,
    );
    // No reset link for a password that cannot be used.
    expect((await t.anon().post('/api/v1/auth/password-reset', { email })).status).toBe(202);
    expect(
      await t.db.query(`select 1 from outbox where kind = 'password_reset' and lower(to_address) = $1`, [email]),
    ).toHaveLength(0);
    await owner.patch('/api/v1/settings', { sso: { passwordSignInAllowed: true } });
    expect((await t.anon().post('/api/v1/auth/login', { email, password: 'password-1234' })).status).toBe(200);
  });
});
