import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { insertUser, type TestApp } from '../helpers/harness';
import { expectAccessible, resultsDir, signIn, startBrowserApp } from './helpers';

/**
 * The import wizard end to end: a real CSV with creates, an update and errors → preview counts,
 * the error filter, the old → new diff → commit through the confirmation → progress → result →
 * the people log downloaded and read.
 */
let t: TestApp;
let browser: Browser;
let base: string;

// Three creates (one managed by another new row), one update (job title only), two errors
// (an invalid email, and the second row of a duplicated email).
const CSV = [
  'email;firstName;lastName;jobTitle;managerEmail',
  'nina.new@example.com;Nina;New;Engineer;',
  'noah.new@example.com;Noah;New;Designer;nina.new@example.com',
  'erin.existing@example.com;Erin;Existing;Head of Research;',
  'not-an-email;Bad;Row;;',
  'dora.dup@example.com;Dora;First;;',
  'DORA.DUP@example.com;Dora;Second;;',
].join('\r\n');

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp({ ROSTER_JOB_INTERVAL: '1' }));
  const erin = await insertUser(t.db, { email: 'erin.existing@example.com', firstName: 'Erin', lastName: 'Existing' });
  await t.db.query(`update users set job_title = 'Researcher' where id = $1`, [erin.id]);
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

function csvFile(name: string, content: string): string {
  const file = path.join(resultsDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

async function signInAsOwner(page: Page) {
  await signIn(page, base);
  await page.getByRole('link', { name: 'Import', exact: true }).waitFor();
}

const rowCount = (page: Page) => page.getByRole('table', { name: 'Import rows' }).locator('tbody tr').count();

it('starts empty; an unknown column is listed and must be ignored before the commit', async () => {
  const page = await (await browser.newContext()).newPage();
  await signInAsOwner(page);
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByText('No imports yet.').waitFor();
  await expectAccessible(page, 'the imports list (empty)');
  await page.getByRole('link', { name: 'New import' }).click();
  await page
    .getByLabel('CSV file', { exact: true })
    .setInputFiles(csvFile('unknown-headers.csv', 'email,firstName,shoeSize\nx@example.com,X,42\n'));
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  // No longer a refusal of the whole file: the preview names the column and waits for a choice.
  const unknown = page.getByTestId('unknown-columns');
  await unknown.waitFor({ timeout: 30_000 });
  expect(await unknown.textContent()).toContain('shoeSize');
  const commitButton = page.getByRole('button', { name: 'Commit import' });
  expect(await commitButton.isDisabled()).toBe(true);
  await expectAccessible(page, 'the preview with an unknown column');
  await page.getByRole('button', { name: 'Ignore the column “shoeSize”' }).click();
  await unknown.getByText('Ignored', { exact: true }).waitFor();
  await expect.poll(() => commitButton.isDisabled()).toBe(false);
  expect(
    (await t.db.query<any>(`select options from imports order by created_at desc limit 1`))[0].options,
  ).toMatchObject({
    unknownColumns: ['shoeSize'],
    ignoredColumns: ['shoeSize'],
  });
  await page.getByRole('button', { name: 'Cancel import' }).click();
  await page
    .getByRole('dialog', { name: 'Cancel this import?' })
    .getByRole('button', { name: 'Cancel import' })
    .click();
  await page.getByRole('heading', { name: 'Import cancelled' }).waitFor();
});

it('takes a dropped file, says it was read as Windows-1252, and cancels the preview without writing', async () => {
  const page = await (await browser.newContext()).newPage();
  await signInAsOwner(page);
  await page.goto(`${base}/imports/new`);
  const latin1 = Buffer.from('email,firstName,lastName\r\nzoe.mueller@example.com,Zoé,Müller\r\n', 'latin1');
  // Dropped on the zone rather than chosen: the drop path hands the same File to the upload.
  const dropped = await page.evaluateHandle(
    (bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'excel.csv', { type: 'text/csv' }));
      return data;
    },
    [...latin1],
  );
  await page.getByTestId('file-drop').dispatchEvent('drop', { dataTransfer: dropped });
  await page.getByText('excel.csv', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await page.getByText('Read as Windows-1252', { exact: true }).waitFor({ timeout: 30_000 });
  await page.getByRole('cell', { name: 'Zoé Müller' }).waitFor();
  await page.getByRole('button', { name: 'Cancel import' }).click();
  await page
    .getByRole('dialog', { name: 'Cancel this import?' })
    .getByRole('button', { name: 'Cancel import' })
    .click();
  await page.getByRole('heading', { name: 'Import cancelled' }).waitFor();
  expect(await t.db.query(`select 1 from users where email_normalized = 'zoe.mueller@example.com'`)).toHaveLength(0);
});

it('offers HR only the "add" mode', async () => {
  await insertUser(t.db, { email: 'harriet.hr@example.com', role: 'hr', password: 'hr-password-123' });
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base, { email: 'harriet.hr@example.com', password: 'hr-password-123' });
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByRole('link', { name: 'New import' }).click();
  await page.getByLabel('Add new people only').waitFor();
  expect(await page.getByRole('radiogroup', { name: 'What should the import do?' }).getByRole('radio').count()).toBe(1);
  await page.getByText('Updating existing people by CSV is for Owners and Admins.').waitFor();
});

it('uploads, previews, filters to errors, commits and downloads the people log', async () => {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signInAsOwner(page);
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByRole('link', { name: 'New import' }).click();

  await page.getByLabel('CSV file', { exact: true }).setInputFiles(csvFile('people.csv', CSV));
  await page.getByLabel('Add new and update existing people').check();
  await page.getByLabel('Keep the stored value').check();
  await expectAccessible(page, 'the upload step');
  const usersBefore = (await t.db.query<{ n: number }>(`select count(*)::int as n from users`))[0]!.n;
  await page.getByRole('button', { name: 'Upload and preview' }).click();

  // Step 2: the plan, with nothing written.
  await page.getByText('Nothing has been written yet').waitFor({ timeout: 30_000 });
  const count = (a: string) => page.getByTestId(`count-${a}`).locator('p').first().textContent();
  expect(await count('create')).toBe('3');
  expect(await count('update')).toBe('1');
  expect(await count('error')).toBe('2');
  await page.getByText('UTF-8, semicolon-separated').waitFor();
  expect((await t.db.query<{ n: number }>(`select count(*)::int as n from users`))[0]!.n).toBe(usersBefore);

  // The update shows its diff; the search narrows the rows.
  const erinRow = page.getByRole('row').filter({ hasText: 'erin.existing@example.com' });
  await expect.poll(() => erinRow.textContent()).toMatch(/Job title: Researcher\s*→\s*Head of Research/);
  await page.getByLabel('Search rows').fill('noah');
  await expect.poll(() => rowCount(page)).toBe(1);
  await page.getByLabel('Search rows').fill('');
  await expect.poll(() => rowCount(page)).toBe(6);

  // Filter to the errors: two rows, each with its reason.
  await page.getByText('Error (2)').click();
  await expect.poll(() => rowCount(page)).toBe(2);
  const errorsText = await page.getByRole('table', { name: 'Import rows' }).textContent();
  expect(errorsText).toContain('not-an-email');
  expect(errorsText).toMatch(/DORA\.DUP@example\.com/);
  await page.mouse.move(900, 10);
  await expectAccessible(page, 'the preview');
  await page.screenshot({ path: path.join(resultsDir(), 'import-preview.png'), fullPage: true });

  // Commit through the confirmation that states the counts.
  await page.getByRole('button', { name: 'Commit import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Commit this import?' });
  expect(await dialog.textContent()).toContain('This will create 3 people and update 1.');
  // Step 3: the progress bar while committing (watched from before the click: a small file commits
  // within a poll or two, and a bar at 0 % has no width to be "visible"), then the result.
  const sawProgress = page.getByRole('progressbar', { name: 'Importing' }).waitFor({ state: 'attached' });
  await dialog.getByRole('button', { name: 'Commit import' }).click();
  await sawProgress;
  await page.getByRole('heading', { name: '3. Import completed' }).waitFor({ timeout: 60_000 });
  expect(await count('create')).toBe('3');
  expect(await count('update')).toBe('1');
  await expectAccessible(page, 'the import result');

  const rows = await t.db.query<{ email: string; job_title: string | null; manager: string | null }>(
    `select u.email, u.job_title, m.email as manager from users u left join users m on m.id = u.manager_id
      where u.email_normalized in ('nina.new@example.com', 'noah.new@example.com', 'erin.existing@example.com', 'dora.dup@example.com') order by u.email`,
  );
  expect(rows).toEqual([
    { email: 'dora.dup@example.com', job_title: null, manager: null },
    { email: 'erin.existing@example.com', job_title: 'Head of Research', manager: null },
    { email: 'nina.new@example.com', job_title: 'Engineer', manager: null },
    { email: 'noah.new@example.com', job_title: 'Designer', manager: 'nina.new@example.com' },
  ]);

  // The people log: one line per CSV row with what happened.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download people log (CSV)' }).click(),
  ]);
  const log = fs.readFileSync((await download.path())!, 'utf8');
  fs.writeFileSync(path.join(resultsDir(), 'people-log.csv'), log);
  const lines = log.trim().split(/\r?\n/);
  expect(lines.length).toBe(7); // header + six rows
  expect(lines[0]!.toLowerCase()).toContain('email');
  const lineFor = (email: string) => lines.find((l) => l.split(',')[1] === email) ?? '';
  expect(lineFor('nina.new@example.com')).toMatch(/create/);
  expect(lineFor('nina.new@example.com')).toMatch(/applied/);
  expect(lineFor('erin.existing@example.com')).toMatch(/update,applied,.*Researcher → Head of Research/);
  expect(lineFor('not-an-email')).toMatch(/error,,.*not a valid email/);
  expect(lineFor('DORA.DUP@example.com')).toMatch(/error,,.*line 6/);

  // From the result to People.
  await page.getByRole('link', { name: 'Go to People' }).click();
  await page.getByRole('link', { name: 'Nina New' }).first().waitFor();
}, 180_000);

it('on a phone: the summary comes before the rows, the commit bar stays in view, nothing overflows', async () => {
  const boss = await insertUser(t.db, { email: 'bea.boss@example.com', firstName: 'Bea', lastName: 'Boss' });
  for (const n of [1, 2, 3]) await insertUser(t.db, { email: `report${n}@example.com`, managerId: boss.id });
  for (const n of [1, 2]) await insertUser(t.db, { email: `mover${n}@example.com`, firstName: `Mover${n}` });
  const lines = ['email;firstName;lastName;department;status', 'bea.boss@example.com;;;;deactivate'];
  for (const n of [1, 2]) lines.push(`mover${n}@example.com;;;Finance;`);
  for (let n = 1; n <= 60; n++) lines.push(`phone.person${n}@example.com;Phone${n};Person;Sales;`);
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signInAsOwner(page);
  await page.goto(`${base}/imports/new`);
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(csvFile('phone.csv', lines.join('\n')));
  await page.getByLabel('Add new and update existing people').check();
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  const summary = page.getByTestId('import-summary');
  await summary.getByText('Department: 2 people').waitFor({ timeout: 30_000 });
  await page.getByText('Line 2 deactivates Bea Boss, who manages 3 people.').waitFor();
  const table = page.getByRole('table', { name: 'Import rows' });
  await expect.poll(() => rowCount(page)).toBe(50);
  // The summary is read first: it sits above the rows.
  expect((await summary.boundingBox())!.y).toBeLessThan((await table.boundingBox())!.y);
  // A new person is one line of labelled values, not "(empty) → value" per field.
  const newRow = table.getByRole('row').filter({ hasText: 'phone.person1@example.com' });
  expect(await newRow.getByTestId('new-values').textContent()).toContain('First name: Phone1 · Last name: Person');
  expect(await newRow.textContent()).not.toContain('(empty)');

  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  // Anywhere in a long preview, Commit and Cancel with the counts are on screen.
  const bar = page.getByTestId('commit-bar');
  const inView = async () => {
    const box = (await bar.getByRole('button', { name: 'Commit import' }).boundingBox())!;
    return box.y >= 0 && box.y + box.height <= 844;
  };
  for (const y of [0, 1200, 2400]) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await expect.poll(inView).toBe(true);
  }
  expect(await bar.textContent()).toContain('60 to create · 3 to update · 0 with errors');
  await page.screenshot({ path: path.join(resultsDir(), 'import-preview-phone.png') });
  await page.goto(`${base}/imports`);
  await page.getByRole('table', { name: 'Recent imports' }).waitFor();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.goto(`${base}/imports/help`);
  await page.getByRole('heading', { name: 'How CSV imports work' }).waitFor();
  expect(await overflow()).toBeLessThanOrEqual(0);
}, 120_000);

it('lists the completed import and explains every column on the help page', async () => {
  const page = await (await browser.newContext()).newPage();
  await signInAsOwner(page);
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByRole('link', { name: 'people.csv' }).waitFor();
  await page.getByRole('table', { name: 'Recent imports' }).getByText('Completed').waitFor();
  await expectAccessible(page, 'the imports list');
  await page.getByRole('link', { name: 'How imports work' }).click();
  await page.getByRole('heading', { name: 'How CSV imports work' }).waitFor();
  for (const column of ['email', 'managerEmail', 'teams', 'expiryDate', 'cf.<key>'])
    await page.getByRole('cell', { name: column, exact: true }).waitFor();
  await expectAccessible(page, 'the import help page');
});
