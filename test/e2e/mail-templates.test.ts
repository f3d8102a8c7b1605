import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { OWNER, type TestApp } from '../helpers/harness';
import { startSmtp, type TestSmtp } from '../waysin/smtp';
import { expectAccessible, signIn, startBrowserApp } from './helpers';

/**
 * Editable mail from the admin's side (Settings → Mail): edit a template, the preview shows the edit with sample
 * values, "Send me a test" queues it to the admin, and the mail read from a real SMTP server carries the edit.
 */
let t: TestApp;
let browser: Browser;
let base: string;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  ({ t, base, browser } = await startBrowserApp({ SMTP_URL: smtp.url }));
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await smtp?.close();
});

it('edits the German invitation, previews it and sends a test that arrives with the edited text', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Mail templates' }).click();
  await page.getByRole('heading', { name: 'Mail templates', level: 1 }).waitFor();

  await page.getByRole('combobox', { name: 'Mail', exact: true }).click();
  await page.getByRole('combobox', { name: 'Mail', exact: true }).fill('Invitation (de)');
  await page.getByRole('option', { name: 'Invitation (de)', exact: true }).click();
  const subject = page.getByRole('textbox', { name: 'Subject' });
  await subject.waitFor();
  expect(await subject.inputValue()).toBe('Ihre Einladung zu {{org}}');
  await expectAccessible(page, 'the mail templates page');

  await subject.fill('Willkommen im Team, {{firstName}}!');
  const text = page.getByRole('textbox', { name: 'Text' });
  await text.fill(
    'Hallo {{firstName}},\n\nschön, dass Sie bald bei {{org}} sind.{{#url}}\n\nLos geht’s: {{url}}{{/url}}\n',
  );

  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await preview.getByText('Willkommen im Team, Kim!').waitFor();
  expect(await preview.getByTestId('text-preview').textContent()).toContain('schön, dass Sie bald bei Roster sind.');

  await page.getByRole('button', { name: 'Send me a test' }).click();
  await page.getByText(`Test queued to ${OWNER.email}.`).waitFor();
  await t.sweep();
  const mail = smtp.messages.find((m) => m.to.includes(OWNER.email));
  expect(mail, 'the test mail reached the SMTP server').toBeDefined();
  expect(mail!.subject).toBe('[Test] Willkommen im Team, Kim!');
  expect(mail!.text).toContain('Hallo Kim,');
  expect(mail!.text).toContain('schön, dass Sie bald bei Roster sind.');
  expect(mail!.text).toContain('Los geht’s: http');
});

it('saves an edited template, then resets it to the built-in wording after a confirmation', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base);
  await page.goto(`${base}/settings/mail`);
  await page.getByRole('combobox', { name: 'Mail', exact: true }).click();
  await page.getByRole('combobox', { name: 'Mail', exact: true }).fill('Invitation (fr)');
  await page.getByRole('option', { name: 'Invitation (fr)', exact: true }).click();
  const subject = page.getByRole('textbox', { name: 'Subject' });
  await subject.waitFor();
  const builtIn = await subject.inputValue();

  await subject.fill('Bienvenue, {{firstName}} !');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Template saved.').waitFor();
  await page.getByText('Edited', { exact: true }).waitFor();

  await page.getByRole('button', { name: 'Reset to default' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset to the built-in template?' });
  await dialog.getByText('The edited version stays in the history').waitFor();
  await dialog.getByRole('button', { name: 'Reset', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByText('Built-in', { exact: true }).waitFor();
  expect(await subject.inputValue()).toBe(builtIn);
});
