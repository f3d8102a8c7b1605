import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { insertUser, type TestApp } from '../helpers/harness';
import { expectAccessible, signIn, startBrowserApp } from './helpers';

/** The audit page: actors by name (a person, the HR sync token), and the person picker as a filter. */
let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp());
  const pat = await insertUser(t.db, { email: 'pat.picker@example.com', firstName: 'Pat', lastName: 'Picker' });
  const owner = (await t.db.query<{ id: string }>(`select id from users where role = 'owner' limit 1`))[0]!;
  const token = randomUUID();
  await t.db.query(
    `insert into api_tokens (id, name, token_hash, scopes, created_by) values ($1, 'Workday', $2, '["scim"]', $3)`,
    [token, `hash-${token}`, owner.id],
  );
  await t.db.query(
    `insert into audit_log (actor_id, actor_type, action, target_type, target_id)
     values ($1, 'token', 'user.created', 'user', $2), ($2, 'user', 'user.updated', 'user', $2)`,
    [token, pat.id],
  );
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

it("shows the HR sync token's name as the actor and filters by a picked person", async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto(`${base}/audit`);
  const table = page.getByRole('table', { name: 'Audit log entries' });
  await table.getByText("HR sync token 'Workday'").waitFor({ timeout: 30_000 });
  await table.getByRole('link', { name: 'Pat Picker' }).first().waitFor();
  // No actor is a bare id.
  expect(await table.textContent()).not.toMatch(/[0-9a-f]{8}…/);
  await expectAccessible(page, 'the audit log');

  // The first person picker is "Done by (person)"; the second, "About (person)", has the same placeholder.
  await page.getByPlaceholder('Search by name or email').first().fill('pat');
  await page.getByRole('option', { name: 'Pat Picker · pat.picker@example.com' }).click();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
  expect(await table.textContent()).toContain('user.updated');
  expect(await table.textContent()).not.toContain('Workday');

  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByPlaceholder('Choose a token').click();
  await page.getByRole('option', { name: 'Workday (HR sync)' }).click();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
  expect(await table.textContent()).toContain("HR sync token 'Workday'");
  // The export stays.
  await page.getByRole('button', { name: /Export/ }).waitFor();
}, 120_000);
