import { describe, expect, it } from 'vitest';
import { expectError, uniqueEmail } from '../helpers/api';
import { insertUser } from '../helpers/harness';
import { useAppWithSmtp } from './smtp';

const s = useAppWithSmtp();

const RESET_LINK = /http:\/\/roster\.test\/reset-password\/([A-Za-z0-9_-]+)/;
const mailsTo = (email: string) => s.smtp.messages.filter((m) => m.to.includes(email.toLowerCase()));

describe('password reset by email', () => {
  it('mails a single-use link that sets the password and ends every session', async () => {
    const email = uniqueEmail('reset');
    const u = await insertUser(s.t.db, { email, password: 'old-password-1', firstName: 'Rita' });
    const session = await s.t.as(email, 'old-password-1');

    const asked = await s.t.anon().post('/api/v1/auth/password-reset', { email: email.toUpperCase() });
    expect(asked.status).toBe(202);
    await s.t.sweep();
    const mail = mailsTo(email).at(-1)!;
    expect(mail.subject).toBe('Reset your Roster password');
    expect(mail.html).toContain('reset-password/');
    const token = RESET_LINK.exec(mail.text)![1]!;

    expect((await s.t.anon().get(`/api/v1/auth/password-reset/${token}`)).body).toEqual({ email });
    expectError(
      await s.t.anon().post(`/api/v1/auth/password-reset/${token}`, { password: 'short' }),
      400,
      'validation_failed',
    );
    expect((await s.t.anon().post(`/api/v1/auth/password-reset/${token}`, { password: 'new-password-1' })).status).toBe(
      204,
    );

    expect((await session.get('/api/v1/me')).status).toBe(401);
    expectError(
      await s.t.anon().post('/api/v1/auth/login', { email, password: 'old-password-1' }),
      401,
      'invalid_credentials',
    );
    expect((await s.t.anon().post('/api/v1/auth/login', { email, password: 'new-password-1' })).status).toBe(200);
    expectError(
      await s.t.anon().post(`/api/v1/auth/password-reset/${token}`, { password: 'third-password-1' }),
      404,
      'not_found',
    );

    const audit = await s.owner.get(`/api/v1/audit?targetId=${u.id}`);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['user.password_reset_requested', 'user.password_reset']),
    );
  });

  it('answers the same for unknown, pending and deactivated addresses and sends them nothing', async () => {
    const pending = await insertUser(s.t.db, { status: 'invite_pending' });
    const deactivated = await insertUser(s.t.db, { status: 'deactivated' });
    const confirmed = await insertUser(s.t.db, {});
    const answers = [];
    for (const email of [uniqueEmail('nobody'), pending.email, deactivated.email, confirmed.email]) {
      const res = await s.t.anon().post('/api/v1/auth/password-reset', { email });
      answers.push({ status: res.status, body: res.body });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    await s.t.sweep();
    expect(mailsTo(pending.email)).toHaveLength(0);
    expect(mailsTo(deactivated.email)).toHaveLength(0);
    expect(mailsTo(confirmed.email)).toHaveLength(1);
  });

  it('is short-lived, replaced by a newer link, and limited per address', async () => {
    const { email, id } = await insertUser(s.t.db, {});
    // Delivered one at a time: the mail worker sends a batch in parallel, so arrival order is not request order.
    await s.t.anon().post('/api/v1/auth/password-reset', { email });
    await s.t.sweep();
    await s.t.anon().post('/api/v1/auth/password-reset', { email });
    await s.t.sweep();
    const [first, second] = mailsTo(email).map((m) => RESET_LINK.exec(m.text)![1]!);
    expectError(await s.t.anon().get(`/api/v1/auth/password-reset/${first}`), 404, 'not_found');
    expect((await s.t.anon().get(`/api/v1/auth/password-reset/${second}`)).status).toBe(200);
    const [row] = await s.t.db.query<{ valid_for: number }>(
      `select extract(epoch from expires_at - created_at)::int as valid_for from password_resets where user_id = $1 and used_at is null`,
      [id],
    );
    expect(row!.valid_for).toBe(3600);
    await s.t.db.query(`update password_resets set expires_at = now() - interval '1 second' where user_id = $1`, [id]);
    expectError(
      await s.t.anon().post(`/api/v1/auth/password-reset/${second}`, { password: 'new-password-1' }),
      404,
      'not_found',
    );
    // Stored only as a hash.
    expect(JSON.stringify(await s.t.db.query(`select * from password_resets`))).not.toContain(second);

    await s.t.anon().post('/api/v1/auth/password-reset', { email });
    const fourth = await s.t.anon().post('/api/v1/auth/password-reset', { email });
    expect(fourth.status).toBe(202);
    await s.t.sweep();
    expect(mailsTo(email)).toHaveLength(3);
  });

  it('refuses to start from a malformed token', async () => {
    expectError(await s.t.anon().get('/api/v1/auth/password-reset/not-a-token'), 404, 'not_found');
  });
});
