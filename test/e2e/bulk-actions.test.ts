import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { OWNER, type TestApp } from '../helpers/harness';
import { expectAccessible, startBrowserApp } from './helpers';

/**
 * Bulk actions from the People list (docs/api.md "Bulk actions"): select everyone the search matches beyond the
 * page shown, preview the deactivation, run it with its progress, then undo it.
 */
const PEOPLE = 60;
let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp());
  await t.db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, status)
     select 'bj' || i, 'bulkjourney' || i || '@example.com', 'bulkjourney' || i || '@example.com', 'Person' || i, 'Bulkjourney', 'confirmed'
       from generate_series(1, $1::int) as i`,
    [PEOPLE],
  );
  // Each change takes 40 ms more, so the run lasts a few seconds and its progress can be watched.
  await t.db.query(`create function bulk_journey_slow() returns trigger language plpgsql as $$
    begin perform pg_sleep(0.04); return new; end $$`);
  await t.db.query(
    `create trigger bulk_journey_slow before update of status on users for each row when (old.last_name = 'Bulkjourney')
     execute function bulk_journey_slow()`,
  );
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const deactivated = async () =>
  (await t.db.query(`select 1 from users where last_name = 'Bulkjourney' and status = 'deactivated'`)).length;

it('selects all matching, previews, runs with progress and undoes', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'People' }).first().click();
  await page.getByLabel('Search people').fill('Bulkjourney');
  // The search applies after its debounce and clears any selection: wait for it, or the first page of the whole
  // organisation (also 50 rows) would be ticked and then unticked.
  await page.waitForURL(/q=Bulkjourney/);
  // The first page: 50 of the 60 people.
  await expect.poll(() => page.getByRole('row').count(), { timeout: 15_000 }).toBe(51);

  await page.getByRole('checkbox', { name: 'Select all people shown' }).check();
  await page.getByRole('button', { name: `Select all ${PEOPLE} matching` }).click();
  await page.getByText(`All ${PEOPLE} matching selected`).waitFor();

  await page.getByRole('button', { name: 'Bulk actions…' }).click();
  await page.getByRole('menuitem', { name: 'Deactivate' }).click();
  await page.getByRole('button', { name: 'Preview changes' }).click();
  await page.getByText(`Deactivate will change ${PEOPLE} people of ${PEOPLE}.`).waitFor();
  await page.getByText(`Seats in use:`).waitFor();
  await expectAccessible(page, 'the bulk action preview');
  // Nothing has changed yet.
  expect(await deactivated()).toBe(0);

  await page.getByRole('button', { name: `Deactivate: ${PEOPLE} people` }).click();
  // The progress bar, then the outcome.
  await page.getByRole('progressbar', { name: 'Progress' }).waitFor({ timeout: 10_000 });
  await page
    .getByRole('status')
    .filter({ hasText: `${PEOPLE} people changed` })
    .waitFor({ timeout: 60_000 });
  expect(await deactivated()).toBe(PEOPLE);
  const download = page.getByRole('link', { name: 'Download results (CSV)' });
  expect(await download.getAttribute('href')).toMatch(/\/api\/v1\/bulk-actions\/[^/]+\/results\.csv$/);

  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByText(/Undoing… \d+ of 60/).waitFor({ timeout: 10_000 });
  await page
    .getByRole('status')
    .filter({ hasText: `${PEOPLE} people put back` })
    .waitFor({ timeout: 60_000 });
  expect(await deactivated()).toBe(0);
  await expectAccessible(page, 'the bulk action after undo');
}, 300_000);
