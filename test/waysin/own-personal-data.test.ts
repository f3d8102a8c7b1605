import { describe, expect, it } from 'vitest';
import { expectError, signedIn } from '../helpers/api';
import { useAppWithSmtp } from './smtp';

/**
 * A person asks for their own data from My profile (docs/decisions/025-hand-over-and-gdpr.md): the link arrives
 * by real mail through a real SMTP server, downloads the readable export once, and is kept only as a hash.
 */
const s = useAppWithSmtp();

describe('own personal-data export by emailed link', () => {
  it('mails a link that downloads the export once; the token is stored only as its hash', async () => {
    const me = await signedIn(s.t, 'learner');
    await s.t.db.query(`update users set first_name = 'Ingrid', job_title = 'Cartographer' where id = $1`, [me.id]);
    // A note about them stays out of what they receive, as everywhere else for the person themselves.
    expect((await s.owner.post(`/api/v1/users/${me.id}/notes`, { body: 'Private remark 7731' })).status).toBe(201);

    const res = await me.client.post('/api/v1/me/personal-data-request');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await s.t.sweep();

    const [mail] = s.smtp.messages.filter((m) => m.to.includes(me.email.toLowerCase()));
    expect(mail!.subject).toMatch(/^Your personal data from /);
    expect(mail!.text).toContain('Hello Ingrid,');
    const link = s.smtp.linkTo(me.email, /http:\/\/roster\.test\/api\/v1\/personal-data\/[A-Za-z0-9_-]+/);
    const token = link.split('/').pop()!;
    const stored = await s.t.db.query<{ token_hash: string }>(
      `select token_hash from personal_data_requests where user_id = $1`,
      [me.id],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toBe(token);
    expect(JSON.stringify(await s.t.db.query(`select * from personal_data_requests`))).not.toContain(token);

    // Opened without a session, as from a mail client.
    const download = await s.t.anon().get(new URL(link).pathname);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toContain('text/html');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="personal-data-${me.id}.html"`);
    expect(download.body).toContain('Cartographer');
    expect(download.body).toContain(me.email);
    expect(download.body).not.toContain('Private remark 7731');

    // Once only.
    expectError(await s.t.anon().get(new URL(link).pathname), 410, 'link_expired');
    const audit = await s.t.db.query<{ action: string }>(
      `select action from audit_log where target_id = $1 and action like 'user.personal_data_%' order by id`,
      [me.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['user.personal_data_requested', 'user.personal_data_downloaded']);
  });

  it('allows one request a day, and refuses unknown or expired links', async () => {
    const me = await signedIn(s.t, 'learner');
    expect((await me.client.post('/api/v1/me/personal-data-request')).status).toBe(202);
    expectError(await me.client.post('/api/v1/me/personal-data-request'), 429, 'rate_limited');
    // A day later the person may ask again; a link past its day no longer works.
    await s.t.db.query(
      `update personal_data_requests set requested_at = requested_at - interval '25 hours', expires_at = now() - interval '1 hour' where user_id = $1`,
      [me.id],
    );
    await s.t.sweep();
    const expired = s.smtp.linkTo(me.email, /http:\/\/roster\.test\/api\/v1\/personal-data\/\S+/);
    expectError(await s.t.anon().get(new URL(expired).pathname), 410, 'link_expired');
    expect((await me.client.post('/api/v1/me/personal-data-request')).status).toBe(202);
    expectError(await s.t.anon().get('/api/v1/personal-data/not-a-real-token'), 410, 'link_expired');
  });
});
