import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, inFuture, signedIn } from '../helpers/api';

const { t, owner } = useApp();

const mails = (userId: string) =>
  t.db.query<{ subject: string; text_body: string }>(`select subject, text_body from mailbox where user_id = $1`, [
    userId,
  ]);

describe('scheduled invitations', () => {
  it('are sent when due, once', async () => {
    const u = await createUser(owner, { invite: 'scheduled', inviteAt: inFuture(3_600_000) });
    expect((await t.sweep()).scheduledInvites).toBe(0);
    expect(await mails(u.id)).toHaveLength(0);
    expect((await owner.get(`/api/v1/users/${u.id}`)).body.status).toBe('invite_scheduled');

    await t.db.query(`update users set invite_scheduled_at = now() - interval '1 minute' where id = $1`, [u.id]);
    const s = await t.sweep();
    expect(s.scheduledInvites).toBe(1);
    expect(s.emails).toBe(1);
    const after = (await owner.get(`/api/v1/users/${u.id}`)).body;
    expect(after.status).toBe('invite_pending');
    expect(after.invitedAt).not.toBeNull();
    expect(after.inviteScheduledAt).toBeNull();
    const m = await mails(u.id);
    expect(m).toHaveLength(1);
    expect(m[0]!.text_body).toMatch(/http:\/\/roster\.test\/invite\/[A-Za-z0-9_-]+/);

    const again = await t.sweep();
    expect(again).toMatchObject({ scheduledInvites: 0, emails: 0 });
    expect(await mails(u.id)).toHaveLength(1);
    const history = await owner.get(`/api/v1/users/${u.id}/status-history`);
    expect(history.body.items[0]).toMatchObject({
      fromStatus: 'invite_scheduled',
      toStatus: 'invite_pending',
      actorId: null,
    });
  });

  it('a cancelled schedule sends nothing', async () => {
    const u = await createUser(owner, { invite: 'scheduled', inviteAt: inFuture(3_600_000) });
    await owner.post(`/api/v1/users/${u.id}/cancel-invite`);
    await t.db.query(`update users set invite_scheduled_at = now() - interval '1 minute' where id = $1`, [u.id]);
    await t.sweep();
    expect(await mails(u.id)).toHaveLength(0);
    expect((await owner.get(`/api/v1/users/${u.id}`)).body.status).toBe('not_invited');
  });
});

describe('the outbox checks at send time', () => {
  it('mail to a user deactivated after queuing is not sent', async () => {
    const u = await createUser(owner, { invite: 'now' });
    const queued = await t.db.query<{ id: string; status: string }>(
      `select id, status from outbox where user_id = $1`,
      [u.id],
    );
    expect(queued).toEqual([{ id: expect.any(String), status: 'pending' }]);
    // Deactivate behind the API's back (as an HR sync racing the worker could), so only the send-time check can stop it.
    await t.db.query(
      `update users set status = 'deactivated', status_before_deactivation = 'invite_pending' where id = $1`,
      [u.id],
    );
    await t.sweep();
    expect(await mails(u.id)).toHaveLength(0);
    const row = await t.db.query<{ status: string; last_error: string }>(
      `select status, last_error from outbox where id = $1`,
      [queued[0]!.id],
    );
    expect(row[0]).toEqual({ status: 'skipped', last_error: 'user_deactivated' });
  });

  it('deactivation through the API cancels queued mail', async () => {
    const u = await createUser(owner, { invite: 'now' });
    await owner.post(`/api/v1/users/${u.id}/deactivate`);
    await t.sweep();
    expect(await mails(u.id)).toHaveLength(0);
    const inv = await owner.get(`/api/v1/users/${u.id}/invitations`);
    expect(inv.body.items[0]).toMatchObject({ state: 'revoked', delivery: 'cancelled' });
  });

  it('a superseded invitation email is not sent, only the newest', async () => {
    const u = await createUser(owner, { invite: 'now' });
    await owner.post(`/api/v1/users/${u.id}/invite`);
    await t.sweep();
    expect(await mails(u.id)).toHaveLength(1);
  });
});

describe('purge of deleted users', () => {
  it('removes users deleted more than 30 days ago, not younger ones', async () => {
    const old = await createUser(owner, { invite: 'now' });
    const young = await createUser(owner);
    await t.sweep();
    await owner.delete(`/api/v1/users/${old.id}`);
    await owner.delete(`/api/v1/users/${young.id}`);
    await t.db.query(`update users set deleted_at = now() - interval '31 days' where id = $1`, [old.id]);
    await t.db.query(`update users set deleted_at = now() - interval '29 days' where id = $1`, [young.id]);
    const s = await t.sweep();
    expect(s.purged).toBe(1);
    expect(await t.db.query(`select 1 from users where id = $1`, [old.id])).toHaveLength(0);
    expect(await t.db.query(`select 1 from invitations where user_id = $1`, [old.id])).toHaveLength(0);
    expect(await t.db.query(`select 1 from users where id = $1`, [young.id])).toHaveLength(1);
    expectError(await owner.get(`/api/v1/users/${old.id}`), 404, 'not_found');
    expectError(await owner.post(`/api/v1/users/${old.id}/restore`), 404, 'not_found');
    // Its email is free again; the young one's is still reserved.
    expect((await owner.post('/api/v1/users', { email: old.email, firstName: 'Reused' })).status).toBe(201);
    expectError(await owner.post('/api/v1/users', { email: young.email, firstName: 'Nope' }), 409, 'email_taken');
    // Audit keeps that it happened, without the personal data.
    const audit = await owner.get(`/api/v1/audit?targetId=${old.id}&limit=500`);
    expect(audit.body.items.map((e: any) => e.action)).toContain('user.purged');
    expect(JSON.stringify(audit.body)).not.toContain(old.email);
    expect((await owner.post(`/api/v1/users/${young.id}/restore`)).status).toBe(200);
  });
});

describe('breaks', () => {
  it('a break with an end date in the past ends on the sweep; one without an end date stays', async () => {
    const a = await signedIn(t);
    const b = await signedIn(t);
    await owner.patch(`/api/v1/users/${a.id}`, { onBreak: true, breakUntil: inFuture() });
    await owner.patch(`/api/v1/users/${b.id}`, { onBreak: true });
    expect((await t.sweep()).breaksEnded).toBe(0);
    await t.db.query(`update users set break_until = now() - interval '1 minute' where id = $1`, [a.id]);
    expect((await t.sweep()).breaksEnded).toBe(1);
    expect((await owner.get(`/api/v1/users/${a.id}`)).body).toMatchObject({
      onBreak: false,
      breakUntil: null,
      status: 'confirmed',
    });
    expect((await owner.get(`/api/v1/users/${b.id}`)).body).toMatchObject({ onBreak: true, breakUntil: null });
    // A user on a break still signs in.
    expect((await b.client.get('/api/v1/me')).body.onBreak).toBe(true);
  });
});
