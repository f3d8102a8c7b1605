import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { insertUser, type TestApp } from '../helpers/harness';
import { expectAccessible, signIn, startBrowserApp } from './helpers';

// On a person's page, in Chromium: a break with an end date is set through "Edit details" and shown, and notes are
// edited in place and deleted after a confirmation. The browser runs in Auckland, far from UTC, so a break end
// sent as a bare date (or as midnight UTC) would show up here as the wrong day.

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp());
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const TIME_ZONE = 'Pacific/Auckland';

/** A day `days` from now as YYYY-MM-DD, in TIME_ZONE. */
function dayFromNow(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + days * 86_400_000))
    .slice(0, 10);
}

it('an Owner sets a break with an end date on a person’s page and sees it shown', async () => {
  const person = await insertUser(t.db, { firstName: 'Bruno', lastName: 'Break', email: 'bruno@example.com' });
  const page = await (await browser.newContext({ locale: 'en-US', timezoneId: TIME_ZONE })).newPage();
  await signIn(page, base);
  await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  await page.goto(`${base}/people/${person.id}`);
  await page.getByRole('heading', { name: 'Bruno Break', level: 1 }).waitFor();

  await page.getByRole('button', { name: 'Edit details' }).click();
  await page.getByLabel('Taking a break').check();
  const day = dayFromNow(40);
  await page.getByLabel('Break ends').fill(day);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Changes saved.').waitFor();

  // Shown on the page: the badge and the day itself, as the browser's language writes it.
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const shown = new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', year: 'numeric' }).format(
    new Date(y, m - 1, d, 12),
  );
  await page.getByText(`Yes, until ${shown}`, { exact: true }).waitFor();
  await page.getByText('On a break', { exact: true }).waitFor();

  // Stored as the last moment of that day in the Owner's time zone.
  const [row] = await t.db.query<{ on_break: boolean; break_until: Date }>(
    `select on_break, break_until from users where id = $1`,
    [person.id],
  );
  expect(row!.on_break).toBe(true);
  const local = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(row!.break_until);
  expect(local).toBe(`${day}, 23:59:59`);

  // The form reads the same day back, and saving nothing else leaves it as it is.
  await page.getByRole('button', { name: 'Edit details' }).click();
  await expect(page.getByLabel('Break ends').inputValue()).resolves.toBe(day);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.context().close();
});

it('notes are edited in place, marked edited, and deleted after a confirmation', async () => {
  const person = await insertUser(t.db, { firstName: 'Nora', lastName: 'Noted', email: 'nora@example.com' });
  const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await signIn(page, base);
  await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  await page.goto(`${base}/people/${person.id}`);
  await page.getByRole('heading', { name: 'Nora Noted', level: 1 }).waitFor();

  await page.getByText('No notes yet').waitFor();
  await page.getByLabel('New note').fill('Likes the window seat');
  await page.getByRole('button', { name: 'Add note' }).click();
  const notes = page.getByRole('list', { name: 'Notes' });
  const note = notes.getByRole('listitem').filter({ hasText: 'Likes the window seat' });
  await note.waitFor();
  await expect(note.getByText('edited', { exact: true }).count()).resolves.toBe(0);

  // Edit in place: an empty text is refused, Escape gives up, then a real edit is saved and marked.
  await note.getByRole('button', { name: 'Edit' }).click();
  const editor = page.getByLabel('Edit note');
  await expect(editor.inputValue()).resolves.toBe('Likes the window seat');
  await editor.fill('  ');
  await page.getByRole('button', { name: 'Save note' }).click();
  await page.getByText('Write something before saving the note.').waitFor();
  await editor.press('Escape');
  await expect(page.getByLabel('Edit note').count()).resolves.toBe(0);
  await notes.getByRole('listitem').first().getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Edit note').fill('Likes the aisle seat');
  await page.getByRole('button', { name: 'Save note' }).click();
  await page.getByText('Note saved.').waitFor();
  const edited = notes.getByRole('listitem').filter({ hasText: 'Likes the aisle seat' });
  await edited.getByText('edited', { exact: true }).waitFor();
  await expect(notes.getByText('Likes the window seat').count()).resolves.toBe(0);
  await expectAccessible(page, 'the profile page with an edited note');

  // Delete: nothing happens until confirmed.
  await edited.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this note?' });
  await dialog.getByText('The audit log keeps its text').waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await edited.waitFor();
  await edited.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete this note?' }).getByRole('button', { name: 'Delete note' }).click();
  await page.getByText('Note deleted.').waitFor();
  await page.getByText('No notes yet').waitFor();

  const audited = await t.db.query<{ action: string; before: any; after: any }>(
    `select action, before, after from audit_log where target_id = $1 and action like 'note.%' order by id`,
    [person.id],
  );
  expect(audited.map((a) => a.action)).toEqual(['note.created', 'note.updated', 'note.deleted']);
  expect(audited[1]).toMatchObject({
    before: { body: 'Likes the window seat' },
    after: { body: 'Likes the aisle seat' },
  });
  expect(audited[2]!.before.body).toBe('Likes the aisle seat');
  await page.context().close();
});
