import { describe, expect, it } from 'vitest';
import { LANGUAGES, WORDING, pickLang, type MailKind } from '../../src/server/modules/mail/i18n';
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

describe('email templates', () => {
  it('has every kind in every language, each with a subject and a text and HTML part', () => {
    for (const lang of LANGUAGES)
      for (const kind of Object.keys(WORDING.en) as MailKind[]) {
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

  it('chooses the language from the recipient and falls back to English', () => {
    expect(pickLang('fr-CA')).toBe('fr');
    expect(pickLang('FR')).toBe('fr');
    expect(pickLang('de')).toBe('en');
    expect(pickLang(null)).toBe('en');
  });

  it('builds every link from PUBLIC_URL and escapes HTML', () => {
    setPublicUrl('https://people.example.com/');
    const to = { firstName: '<b>Ann</b>', language: 'fr' };
    const inv = invitationEmail({ to, org: 'Acme', token: 'tok', expiresAt: new Date('2030-01-15T00:00:00Z') });
    expect(inv.subject).toBe('Votre invitation à Acme');
    expect(inv.text).toContain('https://people.example.com/invite/tok');
    expect(inv.text).toContain('15 janvier 2030');
    expect(inv.html).toContain('&lt;b&gt;Ann&lt;/b&gt;');
    expect(inv.html).not.toContain('<b>Ann');
    expect(
      invitationEmail({ to: { firstName: 'A' }, org: 'Acme', token: 't', expiresAt: new Date(), reminder: true })
        .subject,
    ).toMatch(/^Reminder/);
    expect(passwordResetEmail({ to: { firstName: 'A' }, org: 'Acme', token: 'r', validHours: 1 }).text).toContain(
      'https://people.example.com/reset-password/r',
    );
    expect(passwordResetEmail({ to: { firstName: 'A' }, org: 'Acme', token: 'r', validHours: 1 }).text).toContain(
      '1 hour',
    );
    expect(
      signupVerificationEmail({ to: { firstName: 'A', language: 'fr' }, org: 'Acme', token: 's', validHours: 24 }).text,
    ).toContain('https://people.example.com/signup/verify/s');
    expect(signupExistingAccountEmail({ to: { firstName: 'A' }, org: 'Acme' }).text).toContain(
      'https://people.example.com/login',
    );
    expect(signupDecisionEmail({ to: { firstName: 'A' }, org: 'Acme', approved: false }).text).not.toContain('http');
    const join = joinRequestDecisionEmail({
      to: { firstName: 'A', language: 'fr' },
      org: 'Acme',
      teamName: 'Ventes',
      approved: true,
    });
    expect(join.subject).toBe('Vous avez rejoint l’équipe Ventes');
    expect(join.text).toContain('https://people.example.com/');
    expect(deactivationNoticeEmail({ to: { firstName: 'A', language: 'fr' }, org: 'Acme' }).subject).toBe(
      'Votre compte Acme a été désactivé',
    );
    setPublicUrl('http://127.0.0.1:3000');
  });
});
