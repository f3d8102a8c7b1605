import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, signedIn } from '../helpers/api';
import { insertUser, OWNER } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { ssoSignInOverHttp, startOidcProvider, type TestIdp } from '../helpers/oidcProvider';
import { setPublicUrl } from '../../src/server/modules/mail/links';

// SSO against providers shaped like the ones Roster meets (the browser flow is in test/e2e): one client
// authentication method only, no email_verified claim (Entra ID), changed emails, an unreachable provider.
const logLines: Record<string, any>[] = [];
const { t, owner, baseUrl } = useApp({ logLines, listen: true });
let base: string;
let basicIdp: TestIdp; // client_secret_basic only, no email_verified claim
let postIdp: TestIdp; // client_secret_post only, email_verified sent

beforeAll(async () => {
  base = baseUrl();
  setPublicUrl(base);
  const redirectUri = `${base}/api/v1/auth/sso/callback`;
  basicIdp = await startOidcProvider({
    redirectUri,
    clientAuthMethod: 'client_secret_basic',
    emailVerifiedClaim: false,
    autoLogin: true,
    accounts: {
      entra1: { email: 'erin.entra@example.com', given_name: 'Erin', family_name: 'Entra' },
      boss: { email: OWNER.email, given_name: 'Olive', family_name: 'Owner' },
    },
  });
  postIdp = await startOidcProvider({
    redirectUri,
    clientAuthMethod: 'client_secret_post',
    emailVerifiedClaim: true,
    autoLogin: true,
    accounts: {
      post1: { email: 'paula.post@example.com', email_verified: true, given_name: 'Paula' },
      unverified: { email: 'una.unverified@example.com', email_verified: false, given_name: 'Una' },
      mover: { email: 'max.before@example.com', email_verified: true, given_name: 'Max' },
      admin1: { email: 'ada.admin@example.com', email_verified: true, given_name: 'Ada' },
      promoted: { email: 'pia.promoted@example.com', email_verified: true, given_name: 'Pia' },
    },
  });
  for (const email of [
    'erin.entra@example.com',
    'paula.post@example.com',
    'una.unverified@example.com',
    'max.before@example.com',
    'max.other@example.com',
    'pia.promoted@example.com',
  ])
    await insertUser(t.db, { email });
  await insertUser(t.db, { email: 'ada.admin@example.com', role: 'admin' });
}, 60_000);

afterAll(async () => {
  await basicIdp?.close();
  await postIdp?.close();
});

async function useProvider(idp: TestIdp, extra: Record<string, unknown> = {}) {
  const res = await owner.patch('/api/v1/settings', {
    sso: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, ...extra },
  });
  expect(res.status).toBe(200);
}

/** Who the session cookie belongs to. */
async function signedInEmail(sessionCookie: string | null): Promise<string | null> {
  if (!sessionCookie) return null;
  const res = await t.anon().get('/api/v1/auth/session', { cookie: sessionCookie });
  return res.status === 200 ? res.body.user.email : null;
}

const latestAttempt = async () => (await owner.get('/api/v1/settings/sso/attempts')).body.items[0];
const ssoLogLines = () => logLines.filter((l) => l.sso);

describe('SSO with providers other than our own oidc-provider set-up', () => {
  it('uses client_secret_basic when that is all the provider takes, and trusts a missing email_verified only when told to', async () => {
    await useProvider(basicIdp, { trustUnverifiedEmail: false });
    const refused = await ssoSignInOverHttp(base, basicIdp, 'entra1');
    expect(refused.location.pathname).toBe('/login');
    expect(refused.location.searchParams.get('error')).toBe('email_not_verified');
    expect(refused.location.searchParams.get('message')).toMatch(/did not say whether your email address is verified/);
    expect(refused.sessionCookie).toBeNull();
    expect(await latestAttempt()).toMatchObject({
      outcome: 'refused',
      reason: 'email_verified_missing',
      emailMasked: 'e***@example.com',
    });
    expect(ssoLogLines().at(-1)).toMatchObject({
      level: 40,
      sso: { outcome: 'refused', reason: 'email_verified_missing', emailMasked: 'e***@example.com' },
    });

    await useProvider(basicIdp, { trustUnverifiedEmail: true });
    const ok = await ssoSignInOverHttp(base, basicIdp, 'entra1');
    expect(ok.location.pathname).toBe('/');
    expect(await signedInEmail(ok.sessionCookie)).toBe('erin.entra@example.com');
    expect(await latestAttempt()).toMatchObject({
      outcome: 'signed_in',
      reason: 'signed_in',
      emailMasked: 'e***@example.com',
    });

    // Neither the email nor the authorization code nor the client secret is written to the log.
    const all = JSON.stringify(logLines);
    expect(all).not.toContain('erin.entra@example.com');
    expect(all).not.toContain('roster-test-secret');
    expect(all).not.toMatch(/[?&]code=/);
  });

  it('uses client_secret_post when that is all the provider takes', async () => {
    await useProvider(postIdp, { trustUnverifiedEmail: false });
    const ok = await ssoSignInOverHttp(base, postIdp, 'post1');
    expect(ok.location.pathname).toBe('/');
    expect(await signedInEmail(ok.sessionCookie)).toBe('paula.post@example.com');
  });

  it('refuses an email the provider marks as not verified, even when trusting a missing claim', async () => {
    await useProvider(postIdp, { trustUnverifiedEmail: true });
    const refused = await ssoSignInOverHttp(base, postIdp, 'unverified');
    expect(refused.sessionCookie).toBeNull();
    expect(refused.location.searchParams.get('error')).toBe('email_not_verified');
    expect(await latestAttempt()).toMatchObject({
      outcome: 'refused',
      reason: 'email_not_verified',
      emailMasked: 'u***@example.com',
    });
    expect(ssoLogLines().at(-1)).toMatchObject({ level: 40, sso: { reason: 'email_not_verified' } });
  });

  it('keeps signing in the linked person when the provider sends another email for the same subject', async () => {
    await useProvider(postIdp);
    const first = await ssoSignInOverHttp(base, postIdp, 'mover');
    expect(await signedInEmail(first.sessionCookie)).toBe('max.before@example.com');
    // The new address even belongs to someone else in Roster: the subject decides, never the email.
    postIdp.accounts.mover!.email = 'max.other@example.com';
    const again = await ssoSignInOverHttp(base, postIdp, 'mover');
    expect(await signedInEmail(again.sessionCookie)).toBe('max.before@example.com');
    expect(await latestAttempt()).toMatchObject({
      outcome: 'signed_in',
      reason: 'email_differs',
      emailMasked: 'm***@example.com',
    });
    expect(ssoLogLines().at(-1)).toMatchObject({ sso: { outcome: 'signed_in', reason: 'email_differs' } });
    const [row] = await t.db.query<{ email: string }>(
      `select email from users where email_normalized = 'max.before@example.com'`,
    );
    expect(row?.email).toBe('max.before@example.com');
  });

  it('never signs in an Owner, by email or by an earlier link; Admins may use SSO', async () => {
    await useProvider(basicIdp, { trustUnverifiedEmail: true });
    const ownerTry = await ssoSignInOverHttp(base, basicIdp, 'boss');
    expect(ownerTry.sessionCookie).toBeNull();
    expect(ownerTry.location.searchParams.get('error')).toBe('owner_password_only');
    expect(await latestAttempt()).toMatchObject({
      outcome: 'refused',
      reason: 'owner_password_only',
      message: expect.stringMatching(/Owner accounts sign in with their password/),
    });
    expect(ssoLogLines().at(-1)).toMatchObject({
      level: 40,
      sso: { reason: 'owner_password_only', emailMasked: 'o***@example.com' },
    });
    expect(await t.db.query(`select 1 from user_identities where subject = 'boss'`)).toHaveLength(0);

    await useProvider(postIdp);
    expect(await signedInEmail((await ssoSignInOverHttp(base, postIdp, 'admin1')).sessionCookie)).toBe(
      'ada.admin@example.com',
    );
    // Linked while a Learner, promoted to Owner afterwards: refused from then on.
    expect(await signedInEmail((await ssoSignInOverHttp(base, postIdp, 'promoted')).sessionCookie)).toBe(
      'pia.promoted@example.com',
    );
    await t.db.query(`update users set role = 'owner' where email_normalized = 'pia.promoted@example.com'`);
    const promoted = await ssoSignInOverHttp(base, postIdp, 'promoted');
    expect(promoted.sessionCookie).toBeNull();
    expect(await latestAttempt()).toMatchObject({ outcome: 'refused', reason: 'owner_password_only' });
  });

  it('lets only Owners change SSO settings; Admins see the attempts and test the saved provider', async () => {
    await useProvider(postIdp, { trustUnverifiedEmail: false });
    const { client: admin } = await signedIn(t, 'admin');
    expectError(await admin.patch('/api/v1/settings', { sso: { issuer: basicIdp.issuer } }), 403, 'forbidden');
    expectError(await admin.patch('/api/v1/settings', { sso: { clientSecret: 'mine' } }), 403, 'forbidden');
    expectError(await admin.patch('/api/v1/settings', { sso: { trustUnverifiedEmail: true } }), 403, 'forbidden');
    expect((await owner.get('/api/v1/settings')).body.sso).toMatchObject({
      issuer: postIdp.issuer,
      trustUnverifiedEmail: false,
    });
    // The whole settings object sent back unchanged, with another setting changed, is not an SSO change.
    const current = (await admin.get('/api/v1/settings')).body;
    expect((await admin.patch('/api/v1/settings', { ...current, organisationName: 'Admin Co' })).status).toBe(200);

    for (let i = 0; i < 25; i++)
      await t.db.query(
        `insert into sso_attempts (outcome, reason, message) values ('refused', 'state_invalid', 'The sign-in took too long.')`,
      );
    await ssoSignInOverHttp(base, postIdp, 'post1');
    const attempts = (await admin.get('/api/v1/settings/sso/attempts')).body.items;
    expect(attempts).toHaveLength(20);
    expect(attempts[0]).toEqual({
      at: expect.any(String),
      outcome: 'signed_in',
      reason: 'signed_in',
      message: 'Signed in.',
      emailMasked: 'p***@example.com',
    });
    expect((await admin.post('/api/v1/settings/sso/test', {})).body).toMatchObject({
      ok: true,
      issuer: postIdp.issuer,
    });
    expectError(await admin.post('/api/v1/settings/sso/test', { issuer: basicIdp.issuer }), 403, 'forbidden');
    const { client: hr } = await signedIn(t, 'hr');
    expectError(await hr.get('/api/v1/settings/sso/attempts'), 403, 'forbidden');
    expectError(await hr.post('/api/v1/settings/sso/test', {}), 403, 'forbidden');
  });

  it('test connection shows what the provider supports, or why it cannot be used, in words', async () => {
    expect((await owner.post('/api/v1/settings/sso/test', { issuer: basicIdp.issuer })).body).toEqual({
      ok: true,
      issuer: basicIdp.issuer,
      authorizationEndpoint: `${basicIdp.issuer}/auth`,
      tokenEndpoint: `${basicIdp.issuer}/token`,
      userinfoEndpoint: `${basicIdp.issuer}/me`,
      tokenEndpointAuthMethods: ['client_secret_basic'],
      clientAuthMethod: 'client_secret_basic',
      scopes: expect.arrayContaining(['openid', 'email', 'profile']),
      emailVerifiedClaim: false,
    });
    expect((await owner.post('/api/v1/settings/sso/test', { issuer: postIdp.issuer })).body).toMatchObject({
      ok: true,
      tokenEndpointAuthMethods: ['client_secret_post'],
      clientAuthMethod: 'client_secret_post',
      emailVerifiedClaim: true,
    });
    const closed = await closedPortUrl();
    expect((await owner.post('/api/v1/settings/sso/test', { issuer: closed })).body).toEqual({
      ok: false,
      reason: 'provider_unreachable',
      message: `The provider at ${closed} could not be reached (ECONNREFUSED).`,
    });
    // Roster itself has no discovery document: it answers, but not as a provider.
    expect((await owner.post('/api/v1/settings/sso/test', { issuer: base })).body).toMatchObject({
      ok: false,
      reason: 'provider_discovery_invalid',
    });
    expectError(await owner.post('/api/v1/settings/sso/test', { issuer: 'not a url' }), 400, 'validation_failed');
  });

  it('sends the person to the sign-in page in words when the provider cannot be reached', async () => {
    await useProvider({ ...postIdp, issuer: await closedPortUrl() });
    const res = await t.anon().get('/api/v1/auth/sso/start');
    expect(res.status).toBe(302);
    const location = new URL(res.headers.location, base);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('error')).toBe('sso_unavailable');
    expect(location.searchParams.get('message')).toBe(
      'The sign-in provider could not be reached; try again or sign in with your password.',
    );
    expect(await latestAttempt()).toMatchObject({
      outcome: 'refused',
      reason: 'provider_unreachable',
      emailMasked: null,
    });
    expect(ssoLogLines().at(-1)).toMatchObject({
      level: 40,
      sso: { reason: 'provider_unreachable', detail: expect.stringMatching(/ECONNREFUSED/) },
    });
  });
});

/** A loopback URL nobody listens on (a port just freed). */
async function closedPortUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return `http://127.0.0.1:${port}`;
}
