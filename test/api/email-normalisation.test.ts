import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { insertUser } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { expectError } from '../helpers/api';
import { preview, rowsOf } from '../imports/helpers';
import { rekeyStoredEmails } from '../../src/server/modules/people/email';

/** Security review, finding 12: one address, however it is spelled, is one account. */
const { t, owner } = useApp();

const PASSWORD = 'granite-Lantern-orbit-42';
const tag = () => randomUUID().slice(0, 6);
/** Full-width forms of ASCII letters, digits and punctuation (U+FF01…U+FF5E). */
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const create = (email: string) => owner.post('/api/v1/users', { email, firstName: 'Look', lastName: 'Alike' });

describe('look-alike addresses are the same address', () => {
  it('full-width, NFD and upper-case spellings collide with the stored address (409)', async () => {
    const id = tag();
    expect((await create(`andré.${id}@example.com`)).status).toBe(201);
    expectError(await create(fullWidth(`andré.${id}@example.com`)), 409, 'email_taken');
    expectError(await create(`andre\u0301.${id}@example.com`), 409, 'email_taken');
    expectError(await create(`  ANDRÉ.${id}@EXAMPLE.COM `), 409, 'email_taken');
  });

  it('an IDN domain and its punycode are one domain, stored as punycode', async () => {
    const id = tag();
    const made = await create(`mia.${id}@bücher.example`);
    expect(made.status).toBe(201);
    expect(made.body.email).toBe(`mia.${id}@xn--bcher-kva.example`);
    expectError(await create(`mia.${id}@XN--BCHER-KVA.example`), 409, 'email_taken');
    expectError(await create(`mia.${id}@BÜCHER.example`), 409, 'email_taken');
  });

  it('zero-width, bidi-control, soft-hyphen and inner-space addresses are refused with a clear 400', async () => {
    for (const bad of [
      'zw\u200bsp@example.com',
      'bidi\u202e@example.com',
      'soft\u00adhyphen@example.com',
      'in side@example.com',
      'nb\u00a0sp@example.com',
      'bom\ufeff@example.com',
    ]) {
      const res = await create(bad);
      expectError(res, 400, 'validation_failed');
      expect(res.body.error.details.map((d: any) => d.field)).toContain('email');
      expect(JSON.stringify(res.body.error.details)).toMatch(/invisible character/);
    }
  });

  it('PATCH /users and PATCH /me refuse a look-alike of another user’s address', async () => {
    const id = tag();
    const a = (await create(`first.${id}@example.com`)).body;
    const b = (await create(`second.${id}@example.com`)).body;
    expectError(
      await owner.patch(`/api/v1/users/${b.id}`, { email: fullWidth(`FIRST.${id}@example.com`) }),
      409,
      'email_taken',
    );
    expectError(
      await owner.patch(`/api/v1/users/${b.id}`, { email: `first.${id}\u200c@example.com` }),
      400,
      'validation_failed',
    );
    await owner.patch('/api/v1/settings', { usersMayChangeOwnEmail: true });
    try {
      expectError(await owner.patch('/api/v1/me', { email: fullWidth(`first.${id}@example.com`) }), 409, 'email_taken');
      expectError(await owner.patch('/api/v1/me', { email: `owner\u2060@example.com` }), 400, 'validation_failed');
    } finally {
      await owner.patch('/api/v1/settings', { usersMayChangeOwnEmail: false });
    }
    expect((await owner.get(`/api/v1/users/${a.id}`)).body.email).toBe(`first.${id}@example.com`);
  });
});

describe('signing in and asking for a reset with another spelling', () => {
  it('login finds the account from a full-width, upper-case, NFD or punycode spelling', async () => {
    const id = tag();
    const made = await create(`zoé.${id}@bücher.example`);
    expect((await owner.post(`/api/v1/users/${made.body.id}/set-password`, { password: PASSWORD })).status).toBe(200);
    for (const spelling of [
      `zoé.${id}@bücher.example`,
      fullWidth(`ZOÉ.${id}`) + '@BÜCHER.example',
      `zoe\u0301.${id}@xn--bcher-kva.example`,
      ` ZOÉ.${id}@XN--BCHER-KVA.EXAMPLE `,
    ]) {
      const res = await t.anon().post('/api/v1/auth/login', { email: spelling, password: PASSWORD });
      expect(res.status, spelling).toBe(200);
    }
    expectError(
      await t.anon().post('/api/v1/auth/login', { email: `zoé.${id}\u200b@bücher.example`, password: PASSWORD }),
      400,
      'validation_failed',
    );
  });

  it('a password reset asked for with a full-width spelling reaches the account', async () => {
    const u = await insertUser(t.db, { email: `rita.${tag()}@example.com` });
    expect(
      (await t.anon().post('/api/v1/auth/password-reset', { email: fullWidth(u.email.toUpperCase()) })).status,
    ).toBe(202);
    expect(await t.db.query(`select 1 from password_resets where user_id = $1`, [u.id])).toHaveLength(1);
  });

  it('sign-up with a look-alike of an existing address creates no second request', async () => {
    await owner.patch('/api/v1/settings', { selfSignup: { enabled: true, allowedDomains: ['example.com'] } });
    try {
      const u = await insertUser(t.db, { email: `sam.${tag()}@example.com` });
      const res = await t
        .anon()
        .post('/api/v1/signup', { email: fullWidth(u.email), firstName: 'Sam', lastName: 'Twin', password: PASSWORD });
      expect(res.status).toBe(202);
      expect(
        await t.db.query(`select 1 from signup_requests where first_name = 'Sam' and last_name = 'Twin'`),
      ).toHaveLength(0);
      expectError(
        await t.anon().post('/api/v1/signup', {
          email: `sam\u200d@example.com`,
          firstName: 'S',
          lastName: 'T',
          password: PASSWORD,
        }),
        400,
        'validation_failed',
      );
    } finally {
      await owner.patch('/api/v1/settings', { selfSignup: { enabled: false, allowedDomains: [] } });
    }
  });
});

describe('CSV import', () => {
  it('matches a full-width / NFD spelling to the existing person, and refuses invisible characters in a cell', async () => {
    const id = tag();
    await create(`renée.${id}@example.com`);
    const csv = [
      'email,firstName',
      `${fullWidth('REN')}E\u0301${fullWidth('E')}.${id}@example.com,Renée`,
      `x\u200b${id}@example.com,Zero`,
    ].join('\n');
    const p = await preview(t, owner, csv, { mode: 'add_update' });
    expect(p.state).toBe('previewed');
    const rows = await rowsOf(owner, p.id);
    expect(rows[0].action).toBe('update');
    expect(rows[1].action).toBe('error');
    expect(JSON.stringify(rows[1])).toMatch(/invisible character/);
  });
});

describe('addresses stored before normalisation', () => {
  it('are re-keyed at start-up so every spelling finds them', async () => {
    const id = tag();
    const u = await insertUser(t.db, { email: `old.${id}@Bücher.example`, password: PASSWORD });
    expect(
      (await t.db.query<{ k: string }>(`select email_normalized as k from users where id = $1`, [u.id]))[0]!.k,
    ).toBe(`old.${id}@bücher.example`);
    expect(
      (await t.anon().post('/api/v1/auth/login', { email: `old.${id}@bücher.example`, password: PASSWORD })).status,
    ).toBe(401);

    expect(await rekeyStoredEmails(t.db)).toBeGreaterThanOrEqual(1);
    expect(
      (await t.db.query<{ k: string }>(`select email_normalized as k from users where id = $1`, [u.id]))[0]!.k,
    ).toBe(`old.${id}@xn--bcher-kva.example`);
    expect(
      (await t.anon().post('/api/v1/auth/login', { email: `OLD.${id}@bücher.example`, password: PASSWORD })).status,
    ).toBe(200);
    expect(await rekeyStoredEmails(t.db)).toBe(0);
  });

  it('a stored address whose new key another user holds keeps its old key (nothing merged, start-up not blocked)', async () => {
    const id = tag();
    await insertUser(t.db, { email: `clash.${id}@xn--bcher-kva.example` });
    const old = await insertUser(t.db, { email: `clash.${id}@bücher.example` });
    await rekeyStoredEmails(t.db);
    expect(
      (await t.db.query<{ k: string }>(`select email_normalized as k from users where id = $1`, [old.id]))[0]!.k,
    ).toBe(`clash.${id}@bücher.example`);
  });
});
