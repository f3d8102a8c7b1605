import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { insertUser, type TestApp } from '../helpers/harness';
import { expectAccessible, signIn, startBrowserApp } from './helpers';

/**
 * Delegated administration (docs/decisions/031-delegated-administration.md): an Owner creates a permission profile
 * in Settings, assigns it on a curator's profile limited to a team, and follows the reach count to the People list.
 */
let t: TestApp;
let browser: Browser;
let base: string;
let curatorId: string;

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp());
  const team = randomUUID();
  await t.db.query(`insert into teams (id, name, path) values ($1, 'Sales', '/' || $1 || '/')`, [team]);
  for (const name of ['Ann', 'Bob']) {
    const u = await insertUser(t.db, {
      firstName: name,
      lastName: 'Seller',
      email: `${name.toLowerCase()}@example.com`,
    });
    await t.db.query(`insert into team_members (team_id, user_id) values ($1, $2)`, [team, u.id]);
  }
  await insertUser(t.db, { firstName: 'Olga', lastName: 'Outside', email: 'olga@example.com' });
  curatorId = (await insertUser(t.db, { role: 'curator', firstName: 'Cora', lastName: 'Curator' })).id;
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

it('creates a profile, assigns it limited to a team, and lists whom it reaches', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base);
  await page.goto(`${base}/settings`);
  const panel = page.getByRole('region', { name: 'Permission profiles' });
  await panel.getByText('No permission profiles yet', { exact: false }).waitFor({ timeout: 30_000 });
  await panel.getByRole('button', { name: 'New profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'New permission profile' });
  await dialog.getByLabel('Name').fill('Regional HR');
  await dialog.getByLabel('View people').check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await panel.getByRole('cell', { name: 'Regional HR', exact: true }).waitFor();
  await expectAccessible(page, 'Settings with a permission profile');
  // The row's Edit opens the profile as saved; its Delete asks first (cancelled here).
  await panel.getByRole('button', { name: 'Edit Regional HR' }).click();
  const editing = page.getByRole('dialog', { name: 'Edit permission profile' });
  expect(await editing.getByLabel('Name').inputValue()).toBe('Regional HR');
  await editing.getByRole('button', { name: 'Cancel' }).click();
  await editing.waitFor({ state: 'hidden' });
  await panel.getByRole('button', { name: 'Delete Regional HR' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this permission profile?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'hidden' });
  await panel.getByRole('cell', { name: 'Regional HR', exact: true }).waitFor();

  await page.goto(`${base}/people/${curatorId}`);
  const assigned = page.getByRole('region', { name: 'Permission profiles' });
  await assigned.getByText('No permission profile assigned.').waitFor({ timeout: 30_000 });
  await expect.poll(() => assigned.getByTestId('reach').textContent()).toContain('Can reach 1 person.');
  const form = assigned.getByRole('form', { name: 'Assign a permission profile' });
  await form.getByLabel('Profile').selectOption({ label: 'Regional HR' });
  await form.getByLabel('Scope').selectOption({ label: 'Team: Sales' });
  await form.getByRole('button', { name: 'Assign' }).click();
  await assigned.getByRole('cell', { name: 'Team: Sales' }).waitFor();
  await expect.poll(() => assigned.getByTestId('reach').textContent()).toContain('Can reach 3 people.');
  await expectAccessible(page, 'a profile with an assigned permission profile');

  await assigned.getByRole('link', { name: 'Show them in the People list' }).click();
  await page.waitForURL((u) => u.searchParams.get('reachOf') === curatorId);
  await page.getByText('Ann Seller').first().waitFor({ timeout: 30_000 });
  await page.getByText('Bob Seller').first().waitFor();
  // The list shows the curator, Ann and Bob; not Olga, who is in no team of the profile's limit.
  await page.getByText('Showing 3 of 3').waitFor();
  expect(await page.locator('main').textContent()).not.toContain('Olga Outside');
}, 180_000);
