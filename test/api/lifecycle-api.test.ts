import { beforeAll, describe, expect, it } from 'vitest';
import { insertUser, OWNER, signIn, type Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, inFuture, inPast, lastToken, signedIn, uniqueEmail } from '../helpers/api';

const { t, owner } = useApp();
let ownerId: string;
beforeAll(async () => {
  ownerId = (await owner.get('/api/v1/me')).body.id;
});

const act = (c: Client, id: string, action: string, body?: unknown) => c.post(`/api/v1/users/${id}/${action}`, body);

describe('invite, resend, schedule, cancel', () => {
  it('not_invited → invite → invite_pending; resend gives a fresh link and the old one stops working', async () => {
    const u = await createUser(owner);
    const sent = await act(owner, u.id, 'invite');
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('invite_pending');
    expect(sent.body.allowedActions).toContain('resend_invite');
    await t.sweep();
    const first = await lastToken(t, u.email);
    expect((await t.anon().get(`/api/v1/invitations/${first}`)).status).toBe(200);

    const resent = await act(owner, u.id, 'invite');
    expect(resent.body.status).toBe('invite_pending');
    await t.sweep();
    const second = await lastToken(t, u.email);
    expect(second).not.toBe(first);
    expectError(await t.anon().get(`/api/v1/invitations/${first}`), 410, 'invitation_revoked');
    expectError(
      await t.anon().post(`/api/v1/invitations/${first}/accept`, { password: 'long-enough-pw' }),
      410,
      'invitation_revoked',
    );
    expect((await t.anon().get(`/api/v1/invitations/${second}`)).status).toBe(200);
    const history = await owner.get(`/api/v1/users/${u.id}/invitations`);
    expect(history.body.items).toHaveLength(2);
    expect(history.body.items.map((i: any) => i.state)).toEqual(['active', 'revoked']);
    expect(history.body.items.every((i: any) => i.delivery === 'sent' && i.sentBy === ownerId)).toBe(true);
  });

  it('invite with "at" schedules; cancel-invite goes back to not_invited', async () => {
    const u = await createUser(owner);
    expectError(await act(owner, u.id, 'invite', { at: inPast() }), 400, 'validation_failed');
    const at = inFuture();
    const sched = await act(owner, u.id, 'invite', { at });
    expect(sched.body).toMatchObject({ status: 'invite_scheduled', inviteScheduledAt: at });
    const cancelled = await act(owner, u.id, 'cancel-invite');
    expect(cancelled.body).toMatchObject({ status: 'not_invited', inviteScheduledAt: null });
    const r = await act(owner, u.id, 'cancel-invite');
    expectError(r, 409, 'invalid_transition');
    expect(r.body.error.message).toContain('not_invited');
    expect(r.body.error.details).toMatchObject({ from: 'not_invited' });
  });

  it('cancelling a pending invitation revokes its link', async () => {
    const u = await createUser(owner, { invite: 'now' });
    await t.sweep();
    const token = await lastToken(t, u.email);
    expect((await act(owner, u.id, 'cancel-invite')).body.status).toBe('not_invited');
    expectError(await t.anon().get(`/api/v1/invitations/${token}`), 410, 'invitation_revoked');
  });

  it('a confirmed user cannot be invited: 409 naming both statuses', async () => {
    const c = await signedIn(t);
    const r = await act(owner, c.id, 'invite');
    expectError(r, 409, 'invalid_transition');
    expect(r.body.error.message).toMatch(/"confirmed".*"invite_pending"/);
  });
});

describe('deactivate / reactivate', () => {
  it('deactivation ends sessions, reactivation restores the previous status', async () => {
    const c = await signedIn(t);
    expect((await c.client.get('/api/v1/me')).status).toBe(200);
    const d = await act(owner, c.id, 'deactivate');
    expect(d.body).toMatchObject({ status: 'deactivated', statusBeforeDeactivation: 'confirmed' });
    expect(d.body.allowedActions).toEqual(expect.arrayContaining(['reactivate', 'anonymise']));
    expectError(await c.client.get('/api/v1/me'), 401, 'unauthenticated');
    expectError(await act(owner, c.id, 'deactivate'), 409, 'invalid_transition');
    const r = await act(owner, c.id, 'reactivate');
    expect(r.body.status).toBe('confirmed');
    expectError(await act(owner, c.id, 'reactivate'), 409, 'invalid_transition');

    const pending = await createUser(owner, { invite: 'now' });
    await act(owner, pending.id, 'deactivate');
    expect((await act(owner, pending.id, 'reactivate')).body.status).toBe('invite_pending');
  });

  it('nobody changes their own status (403)', async () => {
    const admin = await signedIn(t, 'admin');
    expectError(await act(admin.client, admin.id, 'deactivate'), 403, 'forbidden');
    expectError(await act(owner, ownerId, 'deactivate'), 403, 'forbidden');
    expectError(await owner.patch(`/api/v1/users/${ownerId}`, { expiresAt: inFuture() }), 403, 'forbidden');
    expectError(await owner.delete(`/api/v1/users/${ownerId}`), 403, 'forbidden');
    expect((await owner.get(`/api/v1/users/${ownerId}`)).body.status).toBe('confirmed');
  });

  it('an admin cannot deactivate an owner', async () => {
    const admin = await signedIn(t, 'admin');
    expectError(await act(admin.client, ownerId, 'deactivate'), 403, 'forbidden');
  });

  it('unknown user → 404', async () => {
    for (const a of [
      'invite',
      'cancel-invite',
      'deactivate',
      'reactivate',
      'anonymise',
      'restore',
      'set-password',
      'learning-activity',
    ])
      expectError(await act(owner, 'no-such-user', a), 404, 'not_found');
  });
});

describe('set-password and learning activity', () => {
  it('set-password confirms a pending user, who can then sign in', async () => {
    const u = await createUser(owner, { invite: 'now' });
    expectError(await act(owner, u.id, 'set-password', { password: 'short' }), 400, 'validation_failed');
    const r = await act(owner, u.id, 'set-password', { password: 'admin-chosen-pw' });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('confirmed');
    expect(r.body.confirmedAt).not.toBeNull();
    const login = await t.anon().post('/api/v1/auth/login', { email: u.email, password: 'admin-chosen-pw' });
    expect(login.status).toBe(200);
    const d = await createUser(owner);
    await act(owner, d.id, 'deactivate');
    expectError(await act(owner, d.id, 'set-password', { password: 'admin-chosen-pw' }), 409, 'invalid_transition');
  });

  it('learning-activity makes a confirmed user "active", only for confirmed users', async () => {
    const c = await signedIn(t);
    expect((await owner.get(`/api/v1/users/${c.id}`)).body.engagement).toBe('activated');
    const r = await act(owner, c.id, 'learning-activity');
    expect(r.body).toMatchObject({ engagement: 'active' });
    expect(r.body.firstLearningActivityAt).not.toBeNull();
    const again = await act(owner, c.id, 'learning-activity', { at: inFuture() });
    expect(again.body.firstLearningActivityAt).toBe(r.body.firstLearningActivityAt);
    const pending = await createUser(owner);
    expectError(await act(owner, pending.id, 'learning-activity'), 409, 'invalid_transition');
    expect((await owner.get(`/api/v1/users/${pending.id}`)).body.engagement).toBeNull();
  });
});

describe('expiry', () => {
  it('expiresAt in the past expires at once; sign-in is refused before any sweep; moving it back restores', async () => {
    const email = uniqueEmail('exp');
    const u = await insertUser(t.db, { email, password: 'password-1234' });
    const session = await t.as(email);
    const r = await owner.patch(`/api/v1/users/${u.id}`, { expiresAt: inPast(60_000) });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('expired');
    expectError(await session.get('/api/v1/me'), 401, 'unauthenticated');
    expectError(
      await t.anon().post('/api/v1/auth/login', { email, password: 'password-1234' }),
      403,
      'account_expired',
    );
    expectError(await act(owner, u.id, 'reactivate'), 409, 'invalid_transition');

    const back = await owner.patch(`/api/v1/users/${u.id}`, { expiresAt: inFuture() });
    expect(back.body.status).toBe('confirmed');
    expect((await t.anon().post('/api/v1/auth/login', { email, password: 'password-1234' })).status).toBe(200);

    await owner.patch(`/api/v1/users/${u.id}`, { expiresAt: inPast(1000) });
    const cleared = await owner.patch(`/api/v1/users/${u.id}`, { expiresAt: null });
    expect(cleared.body).toMatchObject({ status: 'confirmed', expiresAt: null });
  });

  it('un-expiring gives back the earlier status, it does not activate anyone', async () => {
    const u = await createUser(owner);
    await act(owner, u.id, 'deactivate');
    expect((await owner.patch(`/api/v1/users/${u.id}`, { expiresAt: inPast() })).body.status).toBe('expired');
    expect((await owner.patch(`/api/v1/users/${u.id}`, { expiresAt: null })).body.status).toBe('deactivated');
    expect((await act(owner, u.id, 'reactivate')).body.status).toBe('not_invited');
  });

  it('a future expiresAt on sign-in is refused once the date passes, even before the sweep', async () => {
    const email = uniqueEmail('soon');
    const u = await insertUser(t.db, { email, password: 'password-1234' });
    await owner.patch(`/api/v1/users/${u.id}`, { expiresAt: inFuture() });
    await t.db.query(`update users set expires_at = now() - interval '1 minute' where id = $1`, [u.id]);
    expectError(
      await t.anon().post('/api/v1/auth/login', { email, password: 'password-1234' }),
      403,
      'account_expired',
    );
    expect((await t.sweep()).expired).toBeGreaterThanOrEqual(1);
    expect((await owner.get(`/api/v1/users/${u.id}`)).body.status).toBe('expired');
  });

  it('HR can set expiry; a learner cannot', async () => {
    const u = await createUser(owner);
    const hr = await signedIn(t, 'hr');
    expect((await hr.client.patch(`/api/v1/users/${u.id}`, { expiresAt: inFuture() })).status).toBe(200);
    const learner = await signedIn(t);
    expectError(await learner.client.patch(`/api/v1/users/${u.id}`, { expiresAt: inFuture() }), 404, 'not_found');
  });
});

describe('status history', () => {
  it('records every transition with its actor', async () => {
    const u = await createUser(owner, { invite: 'now' });
    await act(owner, u.id, 'deactivate');
    await act(owner, u.id, 'reactivate');
    const h = await owner.get(`/api/v1/users/${u.id}/status-history`);
    expect(h.body.items.map((x: any) => [x.fromStatus, x.toStatus])).toEqual([
      ['deactivated', 'invite_pending'],
      ['invite_pending', 'deactivated'],
      ['not_invited', 'invite_pending'],
      [null, 'not_invited'],
    ]);
    expect(h.body.items.every((x: any) => x.actorId === ownerId)).toBe(true);
    expectError(await owner.get('/api/v1/users/nope/status-history'), 404, 'not_found');
  });
});

describe('the last Owner', () => {
  it('with a second confirmed owner, an owner can be expired, deactivated and deleted (not demoted: docs/decisions/004)', async () => {
    const second = await signedIn(t, 'owner');
    const third = await signedIn(t, 'owner');
    expectError(await second.client.patch(`/api/v1/users/${third.id}`, { role: 'admin' }), 403, 'forbidden');
    const exp = await owner.patch(`/api/v1/users/${third.id}`, { expiresAt: inPast() });
    expect(exp.body.status).toBe('expired');
    await owner.patch(`/api/v1/users/${third.id}`, { expiresAt: null });
    expect((await act(owner, third.id, 'deactivate')).body.status).toBe('deactivated');
    expect((await owner.delete(`/api/v1/users/${second.id}`)).status).toBe(204);
  });

  it('two owners deactivating each other at the same moment: one wins, the other gets 409 last_owner', async () => {
    // Start from exactly two confirmed owners.
    await t.db.query(`update users set role = 'admin' where role = 'owner' and id <> $1`, [ownerId]);
    const other = await signedIn(t, 'owner');
    const [a, b] = await Promise.all([act(owner, other.id, 'deactivate'), act(other.client, ownerId, 'deactivate')]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.body.error.code).toBe('last_owner');
    const owners = await t.db.query(
      `select id from users where role = 'owner' and status = 'confirmed' and deleted_at is null`,
    );
    expect(owners).toHaveLength(1);
    // Put the original owner back in charge for any later test.
    if (owners[0]!.id !== ownerId) {
      await t.db.query(`update users set status = 'confirmed', status_before_deactivation = null where id = $1`, [
        ownerId,
      ]);
      await signIn(owner, OWNER.email, OWNER.password);
    }
  });

  it('the expiry job never expires the last Owner and keeps doing its other work', async () => {
    await t.db.query(`update users set role = 'admin' where role = 'owner' and id <> $1`, [ownerId]);
    const other = await createUser(owner, { invite: 'now' });
    await t.db.query(`update users set expires_at = now() - interval '1 minute' where id = $1`, [ownerId]);
    const sweep = await t.sweep();
    expect(sweep.emails).toBeGreaterThanOrEqual(1);
    const row = await t.db.query<{ status: string }>(`select status from users where id = $1`, [ownerId]);
    expect(row[0]!.status).toBe('confirmed');
    expect((await t.db.query(`select 1 from mailbox where user_id = $1`, [other.id])).length).toBe(1);
    await t.db.query(`update users set expires_at = null where id = $1`, [ownerId]);
  });
});
