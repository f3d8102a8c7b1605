import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { OWNER, insertUser, type Client, type TestApp } from '../helpers/harness';
import { startSmtp, type TestSmtp } from '../waysin/smtp';
import { setPublicUrl } from '../../src/server/modules/invitations/invitations';
import { startBrowserApp, submitSignIn } from './helpers';

// The UI in French and German (docs/decisions/021-languages.md), in Chromium: the sign-in page follows the
// browser and its language switch, the People list follows the Owner's profile language (words, plurals,
// dates, numbers), and an invitation opens in the invited person's language, while a browser in a language
// Roster does not speak gets the organisation's default. Each page is also checked for English left behind.

/** What each page must show in each language: the translations, written out so a missing one fails here. */
const WORDS = {
  fr: {
    locale: 'fr-FR',
    signInTitle: 'Connexion',
    signInButton: 'Se connecter',
    languageLabel: 'Langue',
    peopleTitle: 'Personnes',
    search: 'Rechercher des personnes',
    statusFilter: 'Statut',
    statusGroup: 'Filtrer par statut',
    notInvited: 'Non invité',
    confirmed: 'Confirmé',
    selectAll: 'Sélectionner toutes les personnes affichées',
    selectedOne: '1 personne sélectionnée',
    selectedMany: (n: string) => `${n} personnes sélectionnées`,
    selectAllMatching: (n: string) => `Sélectionner les ${n} personnes correspondantes`,
    created: 'Créé le',
    date: '15 mars 2026',
    acceptButton: "Accepter l'invitation",
    confirmPassword: 'Confirmez le mot de passe',
    password: 'Mot de passe',
    meTitle: 'Mon profil',
    saveProfile: 'Enregistrer le profil',
    settingsTitle: 'Paramètres',
    saveSettings: 'Enregistrer les paramètres',
    newApiToken: "Nouveau jeton d'API",
  },
  de: {
    locale: 'de-DE',
    signInTitle: 'Anmelden',
    signInButton: 'Anmelden',
    languageLabel: 'Sprache',
    peopleTitle: 'Personen',
    search: 'Personen suchen',
    statusFilter: 'Status',
    statusGroup: 'Nach Status filtern',
    notInvited: 'Nicht eingeladen',
    confirmed: 'Bestätigt',
    selectAll: 'Alle angezeigten Personen auswählen',
    selectedOne: '1 Person ausgewählt',
    selectedMany: (n: string) => `${n} Personen ausgewählt`,
    selectAllMatching: (n: string) => `Alle ${n} passenden Personen auswählen`,
    created: 'Erstellt',
    date: '15. März 2026',
    acceptButton: 'Einladung annehmen',
    confirmPassword: 'Passwort bestätigen',
    password: 'Passwort',
    meTitle: 'Mein Profil',
    saveProfile: 'Profil speichern',
    settingsTitle: 'Einstellungen',
    saveSettings: 'Einstellungen speichern',
    newApiToken: 'Neues API-Token',
  },
} as const;
type Lang = keyof typeof WORDS;

/** English that must be gone once a page is translated (each is on the English page). */
const ENGLISH = {
  signIn: ['Sign in', 'Forgot password?', 'Language'],
  people: ['Search people', 'Add person', 'Any status', 'Filter by status', 'Newest first', 'Not invited', 'Created'],
  invite: ['Accept invitation', 'Confirm password', 'Welcome'],
  me: [
    'My profile',
    'Save profile',
    'First name',
    'Time zone',
    'Change password',
    'Current password',
    'Where you are signed in',
    'This browser',
    'Email me my data',
    'Sign-in security',
  ],
  settings: [
    'Settings',
    'Organisation name',
    'Default language',
    'Save settings',
    'Minimum password strength',
    'Seats in the contract',
    'Custom fields',
    'Add custom field',
    'API tokens',
    'New API token',
  ],
};

/** Fails with the English words still shown on `page`. */
async function expectNoEnglish(page: Page, words: string[]): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(words.filter((w) => new RegExp(`\\b${w.replace(/[?]/g, '\\?')}\\b`).test(text))).toEqual([]);
}

const BULK = 1200;
let t: TestApp;
let base: string;
let browser: Browser;
let smtp: TestSmtp;
let owner: Client;

beforeAll(async () => {
  smtp = await startSmtp();
  ({ t, base, browser } = await startBrowserApp({ SMTP_URL: smtp.url }));
  setPublicUrl(base);
  owner = await t.as(OWNER.email, OWNER.password);
  // Enough people for a count with a thousands separator, and one with a known creation date.
  await t.db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, role, status)
     select gen_random_uuid(), 'many' || g || '@example.com', 'many' || g || '@example.com', 'Many', 'Person ' || g,
            'learner', 'not_invited'
       from generate_series(1, ${BULK}) g`,
  );
  const zoe = await insertUser(t.db, { firstName: 'Zoé', lastName: 'Zeta' });
  await t.db.query(`update users set created_at = '2026-03-15T12:00:00Z' where id = $1`, [zoe.id]);
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await smtp?.close();
});

async function pageIn(locale: string): Promise<Page> {
  return (await browser.newContext({ locale })).newPage();
}

describe.each(['fr', 'de'] as const)('the UI in %s', (lang: Lang) => {
  const w = WORDS[lang];
  const other: Lang = lang === 'fr' ? 'de' : 'fr';

  it("the sign-in page follows the browser's language, and its switch changes it", async () => {
    // The organisation's default is another language: the browser's comes first.
    expect((await owner.patch('/api/v1/settings', { defaultLanguage: other })).status).toBe(200);
    const page = await pageIn(w.locale);
    await page.goto(`${base}/login`);
    await page.getByRole('heading', { name: w.signInTitle, level: 1 }).waitFor();
    await page.getByRole('button', { name: w.signInButton }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    await expectNoEnglish(page, ENGLISH.signIn);

    await page.getByLabel(w.languageLabel).selectOption(other);
    await page.getByRole('heading', { name: WORDS[other].signInTitle, level: 1 }).waitFor();
    await page.getByRole('button', { name: WORDS[other].signInButton }).waitFor();
    // The choice is kept on this device.
    await page.reload();
    await page.getByRole('heading', { name: WORDS[other].signInTitle, level: 1 }).waitFor();
    await page.context().close();
  });

  it('an Owner whose profile says so sees the People list in that language, dates and numbers included', async () => {
    expect((await owner.patch('/api/v1/me', { language: lang })).status).toBe(200);
    const total = (await owner.get('/api/v1/users?limit=1')).body.total as number;
    expect(total).toBeGreaterThan(BULK);
    const number = (n: number) => new Intl.NumberFormat(lang).format(n);

    // An English browser: the profile's language wins.
    const page = await pageIn('en-US');
    // Owners land on Home; this journey asks for the People list.
    await page.goto(`${base}/login?next=%2F`);
    await submitSignIn(page);
    await page.getByRole('heading', { name: w.peopleTitle, level: 1 }).waitFor();
    await page.getByLabel(w.search).waitFor();
    await page.getByLabel(w.statusFilter, { exact: true }).first().waitFor();
    const statuses = page.getByRole('group', { name: w.statusGroup });
    await statuses.getByRole('button', { name: new RegExp(`^${w.notInvited} ?: \\d`) }).waitFor();
    await statuses.getByRole('button', { name: new RegExp(`^${w.confirmed} ?: \\d`) }).waitFor();
    await statuses.getByText(number(total), { exact: true }).waitFor();
    expect(number(total)).toMatch(lang === 'fr' ? /^1\u202f2\d\d$/ : /^1\.2\d\d$/);
    await page.getByRole('columnheader', { name: w.created }).waitFor();
    await expectNoEnglish(page, ENGLISH.people);

    // Counts with plurals: one person, then the page, then everyone matching.
    const rows = page.getByRole('row');
    await rows.nth(1).getByRole('checkbox').check();
    await page.getByText(w.selectedOne, { exact: true }).waitFor();
    await page.getByRole('checkbox', { name: w.selectAll }).check();
    await page.getByText(w.selectedMany('50'), { exact: true }).waitFor();
    await page.getByRole('button', { name: w.selectAllMatching(number(total)) }).waitFor();

    // A date in the language's own format.
    await page.getByLabel(w.search).fill('Zeta');
    await page.getByRole('row').filter({ hasText: 'Zoé Zeta' }).getByText(w.date, { exact: true }).waitFor();
    await page.context().close();
  });

  it('an Owner whose profile says so sees My profile and Settings in that language, and switches language there', async () => {
    expect((await owner.patch('/api/v1/me', { language: lang })).status).toBe(200);
    const page = await pageIn('en-US');
    await page.goto(`${base}/login?next=%2Fme`);
    await submitSignIn(page);
    await page.getByRole('heading', { name: w.meTitle, level: 1 }).waitFor();
    await page.getByRole('button', { name: w.saveProfile }).waitFor();
    // The profile's language: each language named in itself, whatever the page's language.
    const language = page.getByRole('combobox', { name: w.languageLabel });
    expect(await language.inputValue()).toBe(lang);
    const offered = await language.locator('option').allTextContents();
    expect(offered).toEqual(expect.arrayContaining(['English', 'Français', 'Deutsch']));
    await expectNoEnglish(page, ENGLISH.me);

    await page.goto(`${base}/settings`);
    await page.getByRole('heading', { name: w.settingsTitle, level: 1 }).waitFor();
    await page.getByRole('button', { name: w.saveSettings }).waitFor();
    await page.getByRole('button', { name: w.newApiToken }).waitFor();
    await expectNoEnglish(page, ENGLISH.settings);

    // Another language chosen on My profile applies as soon as it is saved, without reloading.
    await page.goto(`${base}/me`);
    await page.getByRole('combobox', { name: w.languageLabel }).selectOption(other);
    await page.getByRole('button', { name: w.saveProfile }).click();
    await page.getByRole('heading', { name: WORDS[other].meTitle, level: 1 }).waitFor();
    await page.getByRole('button', { name: WORDS[other].saveProfile }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(other);
    expect((await owner.get('/api/v1/me')).body.language).toBe(other);
    await page.context().close();
  });

  it("an invitation opens in the invited person's language; an unknown browser language gets the organisation's", async () => {
    expect((await owner.patch('/api/v1/settings', { defaultLanguage: other })).status).toBe(200);
    const email = `invitee-${lang}@example.com`;
    const created = await owner.post('/api/v1/users', {
      email,
      firstName: 'Ines',
      lastName: 'Invitee',
      language: lang,
      invite: 'now',
    });
    expect(created.status).toBe(201);
    await t.sweep();
    let link = '';
    await expect
      .poll(
        async () => {
          try {
            link = smtp.linkTo(email, /https?:\/\/\S+\/invite\/[A-Za-z0-9._-]+/);
            return true;
          } catch {
            await t.sweep();
            return false;
          }
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(link.startsWith(`${base}/invite/`)).toBe(true);

    // A browser in Japanese, which Roster does not speak: the invitation's person decides.
    const invitee = await pageIn('ja-JP');
    await invitee.goto(link);
    await invitee.getByRole('button', { name: w.acceptButton }).waitFor();
    await invitee.getByLabel(w.confirmPassword).waitFor();
    expect(await invitee.evaluate(() => document.documentElement.lang)).toBe(lang);
    await expectNoEnglish(invitee, ENGLISH.invite);
    await invitee.getByLabel(w.password, { exact: true }).fill('ines-strong-password');
    await invitee.getByLabel(w.confirmPassword).fill('ines-strong-password');
    await invitee.getByRole('button', { name: w.acceptButton }).click();
    await invitee.waitForURL((url) => !url.pathname.startsWith('/invite/'));
    await invitee.context().close();

    // Nobody known, the same Japanese browser: the organisation's default language.
    const stranger = await pageIn('ja-JP');
    await stranger.goto(`${base}/login`);
    await stranger.getByRole('heading', { name: WORDS[other].signInTitle, level: 1 }).waitFor();
    await stranger.getByRole('button', { name: WORDS[other].signInButton }).waitFor();
    await expectNoEnglish(stranger, ENGLISH.signIn);
    await stranger.context().close();
  });
});

it('a German Owner lands on Home in German: cards, counts and the schedule form', async () => {
  expect((await owner.patch('/api/v1/me', { language: 'de' })).status).toBe(200);
  const notInvited = (await owner.get('/api/v1/reports/summary')).body.counts.not_invited as number;
  expect(notInvited).toBeGreaterThanOrEqual(BULK);

  // An English browser: the profile's language wins, and Owners land on Home.
  const page = await pageIn('en-US');
  await page.goto(`${base}/login`);
  await submitSignIn(page);
  await page.getByRole('heading', { name: 'Startseite', level: 1 }).waitFor();
  for (const card of ['Lizenzen', 'Personen nach Status', 'Letzte 90 Tage', 'Einladungen', 'Anmeldungen pro Woche'])
    await page.getByRole('region', { name: card }).waitFor();
  await page
    .getByRole('region', { name: 'Einladungen' })
    .getByText(/^Letzte 90 Tage: \d+ gesendet/)
    .waitFor();
  // A count with the German thousands separator, after the status's German name.
  const status = page.getByRole('list', { name: 'Personen nach Status' });
  await status
    .getByRole('link', { name: `Nicht eingeladen: ${new Intl.NumberFormat('de').format(notInvited)}` })
    .waitFor();
  const schedules = page.getByRole('region', { name: 'Diesen Bericht per E-Mail senden' });
  await schedules.getByRole('button', { name: 'Versand hinzufügen' }).waitFor();
  await schedules.getByText('Wie oft', { exact: true }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
  await expectNoEnglish(page, ENGLISH_HOME);
  await page.context().close();
});

/** English that must be gone from Home once it is in German (each is on the English page). */
const ENGLISH_HOME = [
  'Home',
  'Seats',
  'seats used',
  'Counted',
  'Seats forecast',
  'People by status',
  'Last 90 days',
  'Invitations',
  'sent',
  'pending',
  'Sign-ins per week',
  'signed in during the last 7 days',
  'Upcoming end dates',
  'Recent changes',
  'No status changes yet',
  'Get started',
  'steps done',
  'Email this report',
  'How often',
  'Recipients',
  'Add schedule',
  'Reports',
];
