import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { OWNER, insertUser, type TestApp } from '../helpers/harness';
import { expectAccessible, startBrowserApp } from './helpers';

/** Home (docs/decisions/020-insight.md): the first-run checklist of a fresh install, then the charts and their links. */
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

async function signInOwner(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Home is where Owners land.
  await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  return page;
}

const api = async (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ([method, path, body]) => {
      const session = await (await fetch('/api/v1/auth/session')).json();
      const res = await fetch(path as string, {
        method: method as string,
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    [method, path, body] as const,
  );

it('shows the first-run checklist on a fresh install until every step is done', async () => {
  const page = await signInOwner();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Home' }).click();
  const checklist = page.getByRole('region', { name: 'Get started' });
  await checklist.getByText('0 of 5 steps done').waitFor();
  await expectAccessible(page, 'Home on a fresh install');
  await checklist.getByRole('link', { name: 'Teams' }).click();
  await page.waitForURL(`${base}/teams`);

  // Each step, done the way an administrator would (through the API the pages use).
  expect((await api(page, 'POST', '/api/v1/teams', { name: 'Sales' })).status).toBe(201);
  const person = await api(page, 'POST', '/api/v1/users', { email: 'first@example.com', firstName: 'First' });
  expect(person.status).toBe(201);
  await page.goto(`${base}/home`);
  await checklist.getByText('2 of 5 steps done').waitFor();
  expect(await checklist.getByText('Create teams (done)').count()).toBe(1);

  expect((await api(page, 'POST', `/api/v1/users/${person.body.id}/invite`, {})).status).toBe(200);
  expect((await api(page, 'POST', '/api/v1/tokens', { name: 'HR', scopes: ['scim'] })).status).toBe(201);
  await t.db.query(
    `insert into settings (key, value) values ('sso', '{"issuer": "https://idp.example.com", "clientId": "roster"}')
     on conflict (key) do update set value = excluded.value`,
  );
  await page.reload();
  await page.getByRole('heading', { name: 'Seats' }).waitFor();
  expect(await page.getByRole('region', { name: 'Get started' }).count()).toBe(0);
});

it('draws the charts from the snapshots, links each number to the filtered People list, and reminds pending people', async () => {
  for (let i = 0; i < 3; i++)
    await insertUser(t.db, { status: 'invite_pending', firstName: `Pending${i}`, lastName: 'Test' });
  await t.db.query(`update users set invited_at = now() - interval '10 days' where first_name like 'Pending%'`);
  for (const [daysAgo, confirmed] of [
    [21, 1],
    [14, 2],
    [0, 2],
  ] as const)
    await t.db.query(
      `insert into insight_snapshots (day, taken_at, counts, signed_in_7d)
       values ((now() - make_interval(days => $1))::date, now(), $2, 1) on conflict (day) do nothing`,
      [daysAgo, JSON.stringify({ confirmed, invite_pending: 1 })],
    );
  await t.db.query(
    `insert into settings (key, value) values ('seatLimit', '4') on conflict (key) do update set value = excluded.value`,
  );

  const page = await signInOwner();
  await page.goto(`${base}/home`);
  const seats = page.getByRole('region', { name: 'Seats' });
  // Olive (confirmed), First (invited by the first test) and the three seeded pending people.
  await seats.getByText('of 4 seats used').waitFor();
  expect(await seats.getByText('5', { exact: true }).count()).toBe(1);
  await seats.getByText('You are over your 4 seats.').waitFor();
  await page.getByRole('region', { name: 'People by status' }).locator('.recharts-surface').first().waitFor();
  await page.getByRole('region', { name: 'Last 90 days' }).locator('.recharts-line').first().waitFor();
  await page.getByRole('region', { name: 'Sign-ins per week' }).locator('.recharts-bar-rectangle').first().waitFor();
  await expectAccessible(page, 'Home with charts');

  const funnel = page.getByRole('region', { name: 'Invitations' });
  await funnel.getByRole('button', { name: 'Remind all pending over 7 days' }).click();
  await page.getByRole('dialog', { name: 'Send reminders' }).getByRole('button', { name: 'Send reminders' }).click();
  await page.getByText('3 reminders sent.').waitFor();
  await funnel.getByText('0 over 7 days', { exact: false }).waitFor();

  await page.getByRole('region', { name: 'People by status' }).getByRole('link', { name: 'Invite pending: 4' }).click();
  await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
  expect(new URL(page.url()).searchParams.get('status')).toBe('invite_pending');

  await page.goto(`${base}/reports/pending-invitations`);
  await page.getByRole('table', { name: 'Pending invitations' }).getByRole('link', { name: 'Pending0 Test' }).waitFor();
  await expectAccessible(page, 'the pending invitations report');
});
