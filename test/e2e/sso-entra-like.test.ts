import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { insertUser, type TestApp } from '../helpers/harness';
import { startOidcProvider, type TestIdp } from '../helpers/oidcProvider';
import { setPublicUrl } from '../../src/server/modules/mail/links';
import { expectAccessible, signIn, startBrowserApp } from './helpers';

// An Entra-shaped provider: one client authentication method only (client_secret_basic like Entra ID, or
// client_secret_post), no email_verified claim. The Owner sets it up on the sign-in settings page (Test connection
// tells what is missing), then a person signs in with it.
describe.each(['client_secret_basic', 'client_secret_post'] as const)(
  'a provider that takes %s only',
  (clientAuthMethod) => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let idp: TestIdp;

    beforeAll(async () => {
      ({ t, base, browser } = await startBrowserApp());
      setPublicUrl(base);
      idp = await startOidcProvider({
        redirectUri: `${base}/api/v1/auth/sso/callback`,
        clientAuthMethod,
        emailVerifiedClaim: false,
        accounts: { 'entra-erin': { email: 'erin.entra@example.com', given_name: 'Erin', family_name: 'Entra' } },
      });
      await insertUser(t.db, { email: 'erin.entra@example.com', firstName: 'Erin', lastName: 'Entra' });
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await t?.stop();
      await idp?.close();
    });

    it('an Owner sets up an Entra-like provider, a person signs in with it, the Owner sees the attempts', async () => {
      const owner = await (await browser.newContext()).newPage();
      await signIn(owner, base);
      await owner.getByRole('heading', { name: 'Home', level: 1 }).waitFor();

      await owner.goto(`${base}/settings/sign-in`);
      await owner.getByLabel('Issuer URL').fill(idp.issuer);
      await owner.getByLabel('Client ID').fill(idp.clientId);
      await owner.getByLabel('Client secret').fill(idp.clientSecret);
      await owner.getByLabel('Button label').fill('Contoso ID');
      await owner.getByRole('button', { name: 'Test connection' }).click();
      const report = owner.getByRole('alert').filter({ hasText: 'The provider answered' });
      await report.waitFor();
      expect(await report.innerText()).toMatch(new RegExp(`Roster will use\\s+${clientAuthMethod}`));
      expect(await report.innerText()).toMatch(/email_verified claim\s+not supported/);
      await expectAccessible(owner, 'the sign-in settings page with a connection report');
      await owner.getByRole('button', { name: 'Save single sign-on settings' }).click();
      await owner.getByText('Settings saved.').waitFor();

      /** Sign-in page → "Sign in with Contoso ID" → the provider's login and consent pages → back to Roster. */
      async function signInAtProvider() {
        const page = await (await browser.newContext()).newPage();
        await page.goto(`${base}/login`);
        await page.getByRole('link', { name: 'Sign in with Contoso ID' }).click();
        await page.locator('input[name=login]').fill('entra-erin');
        await page.locator('input[name=password]').fill('any-password');
        await page.getByRole('button', { name: 'Sign-in' }).click();
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.waitForURL((u) => u.origin === base && !u.pathname.startsWith('/api/'));
        return page;
      }

      // Without trust in unverified emails, the person is refused with the reason in words.
      const refused = await signInAtProvider();
      await refused.getByRole('alert').waitFor();
      expect(await refused.getByRole('alert').innerText()).toMatch(
        /did not say whether your email address is verified/,
      );

      await owner.getByLabel('Trust email addresses the provider does not mark as verified').check();
      await owner.getByRole('button', { name: 'Save single sign-on settings' }).click();
      await owner.getByText('Settings saved.').last().waitFor();

      const person = await signInAtProvider();
      await person.getByRole('link', { name: 'My profile' }).waitFor();

      await owner.reload();
      const attempts = owner.getByRole('table').filter({ hasText: 'Outcome' });
      await attempts.waitFor();
      const rows = attempts.locator('tbody tr');
      expect(await rows.count()).toBe(2);
      expect(await rows.nth(0).innerText()).toMatch(/Signed in.*e\*\*\*@example\.com/s);
      expect(await rows.nth(1).innerText()).toMatch(/Refused.*email_verified_missing.*e\*\*\*@example\.com/s);
      await expectAccessible(owner, 'the sign-in settings page with SSO attempts');
    });
  },
);
