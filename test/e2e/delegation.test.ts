import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { insertUser, type TestApp } from '../helpers/harness';
import { expectAccessible, resultsDir, signIn, startBrowserApp } from './helpers';

/**
 * Delegated administration (docs/decisions/031-delegated-administration.md): an Owner creates a permission profile
 * in Settings, assigns it on a curator's profile limited to a team, and follows the reach count to the People list;
 * a curator whose invite and edit permissions are limited to that team imports a file into it.
 */
let t: TestApp;
let browser: Browser;
let base: string;
let curatorId: string;
let teamId: string;

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp());
  const team = (teamId = randomUUID());
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

it('lets a curator limited to a team import into it: outside rows are errors, inside rows are committed', async () => {
  const ivy = await insertUser(t.db, {
    role: 'curator',
    firstName: 'Ivy',
    lastName: 'Inviter',
    email: 'ivy@example.com',
    password: 'ivy-password-123',
  });
  for (const permission of ['people.invite', 'people.edit'])
    await t.db.query(`insert into permission_grants (id, user_id, permission, team_id) values ($1, $2, $3, $4)`, [
      randomUUID(),
      ivy.id,
      permission,
      teamId,
    ]);
  const file = path.join(resultsDir(), 'delegated-import.csv');
  fs.writeFileSync(
    file,
    'email,firstName,jobTitle,teams\nsam.new@example.com,Sam,Seller,Sales\nann@example.com,Ann,Lead seller,Sales\nolga@example.com,Olga,Changed,\n',
  );
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base, { email: 'ivy@example.com', password: 'ivy-password-123' });
  // Navigation comes from the server's abilities: the limited invite right opens Import, the limited edit right
  // its update modes.
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByRole('link', { name: 'New import' }).click();
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
  await page.getByLabel('Add new and update existing people').check();
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await page.getByText('Nothing has been written yet').waitFor({ timeout: 30_000 });
  const count = (a: string) => page.getByTestId(`count-${a}`).locator('p').first().textContent();
  expect(await count('create')).toBe('1');
  expect(await count('update')).toBe('1');
  expect(await count('error')).toBe('1');
  const olga = page.getByRole('row').filter({ hasText: 'olga@example.com' });
  await expect.poll(() => olga.textContent()).toContain('No user matches this email.');
  await expectAccessible(page, 'a delegated import preview');
  await page.getByRole('button', { name: 'Commit import' }).click();
  await page
    .getByRole('dialog', { name: 'Commit this import?' })
    .getByRole('button', { name: 'Commit import' })
    .click();
  await page.getByRole('heading', { name: '3. Import completed' }).waitFor({ timeout: 60_000 });
  const rows = await t.db.query<{ email: string; job_title: string | null }>(
    `select email, job_title from users where email_normalized in ('sam.new@example.com', 'ann@example.com', 'olga@example.com') order by email`,
  );
  expect(rows).toEqual([
    { email: 'ann@example.com', job_title: 'Lead seller' },
    { email: 'olga@example.com', job_title: null },
    { email: 'sam.new@example.com', job_title: 'Seller' },
  ]);
}, 180_000);
