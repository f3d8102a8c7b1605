import { afterEach, describe, expect, it } from 'vitest';
import { createUser, uniqueEmail } from '../helpers/api';
import { insertUser } from '../helpers/harness';
import { useAppWithSmtp } from './smtp';

// Mail in the recipient's language, else the organisation's defaultLanguage setting — read from a real SMTP server.

const s = useAppWithSmtp();
const mailsTo = (email: string) => s.smtp.messages.filter((m) => m.to.includes(email.toLowerCase()));
const setDefaultLanguage = async (lang: string) =>
  expect((await s.owner.patch('/api/v1/settings', { defaultLanguage: lang })).status).toBe(200);
afterEach(() => setDefaultLanguage('en'));

describe('German mail', () => {
  it('an invitation in German, its date written the German way', async () => {
    const email = uniqueEmail('de');
    await createUser(s.owner, { email, firstName: 'Jörg', language: 'de', invite: 'now' });
    await s.t.sweep();
    const [mail] = mailsTo(email);
    expect(mail!.subject).toBe('Ihre Einladung zu Roster');
    expect(mail!.text).toContain('Hallo Jörg,');
    expect(mail!.text).toMatch(
      /gilt bis zum \d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}\./,
    );
    expect(mail!.text).toContain('Einladung annehmen: http://roster.test/invite/');
    expect(mail!.html).toContain('<html lang="de">');
  });

  it('a notification in German: a manager hears that a report was deactivated', async () => {
    const manager = await insertUser(s.t.db, { email: uniqueEmail('chefin'), firstName: 'Greta' });
    await s.t.db.query(`update users set language = 'de-AT' where id = $1`, [manager.id]);
    const report = await insertUser(s.t.db, { firstName: 'Rory', lastName: 'Report', managerId: manager.id });
    expect((await s.owner.post(`/api/v1/users/${report.id}/deactivate`, {})).status).toBe(200);
    await s.t.sweep();
    const [mail] = mailsTo(manager.email);
    expect(mail!.subject).toBe('Rory Report verlässt Roster');
    expect(mail!.text).toContain('Hallo Greta,');
    expect(mail!.text).toContain('Rory Report aus Ihrem Team: das Konto wurde deaktiviert.');
    expect(mail!.html).toContain('<html lang="de">');
  });
});

describe('the organisation default language', () => {
  it('writes to a person with no language in the organisation’s language (fr), and to others in theirs', async () => {
    await setDefaultLanguage('fr');
    const none = uniqueEmail('none');
    const english = uniqueEmail('en');
    await createUser(s.owner, { email: none, firstName: 'Noa', invite: 'now' });
    await createUser(s.owner, { email: english, firstName: 'Ed', language: 'en', invite: 'now' });
    await s.t.sweep();
    expect(mailsTo(none)[0]!.subject).toBe('Votre invitation à Roster');
    expect(mailsTo(none)[0]!.text).toContain('Bonjour Noa,');
    expect(mailsTo(english)[0]!.subject).toBe('Your invitation to Roster');
  });

  it('a notification too: a person with no language hears of their changed password in French', async () => {
    await setDefaultLanguage('fr');
    const person = await insertUser(s.t.db, { email: uniqueEmail('pw'), firstName: 'Lou' });
    expect(
      (await s.owner.post(`/api/v1/users/${person.id}/set-password`, { password: 'a-long-pass-phrase-42' })).status,
    ).toBe(200);
    await s.t.sweep();
    const [mail] = mailsTo(person.email);
    expect(mail!.subject).toBe('Votre mot de passe Roster a été modifié');
    expect(mail!.html).toContain('<html lang="fr">');
  });
});
