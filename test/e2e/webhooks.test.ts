import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { runWebhooks } from '../../src/server/modules/webhooks/deliver';
import { createUser, uniqueEmail } from '../helpers/api';
import { OWNER, type TestApp } from '../helpers/harness';
import { expectAccessible, signIn, startBrowserApp } from './helpers';

/**
 * Webhooks from the admin's side: a webhook made in Settings → Webhooks for a receiver started here, its signing
 * secret shown once; a change sends a signed delivery; the receiver's 500 shows in the delivery log, and
 * "Retry now" sends the same delivery (same webhook-id) again, which then succeeds.
 */
let t: TestApp;
let browser: Browser;
let base: string;

interface Got {
  headers: http.IncomingHttpHeaders;
  body: string;
}
const got: Got[] = [];
let answerStatus = 500;
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    got.push({ headers: req.headers, body });
    res.statusCode = answerStatus;
    res.end();
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  ({ t, base, browser } = await startBrowserApp({ WEBHOOK_ALLOW_PRIVATE: 'true' }));
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

it('creates a webhook, shows its secret once, logs a failed delivery and retries it with the same id', async () => {
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/roster`;
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Webhooks' }).click();
  await page.getByTestId('webhooks-empty').waitFor();
  await expectAccessible(page, 'the webhooks page (empty)');

  await page.getByRole('button', { name: 'New webhook' }).click();
  await page.getByRole('textbox', { name: 'Receiver URL' }).fill(url);
  await page.getByRole('textbox', { name: 'Description' }).fill('Learning platform');
  await page.getByRole('button', { name: 'Create webhook' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy the signing secret now' });
  await dialog.getByText('This is the only time the secret is shown').waitFor();
  const secret = await dialog.getByRole('textbox', { name: 'Signing secret' }).inputValue();
  expect(secret).toMatch(/^whsec_/);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'hidden' });
  // Shown once: the page no longer carries it.
  expect(await page.content()).not.toContain(secret);

  // A change publishes an event; the job delivers it, signed, and the receiver answers 500.
  const owner = await t.as(OWNER.email, OWNER.password);
  const person = await createUser(owner, { email: uniqueEmail('hooked'), firstName: 'Hook' });
  await runWebhooks(t.db);
  const first = got.find((g) => {
    const e = JSON.parse(g.body);
    return e.type === 'user.created' && e.subject.id === person.id;
  });
  expect(first, 'the receiver got the user.created event').toBeDefined();
  const webhookId = String(first!.headers['webhook-id']);
  // Signed with the secret the page showed (throws if not).
  new Webhook(secret).verify(first!.body, {
    'webhook-id': webhookId,
    'webhook-timestamp': String(first!.headers['webhook-timestamp']),
    'webhook-signature': String(first!.headers['webhook-signature']),
  });
  const deliveryRow = () => page.getByRole('row').filter({ hasText: `#${JSON.parse(first!.body).id} · ${webhookId}` });

  await page.getByRole('link', { name: url }).click();
  await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
  const row = deliveryRow();
  await row.getByText('pending').waitFor();
  await row.getByRole('cell', { name: '500', exact: true }).waitFor();
  await row.getByText('The receiver answered 500.').waitFor();
  await expectAccessible(page, 'the delivery log');

  // Retry now: the same delivery, under the same webhook-id, and this time it succeeds.
  answerStatus = 200;
  const before = got.length;
  await row.getByRole('button', { name: /^Retry delivery of event .* now$/ }).click();
  await page.getByText('The delivery will be sent again within seconds.').waitFor();
  await runWebhooks(t.db);
  const again = got.slice(before).find((g) => g.headers['webhook-id'] === webhookId);
  expect(again, 'the retry carries the same webhook-id').toBeDefined();
  await page.reload();
  const retried = deliveryRow();
  await retried.getByText('succeeded').waitFor();
  await retried.getByRole('cell', { name: '200', exact: true }).waitFor();
});
