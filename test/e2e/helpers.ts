import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { OWNER, startTestApp, type TestApp } from '../helpers/harness';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with no background network traffic. Playwright gives it a fresh profile. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Fails with the list of violations when axe finds anything serious or critical on the page. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const lines = bad.map(
      (v) =>
        `- [${v.impact}] ${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join('; ')})`,
    );
    throw new Error(`Accessibility violations on ${label}:\n${lines.join('\n')}`);
  }
}

export function resultsDir(): string {
  const dir = path.resolve('test-results');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A test app listening on a loopback port, its base URL, and Chromium (close the browser, then stop the app). */
export async function startBrowserApp(
  env: Record<string, string> = {},
): Promise<{ t: TestApp; base: string; browser: Browser }> {
  const t = await startTestApp(env);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { t, base, browser: await launchChromium() };
}

/** Fills the sign-in form shown on `page` with `who`'s email and password and submits it. */
export async function submitSignIn(page: Page, who: { email: string; password: string } = OWNER): Promise<void> {
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Opens the sign-in page of the app at `base` and signs in as `who` (the Owner unless told), returning once the
 * app has left the sign-in page: a `goto` straight after must not race the session cookie (it would land on the
 * sign-in page again).
 */
export async function signIn(page: Page, base: string, who?: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/login`);
  await submitSignIn(page, who);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
