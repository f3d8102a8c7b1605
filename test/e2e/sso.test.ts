import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import Provider from 'oidc-provider';
import { createUser } from '../helpers/api';
import { insertUser, OWNER, startTestApp, type Client, type TestApp } from '../helpers/harness';
import { setPublicUrl } from '../../src/server/modules/mail/links';
import { expectAccessible, launchChromium } from './helpers';

// The full browser flow of OpenID Connect sign-in against an identity provider started here on loopback
// (oidc-provider with its development login form: any password is accepted for a known account).
const ACCOUNTS: Record<string, { email: string; email_verified: boolean; given_name: string; family_name: string }> = {
  pending: { email: 'pat.pending@example.com', email_verified: true, given_name: 'Pat', family_name: 'Pending' },
  confirmed: {
    email: 'cora.confirmed@example.com',
    email_verified: true,
    given_name: 'Cora',
    family_name: 'Confirmed',
  },
  unverified: {
    email: 'una.unverified@example.com',
    email_verified: false,
    given_name: 'Una',
    family_name: 'Unverified',
  },
  deactivated: {
    email: 'dan.deactivated@example.com',
    email_verified: true,
    given_name: 'Dan',
    family_name: 'Deactivated',
  },
  jit: { email: 'jo.new@jit.example', email_verified: true, given_name: 'Jo', family_name: 'New' },
  stranger: { email: 'sam@elsewhere.example', email_verified: true, given_name: 'Sam', family_name: 'Stranger' },
};

let t: TestApp;
let owner: Client;
let browser: Browser;
let base: string;
let idp: http.Server;

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  setPublicUrl(base);

  idp = http.createServer();
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      { client_id: 'roster', client_secret: 'roster-test-secret', redirect_uris: [`${base}/api/v1/auth/sso/callback`] },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'] },
    findAccount: (_ctx, sub) =>
      ACCOUNTS[sub] ? { accountId: sub, claims: () => ({ sub, ...ACCOUNTS[sub] }) } : undefined,
    cookies: { keys: ['oidc-test-cookie-key'] },
  });
  const handle = provider.callback();
  idp.on('request', (req, res) => void handle(req, res));

  owner = await t.as(OWNER.email, OWNER.password);
  const saved = await owner.patch('/api/v1/settings', {
    sso: {
      issuer,
      clientId: 'roster',
      clientSecret: 'roster-test-secret',
      displayName: 'Acme ID',
      allowedDomains: ['jit.example'],
      jitCreation: true,
    },
  });
  expect(saved.status).toBe(200);
  expect(saved.body.sso).toMatchObject({ issuer, clientSecretSet: true });
  expect(JSON.stringify(saved.body)).not.toContain('roster-test-secret');

  await createUser(owner, { email: ACCOUNTS.pending!.email, firstName: 'Pat', invite: 'now' });
  await insertUser(t.db, { email: ACCOUNTS.confirmed!.email, firstName: 'Cora' });
  await insertUser(t.db, { email: ACCOUNTS.deactivated!.email, status: 'deactivated' });
  await insertUser(t.db, { email: ACCOUNTS.unverified!.email });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await new Promise((resolve) => idp?.close(resolve));
});

/** Sign-in page → "Sign in with Acme ID" → the provider's login and consent → back to Roster. */
async function ssoSignIn(account: string, opts: { beforeProvider?: () => Promise<void> } = {}): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/login`);
  await page.getByRole('link', { name: 'Sign in with Acme ID' }).click();
  await page.locator('input[name=login]').waitFor();
  await opts.beforeProvider?.();
  await page.locator('input[name=login]').fill(account);
  await page.locator('input[name=password]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.origin === base && !u.pathname.startsWith('/api/'));
  return page;
}

const statusOf = async (email: string) =>
  (
    await t.db.query<{ status: string; role: string }>(`select status, role from users where email_normalized = $1`, [
      email,
    ])
  )[0];

describe('single sign-on (OpenID Connect)', () => {
  it('shows "Sign in with …" and confirms a not-yet-confirmed user on first sign-in', async () => {
    const page = await ssoSignIn('pending');
    await page.getByRole('link', { name: 'My profile' }).waitFor();
    expect(await statusOf(ACCOUNTS.pending!.email)).toMatchObject({ status: 'confirmed' });
    const invitations = await t.db.query(
      `select state from invitations i join users u on u.id = i.user_id where u.email_normalized = $1`,
      [ACCOUNTS.pending!.email],
    );
    expect(invitations.map((i: any) => i.state)).toEqual(['revoked']);
  });

  it('signs in a confirmed user matched by verified email, then by their provider subject, recording lastSignInAt', async () => {
    const lastSignIn = async () =>
      (
        await t.db.query<{ at: Date | null }>(`select last_sign_in_at as at from users where email_normalized = $1`, [
          ACCOUNTS.confirmed!.email,
        ])
      )[0]!.at;
    expect(await lastSignIn()).toBeNull();
    const page = await ssoSignIn('confirmed');
    await page.getByRole('link', { name: 'My profile' }).waitFor();
    const [link] = await t.db.query(`select subject from user_identities where subject = 'confirmed'`);
    expect(link).toBeTruthy();
    const first = await lastSignIn();
    expect(Date.now() - first!.getTime()).toBeLessThan(60_000);
    const again = await ssoSignIn('confirmed');
    await again.getByRole('link', { name: 'My profile' }).waitFor();
    expect((await lastSignIn())!.getTime()).toBeGreaterThan(first!.getTime());
  });

  it('refuses an email the provider has not verified', async () => {
    const page = await ssoSignIn('unverified');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/did not confirm your email address/);
    expect(new URL(page.url()).searchParams.get('error')).toBe('email_not_verified');
    await expectAccessible(page, 'the sign-in page with an SSO refusal');
  });

  it('refuses a deactivated user with the same code as password sign-in', async () => {
    const page = await ssoSignIn('deactivated');
    await page.getByRole('alert').waitFor();
    expect(new URL(page.url()).searchParams.get('error')).toBe('account_deactivated');
    expect(await page.getByRole('alert').innerText()).toMatch(/deactivated/);
    expect(await statusOf(ACCOUNTS.deactivated!.email)).toMatchObject({ status: 'deactivated' });
  });

  it('creates an account just in time for an allowed domain, and refuses other domains', async () => {
    const page = await ssoSignIn('jit');
    await page.getByRole('link', { name: 'My profile' }).waitFor();
    expect(await statusOf(ACCOUNTS.jit!.email)).toEqual({ status: 'confirmed', role: 'learner' });
    const stranger = await ssoSignIn('stranger');
    await stranger.getByRole('alert').waitFor();
    expect(new URL(stranger.url()).searchParams.get('error')).toBe('invalid_credentials');
    expect(await statusOf(ACCOUNTS.stranger!.email)).toBeUndefined();
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const page = await ssoSignIn('confirmed', {
      // While the person is at the provider, the nonce Roster expects no longer matches the one in the request.
      beforeProvider: async () => void (await t.db.query(`update oidc_logins set nonce = 'a-different-nonce'`)),
    });
    await page.getByRole('alert').waitFor();
    expect(new URL(page.url()).searchParams.get('error')).toBe('sso_failed');
    expect(await page.getByRole('alert').innerText()).toMatch(/could not be verified/);
  });
});
