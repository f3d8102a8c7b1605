import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Client, OWNER, signIn as signInApi, type TestApp } from '../helpers/harness';
import { expectAccessible, resultsDir, signIn, startBrowserApp } from './helpers';

/** Adding a person with a manager and a team shows on their relations panel; the directory loads past 50. */
let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp());
  const owner = new Client(t);
  await signInApi(owner, OWNER.email, OWNER.password);
  expect((await owner.post('/api/v1/teams', { name: 'Compilers' })).status).toBe(201);
  await t.db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, status, job_title)
     values ('grace', 'grace@example.com', 'grace@example.com', 'Grace', 'Hopper', 'confirmed', 'Rear admiral')`,
  );
  await t.db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, status)
     select gen_random_uuid()::text, 'dira-' || i || '@example.com', 'dira-' || i || '@example.com', 'Dira',
            'Colleague ' || lpad(i::text, 2, '0'), 'confirmed'
       from generate_series(0, 61) i`,
  );
}, 300_000); // a loaded machine starts the app slowly

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function choose(page: Page, label: string, typed: string, option: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: label, exact: true }).fill(typed);
  await page.getByRole('option', { name: option, exact: true }).click();
}

it('adds a person with a manager, a team, a language and a time zone, then sees them on the relations panel', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'People' }).click();
  await page.getByRole('button', { name: 'Add person' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email').fill('linus@example.com');
  await dialog.getByLabel('First name').fill('Linus');
  // No last name: the API does not require one.
  await choose(page, 'Manager', 'Grace', 'Grace Hopper <grace@example.com>');
  await dialog.getByLabel('Teams', { exact: true }).click();
  await page.getByRole('option', { name: 'Compilers', exact: true }).click();
  await page.keyboard.press('Escape');
  await dialog.getByRole('combobox', { name: 'Language', exact: true }).click();
  await page.getByRole('option', { name: 'Français', exact: true }).click();
  await choose(page, 'Time zone', 'Paris', 'Europe/Paris');
  await expectAccessible(page, 'the Add person dialog');
  await dialog.getByLabel('Not yet').check();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'hidden' });

  const [linus] = await t.db.query<any>(
    `select id, manager_id, time_zone, language from users where email = 'linus@example.com'`,
  );
  expect(linus).toMatchObject({ manager_id: 'grace', time_zone: 'Europe/Paris', language: 'fr' });

  await page.goto(`${base}/people/${linus.id}`);
  const panel = page.getByRole('region', { name: 'Relations' });
  await panel.getByRole('link', { name: 'Grace Hopper' }).waitFor();
  await panel.getByText('Compilers').waitFor();
  await page.mouse.move(900, 500);
  await expectAccessible(page, 'the profile with its relations panel');

  await panel.getByRole('link', { name: 'Grace Hopper' }).click();
  const graces = page.getByRole('region', { name: 'Relations' });
  await graces.getByText('1 direct report').waitFor();
  await graces.getByRole('link', { name: 'Linus' }).waitFor();
  await graces.getByRole('link', { name: 'Show in the People list' }).click();
  await page.waitForURL((url) => url.searchParams.get('managerId') === 'grace');
  await page
    .getByRole('link', { name: 'Linus' })
    .first()
    .waitFor()
    .catch(async (err) => {
      await page.screenshot({ path: `${resultsDir()}/people-operations-reports.png`, fullPage: true });
      throw err;
    });
}, 300_000); // several pages on a loaded machine

it('the directory loads past 50 with Load more', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base);
  await page.getByRole('link', { name: 'Directory' }).click();
  await page.getByLabel('Search colleagues').fill('dira');
  const table = page.getByRole('table', { name: 'Colleagues' });
  await table.getByRole('cell', { name: 'Dira Colleague 00' }).waitFor();
  await expect.poll(() => table.getByRole('row').count()).toBe(51); // the header and 50 people
  await page.getByText('Showing 50 of 62').waitFor();
  await page.getByRole('button', { name: 'Load more' }).click();
  await table.getByRole('cell', { name: 'Dira Colleague 61' }).waitFor();
  await expect.poll(() => table.getByRole('row').count()).toBe(63);
  await expect.poll(() => page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  await page.mouse.move(900, 500);
  await expectAccessible(page, 'the directory after Load more');
}, 300_000);
