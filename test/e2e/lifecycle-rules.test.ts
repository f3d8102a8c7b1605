import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../helpers/harness';
import { expectAccessible, signIn, startBrowserApp } from './helpers';

/**
 * A lifecycle rule from Settings (docs/decisions/024-lifecycle-rules.md): preview who it would deactivate,
 * switch it on, run it now, see the people it changed, then undo the run.
 */
let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp());
  await t.db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, status, confirmed_at, last_sign_in_at)
     select 'idle' || i, 'idlejourney' || i || '@example.com', 'idlejourney' || i || '@example.com', 'Person' || i,
            'Idlejourney', 'confirmed', now() - interval '200 days', now() - interval '100 days'
       from generate_series(1, 3) as i`,
  );
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const statuses = async () =>
  (await t.db.query<{ status: string }>(`select status from users where last_name = 'Idlejourney'`)).map(
    (r) => r.status,
  );

it('previews, switches on, runs and undoes a lifecycle rule', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base);
  await page.getByRole('link', { name: 'Lifecycle rules' }).click();
  const rule = page.getByRole('region', { name: 'Deactivate inactive people' });
  // Switching on needs a preview first.
  await expect.poll(() => rule.getByRole('switch', { name: 'Switched on' }).isDisabled()).toBe(true);
  await rule.getByRole('button', { name: 'Preview' }).click();
  await rule.getByText('3 people would be affected now.').waitFor();
  expect(await rule.getByRole('row').count()).toBe(4);
  await expectAccessible(page, 'the lifecycle rule preview');
  expect(await statuses()).toEqual(['confirmed', 'confirmed', 'confirmed']);

  await rule.getByRole('switch', { name: 'Switched on' }).click();
  await page.getByRole('dialog').getByText('it would affect 3 people now').waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Switch on' }).click();
  await rule.getByText('On', { exact: true }).waitFor();

  await rule.getByRole('button', { name: 'Run now' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run now' }).click();
  const runs = page.getByRole('table', { name: 'Rule runs' });
  await runs.getByText('3 changed').waitFor({ timeout: 30_000 });
  expect(await statuses()).toEqual(['deactivated', 'deactivated', 'deactivated']);

  await runs.getByRole('button', { name: 'People' }).click();
  await page.getByRole('dialog').getByText('idlejourney2@example.com', { exact: false }).waitFor();
  await page.keyboard.press('Escape');

  await runs.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Undo' }).click();
  await runs.getByText('Undone (3 put back)').waitFor({ timeout: 30_000 });
  expect(await statuses()).toEqual(['confirmed', 'confirmed', 'confirmed']);
  await expectAccessible(page, 'the lifecycle rule after undo');
}, 300_000);
