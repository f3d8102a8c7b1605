import { describe, expect, it } from 'vitest';
import { createUser, expectError, uniqueEmail } from '../helpers/api';
import { useAppWithSmtp } from './smtp';

/** "Deactivation notice if enabled" (issue 6): a setting, off by default; real mail through a real SMTP server. */
const s = useAppWithSmtp();

const mailsTo = (email: string) => s.smtp.messages.filter((m) => m.to.includes(email.toLowerCase()));

/** A confirmed person (set-password confirms), with what they have received so far. */
async function confirmedPerson(body: Record<string, unknown> = {}) {
  const email = uniqueEmail('leaver');
  const u = await createUser(s.owner, { email, ...body });
  expect((await s.owner.post(`/api/v1/users/${u.id}/set-password`, { password: 'a-long-password-1' })).status).toBe(
    200,
  );
  return { id: u.id as string, email };
}

describe('deactivation notice', () => {
  it('is off by default: deactivating sends nothing', async () => {
    expect((await s.owner.get('/api/v1/settings')).body.deactivationNotice).toBe(false);
    const p = await confirmedPerson();
    expect((await s.owner.post(`/api/v1/users/${p.id}/deactivate`)).status).toBe(200);
    await s.t.sweep();
    expect(mailsTo(p.email)).toHaveLength(0);
  });

  it('when enabled, tells the person in their language, with a plain-text part, even on a break', async () => {
    const saved = await s.owner.patch('/api/v1/settings', { deactivationNotice: true, organisationName: 'Acme' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.deactivationNotice).toBe(true);
    const audit = await s.owner.get('/api/v1/audit?action=settings.updated');
    expect(JSON.stringify(audit.body.items[0].after)).toContain('deactivationNotice');

    const fr = await confirmedPerson({ firstName: 'Zoé', language: 'fr' });
    expect((await s.owner.patch(`/api/v1/users/${fr.id}`, { onBreak: true })).status).toBe(200);
    const en = await confirmedPerson({ firstName: 'Sam' });
    await s.owner.post(`/api/v1/users/${fr.id}/deactivate`);
    await s.owner.post(`/api/v1/users/${en.id}/deactivate`);
    await s.t.sweep();

    const [french] = mailsTo(fr.email);
    expect(mailsTo(fr.email)).toHaveLength(1);
    expect(french!.subject).toBe('Votre compte Acme a été désactivé');
    expect(french!.text).toContain('Bonjour Zoé,');
    expect(french!.html).toContain('<html lang="fr">');
    const [english] = mailsTo(en.email);
    expect(english!.subject).toBe('Your Acme account has been deactivated');
    expect(english!.text).toContain('Hello Sam,');
    const rows = await s.t.db.query<{ category: string; status: string }>(
      `select category, status from outbox where user_id = $1`,
      [fr.id],
    );
    expect(rows).toEqual([{ category: 'security', status: 'sent' }]);
  });

  it('is dropped when the person is reactivated before it goes out; the setting is validated', async () => {
    await s.owner.patch('/api/v1/settings', { deactivationNotice: true });
    const p = await confirmedPerson();
    await s.owner.post(`/api/v1/users/${p.id}/deactivate`);
    await s.owner.post(`/api/v1/users/${p.id}/reactivate`);
    await s.t.sweep();
    expect(mailsTo(p.email)).toHaveLength(0);
    const [row] = await s.t.db.query<{ status: string; last_error: string }>(
      `select status, last_error from outbox where user_id = $1`,
      [p.id],
    );
    expect(row).toEqual({ status: 'skipped', last_error: 'user_confirmed' });
    expectError(await s.owner.patch('/api/v1/settings', { deactivationNotice: 'yes' }), 400, 'validation_failed');
  });
});
