import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../helpers/harness';
import { expectAccessible, resultsDir, signIn, startBrowserApp } from './helpers';

/**
 * HR sync from the admin's side: a SCIM token made in settings (its secret shown once) provisions
 * a person over /scim/v2; the status page counts it; the person's HR fields are read-only; a SCIM
 * deactivation makes "Reactivate" warn that the next sync undoes it.
 */
let t: TestApp;
let browser: Browser;
let base: string;

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp());
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function scim(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/scim/v2${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/scim+json',
      Accept: 'application/scim+json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

const tile = (page: Page, name: string) => page.getByTestId(`scim-${name}`).locator('p').first().textContent();

it('creates a SCIM token, provisions and deactivates a person with it, and shows HR ownership in the UI', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base);
  await page.getByRole('link', { name: 'HR sync (SCIM)' }).click();
  await page.getByText('No SCIM requests yet').waitFor();
  expect(await page.getByRole('textbox', { name: 'SCIM base URL' }).inputValue()).toBe(`${base}/scim/v2`);
  await page.getByText('No SCIM tokens yet').waitFor();
  await expectAccessible(page, 'the HR sync page (empty)');

  // The secret is shown once, with a warning, in a read-only field with a copy button.
  await page.getByRole('button', { name: 'New SCIM token' }).click();
  await page.getByLabel('Token name').fill('Entra ID provisioning');
  await page.getByRole('button', { name: 'Create token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy your SCIM token now' });
  await dialog.getByText('This is the only time the token is shown').waitFor();
  const token = await dialog.getByRole('textbox', { name: 'Token' }).inputValue();
  expect(token.length).toBeGreaterThan(20);
  await dialog.getByRole('button', { name: 'Copy token' }).waitFor();
  await expectAccessible(page, 'the token secret dialog');
  await dialog.getByRole('button', { name: 'Done' }).click();
  const tokenRow = page.getByRole('row').filter({ hasText: 'Entra ID provisioning' });
  await tokenRow.getByText('Never').waitFor();
  expect(await page.getByText(token).count()).toBe(0);

  // Provision a person over SCIM with the token, as an identity provider would.
  const created = await scim(token, 'POST', '/Users', {
    schemas: [CORE, ENTERPRISE],
    userName: 'hana.hr@example.com',
    name: { givenName: 'Hana', familyName: 'Hofmann' },
    emails: [{ value: 'hana.hr@example.com', type: 'work', primary: true }],
    title: 'Controller',
    active: true,
    [ENTERPRISE]: { employeeNumber: 'E-7001', department: 'Finance' },
  });
  expect(created.status).toBe(201);
  const id = String(created.body!.id);

  await page.reload();
  await expect.poll(() => tile(page, 'created'), { timeout: 10_000 }).toBe('1');
  expect(await tokenRow.getByText('Never').count()).toBe(0);
  await page.mouse.move(900, 10);
  await expectAccessible(page, 'the HR sync page with activity');

  // The person's page: a "Managed by HR" badge, and HR fields read-only with the reason.
  await page.goto(`${base}/people/${id}`);
  await page.getByText('Managed by HR', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Edit details' }).click();
  const firstName = page.getByLabel('First name');
  expect(await firstName.inputValue()).toBe('Hana');
  expect(await firstName.getAttribute('readonly')).not.toBeNull();
  expect(await page.getByLabel('Department').getAttribute('readonly')).not.toBeNull();
  expect(await page.getByText('Managed by HR sync (SCIM)').count()).toBeGreaterThanOrEqual(3);
  await expectAccessible(page, 'the edit form with HR-managed fields');
  await page.screenshot({ path: path.join(resultsDir(), 'hr-managed-edit.png'), fullPage: true });
  await page.getByRole('button', { name: 'Cancel' }).click();

  // HR deactivates them; reactivating in Roster warns that the next sync undoes it.
  const patched = await scim(token, 'PATCH', `/Users/${id}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
  });
  expect([200, 204]).toContain(patched.status); // RFC 7644 §3.5.2: either, with or without the resource
  await page.reload();
  await page.getByText('Deactivated').first().waitFor();
  await page.getByRole('button', { name: 'Reactivate' }).click();
  const warn = page.getByRole('dialog', { name: 'Reactivate Hana Hofmann?' });
  expect(await warn.textContent()).toContain('the next sync will deactivate them again');
  await expectAccessible(page, 'the reactivation warning');
  await warn.getByRole('button', { name: 'Reactivate anyway' }).click();
  await warn.waitFor({ state: 'hidden' });
  await expect
    .poll(async () => (await t.db.query<{ status: string }>(`select status from users where id = $1`, [id]))[0]!.status)
    .not.toBe('deactivated');

  await page.goto(`${base}/settings/scim`);
  await expect.poll(() => tile(page, 'deactivated'), { timeout: 10_000 }).toBe('1');
}, 180_000);
