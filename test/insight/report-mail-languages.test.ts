import { afterAll, describe, expect, it } from 'vitest';
import { sendDueReports } from '../../src/server/modules/insight/schedules';
import { insertUser } from '../helpers/harness';
import { useAppWithSmtp } from '../waysin/smtp';

/**
 * Scheduled report emails in each recipient's language (docs/decisions/022-mail-languages.md): their profile's,
 * else the organisation's default — the report's name, its period, its figures' words and its months written
 * the language's way, read from the real SMTP server of the test.
 */
const { t, owner, smtp } = useAppWithSmtp();
const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address.toLowerCase()));
const MONTHS = {
  fr: 'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre',
  de: 'Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember',
};

afterAll(async () => {
  await owner.patch('/api/v1/settings', { defaultLanguage: 'en' });
});

async function reader(firstName: string, language: string | null) {
  const person = await insertUser(t.db, { role: 'hr', firstName, email: `${firstName.toLowerCase()}@example.com` });
  await t.db.query(`update users set language = $2 where id = $1`, [person.id, language]);
  return person;
}

describe('the report-emails job in every language', () => {
  it('writes to a French and a German reader in theirs, and to one with none in the organisation’s (de)', async () => {
    expect((await owner.patch('/api/v1/settings', { defaultLanguage: 'de' })).status).toBe(200);
    const french = await reader('Camille', 'fr-CA');
    const german = await reader('Jonas', 'de');
    const none = await reader('Noa', null);
    // Enough pending invitations for a number with a thousands separator.
    await t.db.query(
      `insert into users (id, email, email_normalized, first_name, last_name, role, status, invited_at)
       select gen_random_uuid(), 'p' || g || '@example.com', 'p' || g || '@example.com', 'P', 'Pending ' || g,
              'learner', 'invite_pending', now()
         from generate_series(1, 1200) g`,
    );
    for (const report of ['movements', 'pending-invitations'] as const) {
      const res = await owner.post('/api/v1/reports/schedules', {
        report,
        cadence: report === 'movements' ? 'monthly' : 'weekly',
        recipientIds: [french.id, german.id, none.id],
      });
      expect(res.status).toBe(201);
    }
    // The period moves on: the job sends each schedule to each of the three.
    await t.db.query(`update report_schedules set last_period = 'earlier'`);
    expect(await sendDueReports(t.db, new Date())).toBe(6);
    await t.sweep();

    const subjects = (email: string) =>
      mailsTo(email)
        .map((m) => m.subject)
        .sort();
    const text = (email: string, subject: string) => mailsTo(email).find((m) => m.subject === subject)!.text;
    const html = (email: string, subject: string) => mailsTo(email).find((m) => m.subject === subject)!.html;

    expect(subjects(french.email)).toEqual([
      'Arrivées et départs — rapport mensuel',
      'Invitations en attente — rapport hebdomadaire',
    ]);
    const frMoves = text(french.email, 'Arrivées et départs — rapport mensuel');
    expect(frMoves).toContain('Votre rapport mensuel : Arrivées et départs');
    expect(frMoves).toMatch(new RegExp(`^(${MONTHS.fr}) \\d{4} : \\d+ arrivées, \\d+ départs$`, 'm'));
    expect(frMoves).toContain('Ouvrir le rapport : http://roster.test/reports/movements');
    expect(frMoves).toContain('Le télécharger en CSV (connectez-vous d’abord) : http://roster.test/api/v1/reports/');
    expect(frMoves).not.toMatch(/joiners|Open the report/);
    expect(html(french.email, 'Arrivées et départs — rapport mensuel')).toContain('<html lang="fr">');
    // 1 200 and more, with the narrow space French puts between thousands.
    expect(text(french.email, 'Invitations en attente — rapport hebdomadaire')).toMatch(
      /^Invitations en attente : 1\u202f2\d\d \(moins de 7 jours 1\u202f2\d\d, 7 à 30 jours 0,/m,
    );

    for (const who of [german, none]) {
      expect(subjects(who.email), who.email).toEqual([
        'Ausstehende Einladungen — Wochenbericht',
        'Eintritte und Austritte — Monatsbericht',
      ]);
      const moves = text(who.email, 'Eintritte und Austritte — Monatsbericht');
      expect(moves).toContain('Ihr Monatsbericht: Eintritte und Austritte');
      expect(moves).toMatch(new RegExp(`^(${MONTHS.de}) \\d{4}: \\d+ Eintritte, \\d+ Austritte$`, 'm'));
      expect(moves).toContain('Bericht öffnen: http://roster.test/reports/movements');
      expect(moves).not.toMatch(/joiners|Open the report/);
      expect(html(who.email, 'Eintritte und Austritte — Monatsbericht')).toContain('<html lang="de">');
      expect(text(who.email, 'Ausstehende Einladungen — Wochenbericht')).toMatch(
        /^Ausstehende Einladungen: 1\.2\d\d \(unter 7 Tagen 1\.2\d\d, 7 bis 30 Tage 0,/m,
      );
    }
  });
});
