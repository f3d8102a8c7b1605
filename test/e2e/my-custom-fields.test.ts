import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { OWNER, insertUser, type Client, type TestApp } from '../helpers/harness';
import { expectAccessible, signIn, startBrowserApp } from './helpers';

// My profile → the custom fields a person may fill in themselves: only those marked "People may edit their
// own value" are offered; a value of the wrong kind shows the server's refusal at the field; a good one is saved.

let t: TestApp;
let base: string;
let browser: Browser;
let owner: Client;

beforeAll(async () => {
  ({ t, base, browser } = await startBrowserApp());
  owner = await t.as(OWNER.email, OWNER.password);
  for (const field of [
    { key: 'pronouns', label: 'Pronouns', type: 'text', editableByUser: true },
    { key: 'desk_number', label: 'Desk number', type: 'number', editableByUser: true },
    { key: 'cost_centre', label: 'Cost centre', type: 'text' },
  ])
    expect((await owner.post('/api/v1/custom-fields', field)).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

it('a person fills in the custom fields they may edit on My profile, and only those', async () => {
  const person = await insertUser(t.db, {
    email: 'lea.learner@example.com',
    firstName: 'Léa',
    lastName: 'Learner',
    password: 'password-1234',
  });
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base, { email: 'lea.learner@example.com', password: 'password-1234' });
  await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
  const section = page.getByRole('form', { name: 'More about me' });
  await section.getByLabel('Pronouns').waitFor();
  expect(await section.getByLabel('Cost centre').count()).toBe(0);
  await expectAccessible(page, 'My profile with editable custom fields');

  // Not a number: the server's refusal shows at the field, and nothing is saved.
  await section.getByLabel('Desk number').fill('twelve');
  await section.getByRole('button', { name: 'Save these fields' }).click();
  await section.getByText('Expected a number.').waitFor();

  await section.getByLabel('Desk number').fill('12');
  await section.getByLabel('Pronouns').fill('she/her');
  await section.getByRole('button', { name: 'Save these fields' }).click();
  await page.getByText('Your fields were saved.').waitFor();
  const [row] = await t.db.query<{ custom_fields: Record<string, unknown> }>(
    `select custom_fields from users where id = $1`,
    [person.id],
  );
  expect(row!.custom_fields).toEqual({ pronouns: 'she/her', desk_number: 12 });

  // Kept after a reload.
  await page.reload();
  expect(await page.getByRole('form', { name: 'More about me' }).getByLabel('Pronouns').inputValue()).toBe('she/her');
  await page.context().close();
});
