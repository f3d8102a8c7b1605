import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { insertUser, type TestApp } from '../helpers/harness';
import { startSamlIdp, type TestSamlIdp } from '../helpers/samlIdp';
import { setPublicUrl } from '../../src/server/modules/mail/links';
import { expectAccessible, signIn, startBrowserApp } from './helpers';

// SAML in the browser: the Owner reads the IdP's metadata on the sign-in settings page and switches SAML on; a
// person then signs in with the "Sign in with …" button through the identity provider (samlify, started here).
let t: TestApp;
let base: string;
let browser: Browser;
let idp: TestSamlIdp;

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp());
  setPublicUrl(base);
  const spMetadataXml = await (await fetch(`${base}/api/v1/auth/saml/metadata`)).text();
  idp = await startSamlIdp({
    spMetadataXml,
    accounts: { 'sid-erin': { email: 'erin.saml@example.com', firstName: 'Erin', lastName: 'Saml' } },
  });
  await insertUser(t.db, { email: 'erin.saml@example.com', firstName: 'Erin', lastName: 'Saml' });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await idp?.close();
});

it('an Owner sets up a SAML identity provider from its metadata URL, and a person signs in through it', async () => {
  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, base);
  await owner.getByRole('heading', { name: 'Home', level: 1 }).waitFor();

  await owner.goto(`${base}/settings/sign-in`);
  await owner.getByText(`${base}/api/v1/auth/saml/acs`).waitFor();
  await owner.getByLabel('IdP metadata URL').fill(idp.metadataUrl);
  await owner.getByRole('button', { name: 'Test metadata' }).click();
  const report = owner.getByRole('alert').filter({ hasText: 'The metadata describes an identity provider' });
  await report.waitFor();
  expect(await report.innerText()).toContain(`${idp.url}/sso`);
  expect(await report.innerText()).toContain('CN=Roster test IdP idp');
  await owner.getByRole('button', { name: 'Save identity provider' }).click();
  await owner.getByText(`Saved: ${idp.entityId}`).waitFor();
  await owner.getByLabel('Offer SAML sign-in').check();
  await owner.getByLabel('Label of the SAML button').fill('Contoso SAML');
  await owner.getByRole('button', { name: 'Save SAML settings' }).click();
  await owner.getByText('Settings saved.').waitFor();
  await expectAccessible(owner, 'the sign-in settings page with a SAML identity provider');

  const person = await (await browser.newContext()).newPage();
  await person.goto(`${base}/login`);
  await person.getByRole('link', { name: 'Sign in with Contoso SAML' }).click();
  await person.getByLabel('User').fill('sid-erin');
  await person.getByRole('button', { name: 'Sign in at the IdP' }).click();
  await person.getByRole('button', { name: 'Continue to Roster' }).click();
  await person.getByRole('link', { name: 'My profile' }).waitFor();
  expect(new URL(person.url()).origin).toBe(base);

  await owner.reload();
  const attempts = owner.getByRole('table').filter({ hasText: 'Outcome' });
  await attempts.waitFor();
  expect(await attempts.locator('tbody tr').count()).toBe(1);
  expect(await attempts.locator('tbody tr').nth(0).innerText()).toMatch(/Signed in.*e\*\*\*@example\.com/s);
});
