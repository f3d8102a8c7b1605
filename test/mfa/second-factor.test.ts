import { afterAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { insertUser, OWNER, testDb, type Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { expectError, signedIn, uniqueEmail } from '../helpers/api';
import { ensureFirstOwner } from '../../src/server/bootstrap';
import { getSettings } from '../../src/server/modules/settings/settings';

const { t, owner } = useApp();

const PASSWORD = 'password-1234';
/** The code an authenticator app shows `offsetSteps` 30-second steps from now. */
const codeAt = (secret: string, offsetSteps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
const wrongCodeFor = async (secret: string) => {
  const right = new Set([await codeAt(secret, -1), await codeAt(secret), await codeAt(secret, 1)]);
  return ['000000', '111111', '222222', '333333'].find((c) => !right.has(c))!;
};

/** Signs in and sets up an authenticator app; returns its secret and the recovery codes. */
async function enrolTotp(client: Client) {
  const start = await client.post('/api/v1/me/mfa/totp');
  expect(start.status).toBe(200);
  const confirm = await client.post('/api/v1/me/mfa/totp/confirm', { code: await codeAt(start.body.secret) });
  expect(confirm.status).toBe(200);
  return { secret: start.body.secret as string, recoveryCodes: confirm.body.recoveryCodes as string[] };
}

async function passwordStep(email: string) {
  const client = t.anon();
  const res = await client.post('/api/v1/auth/login', { email, password: PASSWORD });
  expect(res.status).toBe(200);
  return { client, res };
}

describe('authenticator app (TOTP)', () => {
  it('enrol, then every password sign-in needs a code: wrong refused, right accepted once, recovery code once', async () => {
    const { id, email, client } = await signedIn(t, 'learner');
    const start = await client.post('/api/v1/me/mfa/totp');
    expect(start.status).toBe(200);
    expect(start.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Roster:.*secret=/);
    expect(start.body.qrCode).toMatch(/^data:image\/png;base64,/);
    // Not active until a code confirms it: a password alone still signs in.
    expect((await passwordStep(email)).res.body.user.id).toBe(id);
    expectError(
      await client.post('/api/v1/me/mfa/totp/confirm', { code: await wrongCodeFor(start.body.secret) }),
      400,
      'validation_failed',
    );
    const confirm = await client.post('/api/v1/me/mfa/totp/confirm', { code: await codeAt(start.body.secret) });
    expect(confirm.status).toBe(200);
    const codes: string[] = confirm.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    // Only hashes are stored.
    const stored = JSON.stringify(await t.db.query(`select * from mfa_recovery_codes where user_id = $1`, [id]));
    for (const c of codes) expect(stored).not.toContain(c);
    expect((await client.get('/api/v1/me/mfa')).body).toMatchObject({
      totp: { enabled: true },
      passkeys: [],
      recoveryCodesLeft: 10,
      required: false,
    });

    // The password step answers without a session.
    const first = await passwordStep(email);
    expect(first.res.body).toMatchObject({
      mfaRequired: true,
      methods: ['totp', 'recovery_code'],
      passkeyOptions: null,
    });
    expect(first.res.headers['set-cookie']).toBeUndefined();
    expect((await first.client.get('/api/v1/auth/session')).status).toBe(401);
    const mfaToken = first.res.body.mfaToken;
    expectError(
      await first.client.post('/api/v1/auth/mfa', { mfaToken, code: await wrongCodeFor(start.body.secret) }),
      401,
      'invalid_credentials',
    );
    expectError(
      await first.client.post('/api/v1/auth/mfa', { mfaToken: 'not-a-token', code: '123456' }),
      401,
      'unauthenticated',
    );
    expectError(await first.client.post('/api/v1/auth/mfa', { mfaToken }), 400, 'validation_failed');
    // The code of the enrolment's time step is used up; the next step's code signs in.
    const next = await codeAt(start.body.secret, 1);
    const ok = await first.client.post('/api/v1/auth/mfa', { mfaToken, code: next });
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe(id);
    expect(String(ok.headers['set-cookie'])).toMatch(/^roster_session=/);
    expect((await first.client.get('/api/v1/me')).status).toBe(200);
    // The token is single-use.
    expectError(await t.anon().post('/api/v1/auth/mfa', { mfaToken, code: next }), 401, 'unauthenticated');
    // The same code cannot be replayed in a new sign-in.
    const replay = await passwordStep(email);
    expectError(
      await replay.client.post('/api/v1/auth/mfa', { mfaToken: replay.res.body.mfaToken, code: next }),
      401,
      'invalid_credentials',
    );
    // A recovery code works once, typed in upper case and without its dash.
    const recovery = await replay.client.post('/api/v1/auth/mfa', {
      mfaToken: replay.res.body.mfaToken,
      code: codes[0]!.replace('-', '').toUpperCase(),
    });
    expect(recovery.status).toBe(200);
    const again = await passwordStep(email);
    expectError(
      await again.client.post('/api/v1/auth/mfa', { mfaToken: again.res.body.mfaToken, code: codes[0] }),
      401,
      'invalid_credentials',
    );
    expect((await client.get('/api/v1/me/mfa')).body.recoveryCodesLeft).toBe(9);
    const signIns = await t.db.query<{ after: unknown }>(
      `select after from audit_log where action = 'user.signed_in' and target_id = $1 order by id`,
      [id],
    );
    expect(signIns.map((r) => r.after)).toEqual([
      null,
      null,
      { secondFactor: 'totp' },
      { secondFactor: 'recovery_code' },
    ]);
  });

  it('a second step expires after 5 minutes', async () => {
    const { email, client } = await signedIn(t, 'learner');
    const { secret } = await enrolTotp(client);
    const { client: c, res } = await passwordStep(email);
    await t.db.query(`update mfa_sign_ins set expires_at = now() - interval '1 second'`);
    expectError(
      await c.post('/api/v1/auth/mfa', { mfaToken: res.body.mfaToken, code: await codeAt(secret, 1) }),
      401,
      'unauthenticated',
    );
    const rows = await t.db.query<{ minutes: number }>(
      `select extract(epoch from expires_at - now()) / 60 as minutes from mfa_sign_ins`,
    );
    expect(rows.every((r) => Number(r.minutes) <= 0)).toBe(true);
  });

  it('code attempts are throttled per person like passwords: after 10, even the right code waits', async () => {
    const { email, client } = await signedIn(t, 'learner');
    const { secret } = await enrolTotp(client);
    const { client: c, res } = await passwordStep(email);
    const wrong = await wrongCodeFor(secret);
    // The enrolment's confirmation code was attempt 1.
    for (let i = 0; i < 8; i++)
      expectError(
        await c.post('/api/v1/auth/mfa', { mfaToken: res.body.mfaToken, code: wrong }),
        401,
        'invalid_credentials',
      );
    // A new password step does not reset the count.
    const other = await passwordStep(email);
    expectError(
      await other.client.post('/api/v1/auth/mfa', { mfaToken: other.res.body.mfaToken, code: wrong }),
      401,
      'invalid_credentials',
    );
    expectError(
      await other.client.post('/api/v1/auth/mfa', { mfaToken: other.res.body.mfaToken, code: await codeAt(secret, 1) }),
      429,
      'rate_limited',
    );
  });

  it('one authenticator app at a time; removing it brings back password-only sign-in', async () => {
    const { email, client } = await signedIn(t, 'learner');
    await enrolTotp(client);
    expectError(await client.post('/api/v1/me/mfa/totp'), 409, 'conflict');
    expect((await client.delete('/api/v1/me/mfa/totp')).status).toBe(204);
    expect((await client.get('/api/v1/me/mfa')).body).toMatchObject({ totp: { enabled: false }, recoveryCodesLeft: 0 });
    expect((await passwordStep(email)).res.body.user.email).toBe(email);
    expectError(await client.delete('/api/v1/me/mfa/totp'), 404, 'not_found');
  });
});

describe('policy: a second factor required', () => {
  afterAll(async () => {
    await owner.patch('/api/v1/settings', { mfaRequiredForAdmins: false, mfaRequiredForEveryone: false });
  });

  it('for Admins: one without a factor gets a session that can only enrol one, then a full session', async () => {
    expect((await owner.get('/api/v1/settings')).body).toMatchObject({
      mfaRequiredForAdmins: false,
      mfaRequiredForEveryone: false,
    });
    expect((await owner.patch('/api/v1/settings', { mfaRequiredForAdmins: true })).status).toBe(200);
    const admin = await insertUser(t.db, { email: uniqueEmail('admin'), role: 'admin', password: PASSWORD });
    const { client, res } = await passwordStep(admin.email);
    expect(res.body).toMatchObject({ user: { id: admin.id }, mfaEnrolmentRequired: true });
    // With the password alone: nothing but enrolment.
    expectError(await client.get('/api/v1/users'), 403, 'mfa_enrolment_required');
    expectError(await client.get('/api/v1/me'), 403, 'mfa_enrolment_required');
    expectError(await client.patch('/api/v1/settings', { mfaRequiredForAdmins: false }), 403, 'mfa_enrolment_required');
    expect((await client.get('/api/v1/auth/session')).body.mfaEnrolmentRequired).toBe(true);
    expect((await client.get('/api/v1/me/mfa')).body).toMatchObject({ required: true, totp: { enabled: false } });
    const { secret } = await enrolTotp(client);
    // Enrolled: the same session is a full one.
    expect((await client.get('/api/v1/users')).status).toBe(200);
    expect((await client.get('/api/v1/auth/session')).body.mfaEnrolmentRequired).toBe(false);
    // The only factor cannot be removed while it is required.
    expectError(await client.delete('/api/v1/me/mfa/totp'), 409, 'conflict');
    // The next sign-in asks for it.
    const next = await passwordStep(admin.email);
    expect(next.res.body.mfaRequired).toBe(true);
    expect(
      (await next.client.post('/api/v1/auth/mfa', { mfaToken: next.res.body.mfaToken, code: await codeAt(secret, 1) }))
        .status,
    ).toBe(200);
    // Other roles are not concerned.
    expect(
      (await passwordStep((await insertUser(t.db, { role: 'hr', password: PASSWORD })).email)).res.body
        .mfaEnrolmentRequired,
    ).toBe(false);
  });

  it('for everyone: a learner too; signing out ends the restricted session', async () => {
    expect((await owner.patch('/api/v1/settings', { mfaRequiredForEveryone: true })).status).toBe(200);
    const learner = await insertUser(t.db, { role: 'learner', password: PASSWORD });
    const { client, res } = await passwordStep(learner.email);
    expect(res.body.mfaEnrolmentRequired).toBe(true);
    expectError(await client.get('/api/v1/directory'), 403, 'mfa_enrolment_required');
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await client.get('/api/v1/me/mfa')).status).toBe(401);
  });

  it('a brand-new install requires it of Owners and Admins; the setting itself defaults to off', async () => {
    const db = await testDb();
    try {
      expect((await getSettings(db)).mfaRequiredForAdmins).toBe(false);
      await ensureFirstOwner(db, { ownerEmail: 'first@example.com', ownerPassword: 'first-owner-password' });
      expect(await getSettings(db)).toMatchObject({ mfaRequiredForAdmins: true, mfaRequiredForEveryone: false });
      // A second start finds users and changes nothing.
      await db.query(`update settings set value = 'false' where key = 'mfaRequiredForAdmins'`);
      expect(await ensureFirstOwner(db, {})).toBeNull();
      expect((await getSettings(db)).mfaRequiredForAdmins).toBe(false);
    } finally {
      await db.close();
    }
  });
});

describe('resetting someone else’s factors', () => {
  it('only for people below one’s rank, audited', async () => {
    const admin = await signedIn(t, 'admin');
    const hr = await signedIn(t, 'hr');
    const learner = await signedIn(t, 'learner');
    const otherAdmin = await signedIn(t, 'admin');
    await enrolTotp(learner.client);
    await enrolTotp(otherAdmin.client);
    expectError(await admin.client.delete(`/api/v1/users/${otherAdmin.id}/mfa`), 403, 'forbidden');
    expectError(
      await admin.client.delete(
        `/api/v1/users/${(await t.db.query<{ id: string }>(`select id from users where email = $1`, [OWNER.email]))[0]!.id}/mfa`,
      ),
      403,
      'forbidden',
    );
    expectError(await hr.client.delete(`/api/v1/users/${admin.id}/mfa`), 403, 'forbidden');
    expectError(await admin.client.delete(`/api/v1/users/${admin.id}/mfa`), 403, 'forbidden');
    expectError(await learner.client.delete(`/api/v1/users/${hr.id}/mfa`), 404, 'not_found');
    expectError(await admin.client.delete(`/api/v1/users/no-such-user/mfa`), 404, 'not_found');
    expect((await passwordStep(learner.email)).res.body.mfaRequired).toBe(true);

    expect((await admin.client.delete(`/api/v1/users/${learner.id}/mfa`)).status).toBe(204);
    expect((await passwordStep(learner.email)).res.body.user.id).toBe(learner.id);
    expect((await learner.client.get('/api/v1/me/mfa')).body).toMatchObject({
      totp: { enabled: false },
      recoveryCodesLeft: 0,
    });
    const audit = await t.db.query(
      `select actor_id, before from audit_log where action = 'user.mfa_reset' and target_id = $1`,
      [learner.id],
    );
    expect(audit).toEqual([{ actor_id: admin.id, before: { totp: true, passkeys: 0 } }]);
    // The Owner outranks Admins.
    expect((await owner.delete(`/api/v1/users/${otherAdmin.id}/mfa`)).status).toBe(204);
  });

  it('no factor changes inside a login-as session', async () => {
    const learner = await insertUser(t.db, { role: 'learner', password: PASSWORD });
    const other = await insertUser(t.db, { role: 'learner', password: PASSWORD });
    const as = await t.as(OWNER.email, OWNER.password);
    expect((await as.post(`/api/v1/users/${learner.id}/impersonate`)).status).toBe(200);
    expect((await as.get('/api/v1/me/mfa')).status).toBe(200);
    expectError(await as.post('/api/v1/me/mfa/totp'), 403, 'forbidden');
    expectError(await as.post('/api/v1/me/mfa/totp/confirm', { code: '123456' }), 403, 'forbidden');
    expectError(await as.delete('/api/v1/me/mfa/totp'), 403, 'forbidden');
    expectError(await as.post('/api/v1/me/passkeys/registration-options'), 403, 'forbidden');
    expectError(await as.delete('/api/v1/me/passkeys/some-id'), 403, 'forbidden');
    expectError(await as.delete(`/api/v1/users/${other.id}/mfa`), 403, 'forbidden');
    expect(await t.db.query(`select 1 from mfa_totp where user_id = $1`, [learner.id])).toEqual([]);
  });
});

describe('session lifetimes', () => {
  afterAll(async () => {
    await owner.patch('/api/v1/settings', { sessionIdleMinutes: 720, sessionAbsoluteHours: 12 });
  });
  const age = (client: Client, column: 'last_seen_at' | 'created_at', minutes: number) =>
    t.db.query(
      `update sessions set ${column} = now() - make_interval(mins => $2) where id_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [client.cookie!.split('=')[1], minutes],
    );

  it('defaults to today’s 12 hours idle and 12 hours in all', async () => {
    expect((await owner.get('/api/v1/settings')).body).toMatchObject({
      sessionIdleMinutes: 720,
      sessionAbsoluteHours: 12,
    });
    const a = await signedIn(t, 'learner');
    await age(a.client, 'last_seen_at', 11 * 60);
    expect((await a.client.get('/api/v1/me')).status).toBe(200);
    await age(a.client, 'last_seen_at', 12 * 60 + 1);
    expect((await a.client.get('/api/v1/me')).status).toBe(401);
    const b = await signedIn(t, 'learner');
    await age(b.client, 'created_at', 12 * 60 + 1);
    expect((await b.client.get('/api/v1/me')).status).toBe(401);
  });

  it('a shorter idle lifetime ends idle sessions; use keeps them alive', async () => {
    expect((await owner.patch('/api/v1/settings', { sessionIdleMinutes: 30 })).status).toBe(200);
    const s = await signedIn(t, 'learner');
    const [row] = await t.db.query<{ minutes: number }>(
      `select extract(epoch from expires_at - created_at) / 60 as minutes from sessions where user_id = $1`,
      [s.id],
    );
    expect(Math.round(Number(row!.minutes))).toBe(30);
    await age(s.client, 'last_seen_at', 29);
    expect((await s.client.get('/api/v1/me')).status).toBe(200); // slides
    await age(s.client, 'last_seen_at', 2);
    expect((await s.client.get('/api/v1/me')).status).toBe(200);
    await age(s.client, 'last_seen_at', 31);
    expect((await s.client.get('/api/v1/me')).status).toBe(401);
  });

  it('the absolute lifetime ends a session however busy', async () => {
    expect((await owner.patch('/api/v1/settings', { sessionIdleMinutes: 720, sessionAbsoluteHours: 2 })).status).toBe(
      200,
    );
    const s = await signedIn(t, 'learner');
    await age(s.client, 'created_at', 119);
    await age(s.client, 'last_seen_at', 2);
    expect((await s.client.get('/api/v1/me')).status).toBe(200);
    const [row] = await t.db.query<{ left: number }>(
      `select extract(epoch from expires_at - now()) / 60 as left from sessions where user_id = $1`,
      [s.id],
    );
    expect(Number(row!.left)).toBeLessThanOrEqual(1.1); // sliding stops at the absolute end
    await age(s.client, 'created_at', 121);
    expect((await s.client.get('/api/v1/me')).status).toBe(401);
  });

  it('refuses lifetimes out of range', async () => {
    expectError(await owner.patch('/api/v1/settings', { sessionIdleMinutes: 1 }), 400, 'validation_failed');
    expectError(await owner.patch('/api/v1/settings', { sessionAbsoluteHours: 100_000 }), 400, 'validation_failed');
  });
});
