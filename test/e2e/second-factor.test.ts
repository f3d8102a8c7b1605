import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { insertUser, startTestApp, type TestApp } from '../helpers/harness';
import { expectAccessible, launchChromium, resultsDir, signIn, submitSignIn } from './helpers';

/**
 * Passkeys belong to the host of PUBLIC_URL, and Chromium refuses an IP address as a WebAuthn RP ID:
 * the app is served as http://localhost:<port> (a secure context), on a port chosen before it starts.
 */
let t: TestApp;
let browser: Browser;
let base: string;

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  t = await startTestApp({ PUBLIC_URL: base });
  await t.app.listen({ port, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const PASSWORD = 'password-1234';

/** The password step only: with a second factor the app stays on the sign-in page and asks for it next. */
async function signInWithPassword(page: Page, email: string) {
  await page.goto(`${base}/login`);
  await submitSignIn(page, { email, password: PASSWORD });
}

it('sets up an authenticator app on My profile, then signs in with its code', async () => {
  const person = await insertUser(t.db, {
    email: 'tina.totp@example.com',
    firstName: 'Tina',
    lastName: 'Totp',
    role: 'learner',
    password: PASSWORD,
  });
  const page = await (await browser.newContext()).newPage();
  await signInWithPassword(page, person.email);
  await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
  await page.goto(`${base}/me`);
  const security = page.getByRole('region', { name: 'Sign-in security' });
  await security.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await security.getByRole('img', { name: 'QR code to scan with your authenticator app' }).waitFor();
  const secret = (await security.getByTestId('totp-secret').textContent())!;
  await security.getByLabel('Code from the app').fill(await generate({ secret }));
  await security.getByRole('button', { name: 'Confirm code' }).click();
  const codes = security.locator('[aria-label="Recovery codes"]');
  await codes.waitFor();
  await expect(codes.locator('code').count()).resolves.toBe(10);
  await page.screenshot({ path: path.join(resultsDir(), 'mfa-recovery-codes.png'), fullPage: true });
  await security.getByRole('button', { name: 'I have saved them' }).click();
  await security.getByText(/10 recovery codes left/).waitFor();

  // A new browser: the password alone is not enough.
  const fresh = await (await browser.newContext()).newPage();
  await signInWithPassword(fresh, person.email);
  await fresh.getByRole('heading', { name: 'Second factor', level: 1 }).waitFor();
  await expectAccessible(fresh, 'the second-factor step of sign-in');
  await fresh.getByLabel('Code from your authenticator app').fill('000000');
  await fresh.getByRole('button', { name: 'Verify' }).click();
  await fresh.getByRole('alert').getByText('The code is not correct.').waitFor();
  // The enrolment used the current step; the app's next code signs in.
  await fresh
    .getByLabel('Code from your authenticator app')
    .fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await fresh.getByRole('button', { name: 'Verify' }).click();
  await fresh.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
});

it('registers a passkey with a virtual authenticator and signs in with it', async () => {
  const person = await insertUser(t.db, {
    email: 'paul.passkey@example.com',
    firstName: 'Paul',
    lastName: 'Passkey',
    role: 'learner',
    password: PASSWORD,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });

  await signInWithPassword(page, person.email);
  await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
  await page.goto(`${base}/me`);
  const security = page.getByRole('region', { name: 'Sign-in security' });
  await security.getByLabel('Passkey name').fill('Test laptop');
  await security.getByRole('button', { name: 'Add a passkey' }).click();
  await security.getByRole('list', { name: 'Your passkeys' }).getByText('Test laptop', { exact: true }).waitFor();
  await expectAccessible(page, 'My profile with a passkey');

  await context.clearCookies();
  await signInWithPassword(page, person.email);
  await page.getByRole('heading', { name: 'Second factor', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
  const signIns = await t.db.query<{ after: unknown }>(
    `select after from audit_log where action = 'user.signed_in' and target_id = $1 order by id`,
    [person.id],
  );
  expect(signIns.at(-1)!.after).toEqual({ secondFactor: 'passkey' });
});

it('an Owner turns on the requirement; an Admin without a factor can only set one up, then gets in', async () => {
  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, base);
  await owner.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  await owner.goto(`${base}/settings`);
  await owner.getByRole('switch', { name: 'Require a second factor for Owners and Admins' }).check();
  await owner.getByRole('button', { name: 'Save settings' }).click();
  await owner.getByText('Settings saved.').waitFor();

  const admin = await insertUser(t.db, {
    email: 'ada.admin@example.com',
    firstName: 'Ada',
    lastName: 'Admin',
    role: 'admin',
    password: PASSWORD,
  });
  const page = await (await browser.newContext()).newPage();
  await signInWithPassword(page, admin.email);
  await page.getByRole('heading', { name: 'Set up a second factor', level: 1 }).waitFor();
  await expectAccessible(page, 'the enrolment-only screen');
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!;
  await page.getByLabel('Code from the app').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Confirm code' }).click();
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
});
