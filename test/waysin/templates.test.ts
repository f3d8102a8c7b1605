import { describe, expect, it } from 'vitest';
import { LANGUAGES, MAIL_KINDS, pickLang, WORDS } from '../../src/server/modules/mail/i18n';
import { setPublicUrl } from '../../src/server/modules/mail/links';
import {
  deactivationNoticeEmail,
  invitationEmail,
  joinRequestDecisionEmail,
  passwordResetEmail,
  renderMail,
  signupDecisionEmail,
  signupExistingAccountEmail,
  signupVerificationEmail,
} from '../../src/server/modules/mail/templates';

const ACME = { organisationName: 'Acme', defaultLanguage: 'en' as const };

describe('email templates', () => {
  it('has every kind in every language, each with a subject and a text and HTML part', () => {
    for (const lang of LANGUAGES)
      for (const kind of MAIL_KINDS) {
        const m = renderMail(
          kind,
          lang,
          {
            firstName: 'Zoé',
            org: 'Acme',
            team: 'Sales',
            expiresOn: 'x',
            validFor: 'y',
            // the notification kinds' own values
            reportName: 'Sam',
            until: 'z',
            reason: 'r',
            device: 'd',
            signedInAt: 's',
            changedAt: 'c',
            pendingSignups: '1',
            failedImports: '0',
            scimErrors: '0',
            webhooksDisabled: '0',
            webhookUrl: 'w',
            since: 'n',
          },
          'https://r.example/x',
        );
        expect(m.subject).not.toMatch(/[{}]/);
        expect(m.text).not.toMatch(/[{}]/);
        expect(m.text).toContain('Zoé');
        expect(m.html).toContain(`<html lang="${lang}">`);
        expect(m.html).toContain('Zoé');
      }
  });

  it("every language's words (mail/lang/<language>.json) have English's keys, no more, with the same placeholders", () => {
    const texts = (tree: unknown, path = ''): Map<string, string> =>
      typeof tree === 'string'
        ? new Map([[path, tree]])
        : new Map(Object.entries(tree as object).flatMap(([k, v]) => [...texts(v, path ? `${path}.${k}` : k)]));
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const english = texts(WORDS.en);
    for (const lang of LANGUAGES) {
      const own = texts(WORDS[lang]);
      expect([...own.keys()].sort(), lang).toEqual([...english.keys()].sort());
      for (const [key, text] of own) {
        if (english.get(key) !== '') expect(text.trim(), `${lang} ${key} is empty`).not.toBe('');
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(english.get(key) ?? ''));
      }
    }
  });

  it('chooses the language from the recipient, else the organisation default', () => {
    expect(pickLang('fr-CA', 'en')).toBe('fr');
    expect(pickLang('FR', 'en')).toBe('fr');
    expect(pickLang('de-AT', 'en')).toBe('de');
    expect(pickLang('es', 'en')).toBe('en');
    expect(pickLang(null, 'fr')).toBe('fr');
    expect(pickLang('pt', 'de')).toBe('de');
  });

  it('writes German, dates and durations included', () => {
    const inv = invitationEmail({
      to: { firstName: 'Jörg', language: 'de' },
      org: ACME,
      token: 't',
      expiresAt: new Date('2030-01-15T00:00:00Z'),
    });
    expect(inv.subject).toBe('Ihre Einladung zu Acme');
    expect(inv.text).toContain('gilt bis zum 15. Januar 2030');
    expect(inv.html).toContain('<html lang="de">');
    const reset = passwordResetEmail({ to: { firstName: '', language: 'de' }, org: ACME, token: 'r', validHours: 2 });
    expect(reset.text).toMatch(/^Hallo zusammen,/);
    expect(reset.text).toContain('gilt 2 Stunden');
    // Someone with no language gets the organisation's.
    expect(deactivationNoticeEmail({ to: { firstName: 'A' }, org: { ...ACME, defaultLanguage: 'de' } }).subject).toBe(
      'Ihr Konto bei Acme wurde deaktiviert',
    );
  });

  it('builds every link from PUBLIC_URL and escapes HTML', () => {
    setPublicUrl('https://people.example.com/');
    const to = { firstName: '<b>Ann</b>', language: 'fr' };
    const inv = invitationEmail({ to, org: ACME, token: 'tok', expiresAt: new Date('2030-01-15T00:00:00Z') });
    expect(inv.subject).toBe('Votre invitation à Acme');
    expect(inv.text).toContain('https://people.example.com/invite/tok');
    // French puts a space before the colon of the link line; English does not.
    expect(inv.text).toMatch(/\S : https:\/\/people\.example\.com\/invite\/tok/);
    expect(invitationEmail({ to: { firstName: 'A' }, org: ACME, token: 'tok', expiresAt: new Date() }).text).toMatch(
      /\S: https:\/\/people\.example\.com\/invite\/tok/,
    );
    expect(inv.text).toContain('15 janvier 2030');
    expect(inv.html).toContain('&lt;b&gt;Ann&lt;/b&gt;');
    expect(inv.html).not.toContain('<b>Ann');
    expect(
      invitationEmail({ to: { firstName: 'A' }, org: ACME, token: 't', expiresAt: new Date(), reminder: true }).subject,
    ).toMatch(/^Reminder/);
    expect(passwordResetEmail({ to: { firstName: 'A' }, org: ACME, token: 'r', validHours: 1 }).text).toContain(
      'https://people.example.com/reset-password/r',
    );
    expect(passwordResetEmail({ to: { firstName: 'A' }, org: ACME, token: 'r', validHours: 1 }).text).toContain(
      '1 hour',
    );
    expect(
      signupVerificationEmail({ to: { firstName: 'A', language: 'fr' }, org: ACME, token: 's', validHours: 24 }).text,
    ).toContain('https://people.example.com/signup/verify/s');
    expect(signupExistingAccountEmail({ to: { firstName: 'A' }, org: ACME }).text).toContain(
      'https://people.example.com/login',
    );
    expect(signupDecisionEmail({ to: { firstName: 'A' }, org: ACME, approved: false }).text).not.toContain('http');
    const join = joinRequestDecisionEmail({
      to: { firstName: 'A', language: 'fr' },
      org: ACME,
      teamName: 'Ventes',
      approved: true,
    });
    expect(join.subject).toBe('Vous avez rejoint l’équipe Ventes');
    expect(join.text).toContain('https://people.example.com/');
    expect(deactivationNoticeEmail({ to: { firstName: 'A', language: 'fr' }, org: ACME }).subject).toBe(
      'Votre compte Acme a été désactivé',
    );
    setPublicUrl('http://127.0.0.1:3000');
  });
});
