import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../helpers/harness';
import { setPublicUrl } from '../../src/server/modules/invitations/invitations';
import { expectAccessible, resultsDir, startBrowserApp, submitSignIn } from './helpers';

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp({ ROSTER_JOB_INTERVAL: '1' }));
  setPublicUrl(base);
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

it('an Owner signs in, adds a person, invites them; they accept from the mailbox; the Owner deactivates them', async () => {
  const admin = await (await browser.newContext()).newPage();
  await admin.goto(`${base}/login`);
  await admin.getByLabel('Email').waitFor();
  await expectAccessible(admin, 'the sign-in page');
  await submitSignIn(admin);

  await admin.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  await admin.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'People' }).click();
  await admin.getByRole('button', { name: 'Add person' }).waitFor();
  await expectAccessible(admin, 'the People list');
  await admin.getByRole('button', { name: 'Add person' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('Email').fill('ada.lovelace@example.com');
  await dialog.getByLabel('First name').fill('Ada');
  await dialog.getByLabel('Last name').fill('Lovelace');
  await dialog.getByLabel('Not yet').check();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'hidden' });

  await admin.getByRole('link', { name: 'Ada Lovelace' }).first().click();
  await admin.getByRole('button', { name: 'Send invitation' }).waitFor();
  await expectAccessible(admin, 'the user page');
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  const confirmInvite = admin.getByRole('button', { name: 'Confirm' });
  if (await confirmInvite.isVisible().catch(() => false)) await confirmInvite.click();
  await admin.getByText('Invite pending').first().waitFor();

  // The background sweep (every second here) delivers the invitation into the built-in mailbox; on a loaded
  // CI machine that can take a while, so wait up to a minute.
  let link: string | null = null;
  for (const until = Date.now() + 60_000; Date.now() < until && !link;) {
    await admin.goto(`${base}/mailbox`);
    const message = admin.getByRole('link', { name: /invitation/i }).first();
    if (await message.isVisible({ timeout: 1000 }).catch(() => false)) {
      await message.click();
      link = await admin.locator('a[href*="/invite/"]').first().getAttribute('href', { timeout: 5000 });
    } else await admin.waitForTimeout(500);
  }
  expect(link).toMatch(new RegExp(`^${base}/invite/[A-Za-z0-9_-]+$`));

  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(link!);
  await invitee.getByLabel('Password', { exact: true }).fill('ada-strong-password');
  await invitee.getByLabel('Confirm password').fill('ada-strong-password');
  await invitee.getByRole('button', { name: 'Accept invitation' }).click();
  await invitee.waitForURL((url) => !url.pathname.startsWith('/invite/'));
  const ada = (
    await t.db.query(`select id, status from users where email_normalized = 'ada.lovelace@example.com'`)
  )[0]!;
  expect(ada.status).toBe('confirmed');

  await admin.goto(`${base}/people/${ada.id}`);
  await admin.getByRole('button', { name: 'Deactivate' }).click();
  await admin.getByRole('button', { name: 'Confirm' }).click();
  await admin.getByText('Deactivated').first().waitFor();
  expect((await t.db.query(`select status from users where id = $1`, [ada.id]))[0]!.status).toBe('deactivated');

  await admin.goto(`${base}/`);
  await admin.getByRole('link', { name: 'Ada Lovelace' }).first().waitFor();
  await admin.screenshot({ path: path.join(resultsDir(), 'people-list.png'), fullPage: true });
});
