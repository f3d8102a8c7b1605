import { afterAll, beforeAll, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../helpers/harness';
import { expectAccessible, signIn, startBrowserApp } from './helpers';

/**
 * The People list's export: "Export people" → Excel downloads the filtered list as a file that opens (read back with
 * exceljs' workbook reader). The People list's header sort, column chooser and saved views (docs/decisions/026-people-list-views.md): a
 * header click sorts, the chosen columns and a saved view survive a reload and another browser, and on a
 * 390 px screen the filters fold behind a button while the name and status stay in view.
 */
let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp());
  await t.db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, status, department)
     select 'pl' || i, 'listjourney' || i || '@example.com', 'listjourney' || i || '@example.com', 'Person' || i,
            'Listjourney', 'confirmed', (array['Sales', 'Finance', 'Legal'])[1 + i % 3]
       from generate_series(1, 9) as i`,
  );
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function peopleList(page: Page) {
  await signIn(page, base);
  await page.getByRole('link', { name: 'People' }).first().click();
  await page.getByLabel('Search people').fill('Listjourney');
  await page.waitForURL(/q=Listjourney/);
  await expect.poll(() => page.getByRole('row').count(), { timeout: 15_000 }).toBe(10);
}

const firstEmail = (page: Page) => page.getByRole('row').nth(1).getByRole('cell').nth(2).innerText();

it('sorts by a header, keeps chosen columns and a saved view across a reload and another browser', async () => {
  const page = await (await browser.newContext()).newPage();
  await peopleList(page);

  // Header sort: Email ascending, then descending; aria-sort says which.
  const email = page.getByRole('columnheader', { name: /^Email/ });
  await email.getByRole('button').click();
  await expect.poll(() => email.getAttribute('aria-sort')).toBe('ascending');
  await page.waitForURL(/sort=email/);
  await expect.poll(() => firstEmail(page)).toBe('listjourney1@example.com');
  await email.getByRole('button').press('Enter');
  await expect.poll(() => email.getAttribute('aria-sort')).toBe('descending');
  await expect.poll(() => firstEmail(page)).toBe('listjourney9@example.com');

  // Column chooser: add Department and move it before Email.
  await page.getByRole('button', { name: 'Columns' }).click();
  const dialog = page.getByRole('dialog', { name: 'Choose columns' });
  await dialog.getByRole('checkbox', { name: 'Department' }).check();
  for (let i = 0; i < 4; i++) await dialog.getByRole('button', { name: 'Move Department up' }).click();
  await expectAccessible(page, 'the column chooser');
  await dialog.getByRole('button', { name: 'Save columns' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const headers = async () =>
    (await page.getByRole('columnheader').allInnerTexts()).map((h) => h.replace(/[▲▼↕]/g, '').trim());
  await expect.poll(headers).toEqual(['', 'Name', 'Department', 'Email', 'Status', 'Role', 'Created']);

  // Sort by the new column, then save the list as a view.
  await page
    .getByRole('columnheader', { name: /^Department/ })
    .getByRole('button')
    .click();
  await page.waitForURL(/sort=department/);
  await page.getByRole('button', { name: 'Save view' }).click();
  await page.getByLabel('Name').fill('Journey view');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/view=/);
  await page.getByText('View “Journey view” saved').waitFor();

  await page.reload();
  await expect.poll(() => page.getByRole('combobox', { name: 'Saved view' }).inputValue()).toBe('Journey view');
  await expect.poll(() => page.getByLabel('Search people').inputValue()).toBe('Listjourney');
  await expect.poll(headers).toEqual(['', 'Name', 'Department', 'Email', 'Status', 'Role', 'Created']);
  const department = page.getByRole('columnheader', { name: /^Department/ });
  await expect.poll(() => department.getAttribute('aria-sort')).toBe('ascending');
  await expect.poll(() => page.getByRole('row').nth(1).getByRole('cell').nth(2).innerText()).toBe('Finance');
  await expectAccessible(page, 'the People list with a saved view');

  // Another browser: the columns are the Owner's, and the view is there to pick.
  const other = await (await browser.newContext()).newPage();
  await peopleList(other);
  await expect
    .poll(async () =>
      (await other.getByRole('columnheader').allInnerTexts()).map((h) => h.replace(/[▲▼↕]/g, '').trim()),
    )
    .toEqual(['', 'Name', 'Department', 'Email', 'Status', 'Role', 'Created']);
  await other.getByRole('combobox', { name: 'Saved view' }).click();
  await other.getByRole('option', { name: 'Journey view' }).click();
  await other.waitForURL(/view=/);
  await expect.poll(() => other.getByRole('row').nth(1).getByRole('cell').nth(2).innerText()).toBe('Finance');
}, 300_000);

it('folds the filters behind a button on a 390 px screen, keeping name and status in view', async () => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signIn(page, base);
  await page.goto(`${base}/?q=Listjourney`);
  await expect.poll(() => page.getByRole('row').count(), { timeout: 15_000 }).toBe(10);
  await expect(page.getByLabel('Search people').isVisible()).resolves.toBe(false);
  await page.getByRole('button', { name: 'Filters' }).click();
  await page.getByLabel('Search people').waitFor({ state: 'visible' });
  const name = page.getByRole('columnheader', { name: /^Name/ });
  const status = page.getByRole('columnheader', { name: /^Status/ });
  for (const header of [name, status]) {
    const box = (await header.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
});

it('shows "1,000+" past the counted bound, and selects every match with the exact number from the counts', async () => {
  await t.db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, status)
     select 'crowd' || i, 'crowdjourney' || i || '@example.com', 'crowdjourney' || i || '@example.com', 'Person' || i,
            'Crowdjourney', 'confirmed'
       from generate_series(1, 1100) as i`,
  );
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base);
  await page.goto(`${base}/?q=Crowdjourney`);
  await page.getByText('Showing 50 of 1,000+').waitFor();
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.getByText('Showing 100 of 1,000+').waitFor();
  await page.getByRole('checkbox', { name: 'Select all people shown' }).check();
  await page.getByRole('button', { name: 'Select all 1,100 matching' }).click();
  await page.getByText('All 1,100 matching selected').waitFor();
}, 300_000);

it('exports the filtered list as an Excel file that opens', async () => {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signIn(page, base);
  await page.goto(`${base}/?q=Listjourney`);
  await expect.poll(() => page.getByRole('row').count(), { timeout: 15_000 }).toBe(10);
  await page.getByRole('button', { name: 'Export people' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Excel (.xlsx)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^people-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  const emailColumn = (rows[0] as string[]).indexOf('Email');
  expect(emailColumn).toBeGreaterThanOrEqual(0);
  // The search's nine people, and nobody else.
  expect(
    rows
      .slice(1)
      .map((r) => r[emailColumn])
      .sort(),
  ).toEqual(Array.from({ length: 9 }, (_, i) => `listjourney${i + 1}@example.com`).sort());
}, 300_000);
