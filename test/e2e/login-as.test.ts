import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { insertUser, type TestApp } from '../helpers/harness';
import { expectAccessible, resultsDir, signIn, startBrowserApp } from './helpers';

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

it('an Owner logs in as a learner, sees what they see under a banner, and returns to their own account', async () => {
  const learner = await insertUser(t.db, {
    email: 'lena.learner@example.com',
    firstName: 'Lena',
    lastName: 'Learner',
    role: 'learner',
  });

  const page = await (await browser.newContext()).newPage();
  await signIn(page, base);
  await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'People' }).click();
  await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();

  await page.getByRole('link', { name: 'Lena Learner' }).first().click();
  await page.getByRole('heading', { name: 'Lena Learner', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Log in as' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('30 minutes').waitFor();
  await dialog.getByRole('button', { name: 'Confirm' }).click();

  // Signed in as the learner: the banner names both people, and the learner lands on their own profile.
  const banner = page.getByRole('region', { name: 'Signed in as another person' });
  await banner.waitFor();
  // The end is a time today, or a date and time when the session ends after midnight (a run late in the evening).
  await expect(banner.getByRole('status').textContent()).resolves.toMatch(
    /You are signed in as Lena Learner \(by Olive Owner\) until (.+ )?\d{2}:\d{2}/,
  );
  await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/me');
  await expect(page.getByLabel('First name').inputValue()).resolves.toBe('Lena');
  // A learner's navigation: no People, Audit or Settings.
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'People' }).count()).resolves.toBe(0);
  await expect(nav.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(0);
  await expect(nav.getByRole('link', { name: 'Settings' }).count()).resolves.toBe(0);
  await expectAccessible(page, 'the profile page with the login-as banner');
  await page.screenshot({ path: path.join(resultsDir(), 'login-as-banner.png'), fullPage: true });
  // On a phone the banner wraps; the header grows with it and still covers none of the page.
  await page.setViewportSize({ width: 390, height: 800 });
  await page.waitForTimeout(200);
  const header = await page.getByRole('banner').boundingBox();
  const heading = await page.getByRole('heading', { name: 'My profile', level: 1 }).boundingBox();
  const bannerBox = await banner.boundingBox();
  expect(bannerBox!.height).toBeGreaterThan(48);
  expect(heading!.y).toBeGreaterThanOrEqual(header!.y + header!.height);
  await page.screenshot({ path: path.join(resultsDir(), 'login-as-banner-phone.png') });
  await page.setViewportSize({ width: 1280, height: 800 });

  const started = await t.db.query(
    `select actor_id, impersonator_id from audit_log where action = 'impersonation.started' and target_id = $1`,
    [learner.id],
  );
  expect(started.length).toBe(1);

  await banner.getByRole('button', { name: 'Return to my account' }).click();
  await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
  await expect(banner.count()).resolves.toBe(0);
  await page.getByRole('link', { name: 'Lena Learner' }).first().waitFor();
  await expect(page.getByRole('banner').getByText('Olive Owner').textContent()).resolves.toBe('Olive Owner');

  // The Owner's session works again for changes (fresh CSRF token): open the learner and add a note.
  await page.getByRole('link', { name: 'Lena Learner' }).first().click();
  await page.getByText('No notes yet').waitFor();
  await page.getByLabel('New note').fill('Asked for a mentor.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByText('Asked for a mentor.').waitFor();
});

it('an Owner grants and removes a permission; a manager sees their team and writes a note', async () => {
  const manager = await insertUser(t.db, {
    email: 'max.manager@example.com',
    firstName: 'Max',
    lastName: 'Manager',
    role: 'learner',
  });
  const lead = await insertUser(t.db, {
    email: 'tess.lead@example.com',
    firstName: 'Tess',
    lastName: 'Lead',
    role: 'learner',
    managerId: manager.id,
  });
  await insertUser(t.db, {
    email: 'ivan.indirect@example.com',
    firstName: 'Ivan',
    lastName: 'Indirect',
    role: 'learner',
    managerId: lead.id,
  });
  await insertUser(t.db, {
    email: 'olga.outsider@example.com',
    firstName: 'Olga',
    lastName: 'Outsider',
    role: 'learner',
  });

  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, base);
  await owner.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  await owner.goto(`${base}/people/${lead.id}`);
  await owner.getByText('No permissions granted', { exact: false }).waitFor();
  await owner.getByLabel('Permission', { exact: true }).selectOption({ label: 'Invite people' });
  await owner.getByRole('button', { name: 'Grant' }).click();
  const grants = owner.getByRole('table', { name: 'Grants' });
  await grants.getByRole('cell', { name: 'Invite people', exact: true }).waitFor();
  await grants.getByRole('cell', { name: 'Whole organisation', exact: true }).waitFor();
  await expectAccessible(owner, 'the user page with grants and notes');
  await owner.screenshot({ path: path.join(resultsDir(), 'user-grants-notes.png'), fullPage: true });
  await grants.getByRole('button', { name: /^Remove Invite people/ }).click();
  await owner.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
  await owner.getByText('No permissions granted', { exact: false }).waitFor();
  expect(await t.db.query(`select 1 from permission_grants where user_id = $1`, [lead.id])).toHaveLength(0);

  const page = await (await browser.newContext()).newPage();
  await signIn(page, base, { email: 'max.manager@example.com', password: 'password-1234' });
  await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My team' }).click();
  const team = page.getByRole('table', { name: 'My team' });
  await team.getByRole('link', { name: 'Ivan Indirect' }).waitFor();
  await expect(team.getByRole('row').count()).resolves.toBe(3); // header + Tess + Ivan; not Max himself, not Olga
  // Not hovering the active navigation link (its hover colours are the Layout's, checked on other pages).
  await page.mouse.move(600, 600);
  await expectAccessible(page, 'the My team page');
  await team.getByRole('link', { name: 'Tess Lead' }).first().click();
  await page.getByText('No notes yet').waitFor();
  await page.getByLabel('New note').fill('Doing great in the pilot.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByText('Doing great in the pilot.').waitFor();
  await expect(page.getByRole('list', { name: 'Notes' }).getByText('Max Manager').count()).resolves.toBe(1);
  // Managers read grants but do not change them, and cannot log in as anyone.
  await expect(page.getByRole('button', { name: 'Grant' }).count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: 'Log in as' }).count()).resolves.toBe(0);
});
