import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, lastToken } from '../helpers/api';

const { t, owner } = useApp();

/** A user invited now, with the email sent, and the token from its link. */
async function invited(extra: Record<string, unknown> = {}) {
  const u = await createUser(owner, { invite: 'now', firstName: 'Ivy', lastName: 'Invitee', ...extra });
  await t.sweep();
  return { user: u, token: await lastToken(t, u.email) };
}

describe('GET /invitations/{token}', () => {
  it('says who a valid invitation is for', async () => {
    const { user, token } = await invited();
    const res = await t.anon().get(`/api/v1/invitations/${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ email: user.email, firstName: 'Ivy', lastName: 'Invitee', language: null });
  });

  it("names the invited person's language, so the acceptance page can speak it", async () => {
    const { token } = await invited({ language: 'de' });
    expect((await t.anon().get(`/api/v1/invitations/${token}`)).body.language).toBe('de');
  });

  it('unknown and malformed tokens → 404', async () => {
    expectError(await t.anon().get(`/api/v1/invitations/${'x'.repeat(43)}`), 404, 'not_found');
    expectError(await t.anon().get('/api/v1/invitations/short'), 404, 'not_found');
    expectError(
      await t.anon().post(`/api/v1/invitations/${'y'.repeat(43)}/accept`, { password: 'long-password-1' }),
      404,
      'not_found',
    );
  });

  it('an expired link → 410 invitation_expired, for GET and accept', async () => {
    const { user, token } = await invited();
    await t.db.query(`update invitations set expires_at = now() - interval '1 second' where user_id = $1`, [user.id]);
    expectError(await t.anon().get(`/api/v1/invitations/${token}`), 410, 'invitation_expired');
    expectError(
      await t.anon().post(`/api/v1/invitations/${token}/accept`, { password: 'long-password-1' }),
      410,
      'invitation_expired',
    );
    expect((await owner.get(`/api/v1/users/${user.id}`)).body.status).toBe('invite_pending');
  });

  it("a deactivated user's link → 410", async () => {
    const { user, token } = await invited();
    await owner.post(`/api/v1/users/${user.id}/deactivate`);
    const res = await t.anon().get(`/api/v1/invitations/${token}`);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toMatch(/^invitation_/);
    expect((await t.anon().post(`/api/v1/invitations/${token}/accept`, { password: 'long-password-1' })).status).toBe(
      410,
    );
    // Reactivating does not bring the old link back.
    await owner.post(`/api/v1/users/${user.id}/reactivate`);
    expect((await t.anon().get(`/api/v1/invitations/${token}`)).status).toBe(410);
  });

  it("a deleted user's link → 404", async () => {
    const { user, token } = await invited();
    await owner.delete(`/api/v1/users/${user.id}`);
    expectError(await t.anon().get(`/api/v1/invitations/${token}`), 404, 'not_found');
  });
});

describe('POST /invitations/{token}/accept', () => {
  it('confirms, signs in, and the link is then used', async () => {
    const { user, token } = await invited();
    const short = await t.anon().post(`/api/v1/invitations/${token}/accept`, { password: 'short' });
    expectError(short, 400, 'validation_failed');
    expect(short.body.error.details[0].field).toBe('password');
    expect((await t.anon().get(`/api/v1/invitations/${token}`)).status).toBe(200);

    const c = t.anon();
    const res = await c.post(`/api/v1/invitations/${token}/accept`, { password: 'a-good-password' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: user.id, status: 'confirmed' });
    expect(typeof res.body.csrfToken).toBe('string');
    expect(String(res.headers['set-cookie'])).toMatch(/roster_session=[^;]+;.*HttpOnly/i);
    expect((await c.get('/api/v1/me')).body.id).toBe(user.id);

    expectError(await t.anon().get(`/api/v1/invitations/${token}`), 410, 'invitation_used');
    expectError(
      await t.anon().post(`/api/v1/invitations/${token}/accept`, { password: 'other-password' }),
      410,
      'invitation_used',
    );
    expect((await t.anon().post('/api/v1/auth/login', { email: user.email, password: 'a-good-password' })).status).toBe(
      200,
    );
    const history = await owner.get(`/api/v1/users/${user.id}/invitations`);
    expect(history.body.items[0]).toMatchObject({ state: 'used', delivery: 'sent' });
    expect(history.body.items[0].usedAt).not.toBeNull();
  });

  it('refuses unknown fields and a missing password', async () => {
    const { token } = await invited();
    expectError(await t.anon().post(`/api/v1/invitations/${token}/accept`, {}), 400, 'validation_failed');
    expectError(
      await t.anon().post(`/api/v1/invitations/${token}/accept`, { password: 'a-good-password', role: 'owner' }),
      400,
      'validation_failed',
    );
  });

  it('two concurrent accepts of one token: exactly one succeeds', async () => {
    const { user, token } = await invited();
    const results = await Promise.all([
      t.anon().post(`/api/v1/invitations/${token}/accept`, { password: 'first-password-1' }),
      t.anon().post(`/api/v1/invitations/${token}/accept`, { password: 'second-password-2' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    expect(results.find((r) => r.status === 410)!.body.error.code).toBe('invitation_used');
    const history = await owner.get(`/api/v1/users/${user.id}/status-history`);
    expect(history.body.items.filter((h: any) => h.toStatus === 'confirmed')).toHaveLength(1);
    const winner = results[0]!.status === 200 ? 'first-password-1' : 'second-password-2';
    expect((await t.anon().post('/api/v1/auth/login', { email: user.email, password: winner })).status).toBe(200);
  });

  it('a pending user cannot sign in with a password before accepting', async () => {
    const { user } = await invited();
    expectError(
      await t.anon().post('/api/v1/auth/login', { email: user.email, password: 'whatever-123' }),
      401,
      'invalid_credentials',
    );
  });
});

describe('GET /users/{id}/invitations', () => {
  it('keeps the history after confirmation and is hidden from others', async () => {
    const { user, token } = await invited();
    const c = t.anon();
    await c.post(`/api/v1/invitations/${token}/accept`, { password: 'a-good-password' });
    const h = await owner.get(`/api/v1/users/${user.id}/invitations`);
    expect(h.body.items).toHaveLength(1);
    expect(h.body.items[0]).toMatchObject({ state: 'used', delivery: 'sent' });
    expect(h.body.items[0].deliveredAt).not.toBeNull();
    expectError(await owner.get('/api/v1/users/nobody/invitations'), 404, 'not_found');
  });
});
