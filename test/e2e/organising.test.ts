import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../helpers/harness';
import { expectAccessible, signIn, startBrowserApp } from './helpers';

/** The rule builder: two conditions, the live count follows; teams, groups and directory pages pass axe. */
let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp());
  for (const [first, department, location] of [
    ['Sam', 'Sales', 'Paris'],
    ['Sue', 'Sales', 'Paris'],
    ['Sid', 'Sales', 'Oslo'],
    ['Eve', 'Eng', 'Paris'],
  ]) {
    await t.db.query(
      `insert into users (id, email, email_normalized, first_name, last_name, status, department, location)
       values (gen_random_uuid()::text, $1, $1, $2, 'Test', 'confirmed', $3, $4)`,
      [`${first.toLowerCase()}@example.com`, first, department, location],
    );
  }
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function pick(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

it('builds a two-condition rule and sees the live count change, then saves the group', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base);
  await page.getByRole('link', { name: 'Groups' }).click();
  await page.getByRole('link', { name: 'New group' }).click();
  await page.getByLabel('Name').fill('Paris sales');

  await page.getByRole('button', { name: 'Add condition' }).click();
  await pick(page, 'Rules condition 1 field', 'Department');
  await page.getByRole('textbox', { name: 'Rules condition 1 value' }).fill('sales');
  await expect.poll(() => page.getByTestId('preview-count').textContent(), { timeout: 10_000 }).toBe('3 people');

  await page.getByRole('button', { name: 'Add condition' }).click();
  await pick(page, 'Rules condition 2 field', 'Location');
  await page.getByRole('textbox', { name: 'Rules condition 2 value' }).fill('Paris');
  await expect.poll(() => page.getByTestId('preview-count').textContent(), { timeout: 10_000 }).toBe('2 people');
  await expectAccessible(page, 'the group editor');

  await page.getByRole('button', { name: 'Create group' }).click();
  await page.getByRole('tab', { name: /Members \(2\)/ }).waitFor();
  await page.getByRole('tab', { name: 'Join / leave history' }).click();
  await expect.poll(() => page.getByRole('row').count()).toBe(3);

  await page.getByRole('link', { name: 'Teams' }).click();
  await page.getByLabel('Team name').fill('Field sales');
  await page.getByRole('button', { name: 'Create team' }).click();
  await page.getByRole('treeitem').filter({ hasText: 'Field sales' }).waitFor();
  await expectAccessible(page, 'the teams page');

  await page.getByRole('link', { name: 'Directory' }).click();
  await page.getByLabel('Search colleagues').fill('oslo');
  await page.getByRole('cell', { name: 'Sid Test' }).waitFor();
  // Off the navigation: a hovered active nav link has its own (theme) contrast, not this page's.
  await page.mouse.move(900, 500);
  await expectAccessible(page, 'the directory');

  // People list: filter by the group, add everyone shown to the team in bulk, then filter by the team.
  await page.getByRole('link', { name: 'People' }).click();
  await pick(page, 'Group', 'Paris sales');
  await expect.poll(() => page.getByRole('row').count(), { timeout: 10_000 }).toBe(3);
  await page.getByRole('checkbox', { name: 'Select all people shown' }).check();
  await pick(page, 'Team to add the selected people to', 'Field sales');
  await page.getByRole('button', { name: 'Add to team' }).click();
  await page.getByText('2 of 2 added to the team').waitFor();
  await page.getByRole('combobox', { name: 'Group', exact: true }).clear();
  await pick(page, 'Team', 'Field sales');
  await expect.poll(() => page.getByRole('row').count(), { timeout: 10_000 }).toBe(3);
  await page.mouse.move(900, 500);
  await expectAccessible(page, 'the People list filtered by team');
});
