import { describe, expect, it } from 'vitest';
import { insertUser } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, uniqueEmail } from '../helpers/api';

const { t, owner } = useApp();

const fields = (res: { body: any }) => (res.body.error.details as { field: string }[]).map((d) => d.field);

describe('malformed requests', () => {
  it('malformed JSON → 400 invalid_json', async () => {
    expectError(await owner.post('/api/v1/users', '{"email": "a@b.c", '), 400, 'invalid_json');
    expectError(await owner.patch('/api/v1/me', '{firstName: nope}'), 400, 'invalid_json');
    expectError(await t.anon().post('/api/v1/auth/login', 'not json at all'), 400, 'invalid_json');
  });

  it('wrong types → 400 validation_failed listing the fields', async () => {
    const res = await owner.post('/api/v1/users', {
      email: 42,
      firstName: ['x'],
      role: 'emperor',
      invite: 'tomorrow',
      onBreak: 'yes',
    });
    expectError(res, 400, 'validation_failed');
    expect(fields(res)).toEqual(expect.arrayContaining(['email', 'firstName', 'role', 'invite', 'onBreak']));
    for (const d of res.body.error.details) expect(typeof d.message).toBe('string');
  });

  it('unknown fields → 400 validation_failed naming them', async () => {
    const res = await owner.post('/api/v1/users', {
      email: uniqueEmail(),
      firstName: 'A',
      favouriteColour: 'blue',
      isAdmin: true,
    });
    expectError(res, 400, 'validation_failed');
    expect(fields(res)).toEqual(expect.arrayContaining(['favouriteColour', 'isAdmin']));
    const u = await createUser(owner);
    const patch = await owner.patch(`/api/v1/users/${u.id}`, { status: 'confirmed', passwordHash: 'x' });
    expectError(patch, 400, 'validation_failed');
    expect(fields(patch)).toEqual(expect.arrayContaining(['status', 'passwordHash']));
    expect((await owner.get(`/api/v1/users/${u.id}`)).body.status).toBe('not_invited');
  });

  it('a JSON array or null body is refused', async () => {
    expectError(
      await owner.post('/api/v1/users', [{ email: uniqueEmail(), firstName: 'A' }]),
      400,
      'validation_failed',
    );
    expectError(await owner.post('/api/v1/users', 'null'), 400, 'validation_failed');
  });

  it('a body over 1 MiB → 413', async () => {
    const res = await owner.post('/api/v1/users', {
      email: uniqueEmail(),
      firstName: 'A',
      jobTitle: 'x'.repeat(1024 * 1024 + 10),
    });
    expectError(res, 413, 'payload_too_large');
  });

  it('a non-JSON content type → 415', async () => {
    const res = await owner.post('/api/v1/users', 'email=a@b.c', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('unknown route → 404 envelope; unknown user id → 404', async () => {
    const res = await owner.get('/api/v1/no-such-thing');
    expectError(res, 404, 'not_found');
    expectError(await t.anon().post('/api/v1/nope', {}), 404, 'not_found');
    expectError(await owner.get('/api/v1/users/00000000-0000-0000-0000-000000000000'), 404, 'not_found');
    expect([400, 404]).toContain((await owner.get(`/api/v1/users/${'x'.repeat(101)}`)).status);
    expectError(await owner.get(`/api/v1/users/${encodeURIComponent("' or 1=1 --")}`), 404, 'not_found');
  });

  it('overlong strings are refused, not truncated or 500', async () => {
    const res = await owner.post('/api/v1/users', {
      email: `${'a'.repeat(250)}@example.com`,
      firstName: 'x'.repeat(101),
    });
    expectError(res, 400, 'validation_failed');
    expect(fields(res)).toEqual(expect.arrayContaining(['email', 'firstName']));
  });
});

describe('email uniqueness', () => {
  it('5 concurrent creations of the same email in different cases: exactly one 201, the others 409 email_taken', async () => {
    const base = uniqueEmail('race');
    const variants = [
      base,
      base.toUpperCase(),
      base.replace(/^r/, 'R'),
      base.replace('@', '@').replace(/e/g, 'E'),
      base.replace('example', 'EXAMPLE'),
    ];
    const results = await Promise.all(
      variants.map((email) => owner.post('/api/v1/users', { email, firstName: 'Race' })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('email_taken');
    const rows = await t.db.query(`select id from users where email_normalized = $1`, [base.toLowerCase()]);
    expect(rows).toHaveLength(1);
  });

  it('the email of a deactivated user → 409 with a reactivation hint', async () => {
    const email = uniqueEmail('gone');
    const u = await insertUser(t.db, { email, status: 'deactivated' });
    const res = await owner.post('/api/v1/users', { email: email.toUpperCase(), firstName: 'New' });
    expectError(res, 409, 'email_taken');
    expect(res.body.error.details).toMatchObject({ userId: u.id, hint: 'reactivate' });
    expect(res.body.error.message).toMatch(/reactivate/i);
  });
});
