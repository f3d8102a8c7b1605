import { describe, expect, it } from 'vitest';
import { insertUser, lastLinkTo, type Res } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, lastToken, signedIn, uniqueEmail } from '../helpers/api';
import { createOwner } from '../../src/server/bootstrap';

/** Security review, finding 13b: every place a password is chosen asks the strength estimator. */
const { t, owner } = useApp();

const STRONG = 'granite-Lantern-orbit-42';

/** A 400 on `field` whose message is the estimator's feedback. */
function expectWeak(res: Res, field = 'password') {
  expectError(res, 400, 'validation_failed');
  const detail = res.body.error.details.find((d: any) => d.field === field);
  expect(detail?.message, JSON.stringify(res.body)).toMatch(/too easy to guess/);
  return detail.message as string;
}

async function resetToken(email: string): Promise<string> {
  expect((await t.anon().post('/api/v1/auth/password-reset', { email })).status).toBe(202);
  await t.sweep();
  return /reset-password\/([A-Za-z0-9_-]+)/.exec(await lastLinkTo(t.db, email))![1]!;
}

describe('weak passwords are refused wherever a password is chosen', () => {
  it('an administrator setting a password: repeated characters, the user’s own email or name', async () => {
    const email = uniqueEmail('weak');
    const u = await createUser(owner, { email, firstName: 'Bartholomew', lastName: 'Quince' });
    expect(expectWeak(await owner.post(`/api/v1/users/${u.id}/set-password`, { password: 'aaaaaaaaaa' }))).toMatch(
      /Repeated characters/,
    );
    expectWeak(await owner.post(`/api/v1/users/${u.id}/set-password`, { password: email }));
    expectWeak(await owner.post(`/api/v1/users/${u.id}/set-password`, { password: 'BartholomewQuince' }));
    expect((await owner.get(`/api/v1/users/${u.id}`)).body.status).toBe('not_invited');
    expect((await owner.post(`/api/v1/users/${u.id}/set-password`, { password: STRONG })).status).toBe(200);
  });

  it('accepting an invitation', async () => {
    const u = await createUser(owner, { invite: 'now' });
    await t.sweep();
    const token = await lastToken(t, u.email);
    expectWeak(await t.anon().post(`/api/v1/invitations/${token}/accept`, { password: 'password-1234' }));
    expect((await t.anon().post(`/api/v1/invitations/${token}/accept`, { password: STRONG })).status).toBe(200);
  });

  it('resetting a forgotten password', async () => {
    const { email } = await insertUser(t.db, { email: uniqueEmail('reset') });
    const token = await resetToken(email);
    expectWeak(await t.anon().post(`/api/v1/auth/password-reset/${token}`, { password: 'qwertyuiop' }));
    expect((await t.anon().post(`/api/v1/auth/password-reset/${token}`, { password: STRONG })).status).toBe(204);
  });

  it('changing one’s own password (the error names newPassword)', async () => {
    const me = await signedIn(t);
    expectWeak(
      await me.client.post('/api/v1/me/password', { currentPassword: 'password-1234', newPassword: me.email }),
      'newPassword',
    );
    expect(
      (await me.client.post('/api/v1/me/password', { currentPassword: 'password-1234', newPassword: STRONG })).status,
    ).toBe(204);
  });

  it('signing up', async () => {
    await owner.patch('/api/v1/settings', { selfSignup: { enabled: true, allowedDomains: ['example.com'] } });
    try {
      const email = uniqueEmail('signup');
      expectWeak(
        await t.anon().post('/api/v1/signup', { email, firstName: 'Sam', lastName: 'Signup', password: '1234567890' }),
      );
      expect(
        (await t.anon().post('/api/v1/signup', { email, firstName: 'Sam', lastName: 'Signup', password: STRONG }))
          .status,
      ).toBe(202);
    } finally {
      await owner.patch('/api/v1/settings', { selfSignup: { enabled: false, allowedDomains: [] } });
    }
  });

  it('the first Owner, when a password is given', async () => {
    await expect(createOwner(t.db, { email: uniqueEmail('boot'), password: 'aaaaaaaaaa' })).rejects.toThrow(
      /too easy to guess/,
    );
    expect(
      (await createOwner(t.db, { email: uniqueEmail('boot'), password: STRONG })).generatedPassword,
    ).toBeUndefined();
  });
});

describe('the organisation setting passwordMinScore', () => {
  it('defaults to 3, takes 0 to 4, and decides what is accepted', async () => {
    expect((await owner.get('/api/v1/settings')).body.passwordMinScore).toBe(3);
    for (const bad of [5, -1, 2.5, '3'])
      expectError(await owner.patch('/api/v1/settings', { passwordMinScore: bad }), 400, 'validation_failed');
    const u = await createUser(owner);
    expect((await owner.patch('/api/v1/settings', { passwordMinScore: 0 })).body.passwordMinScore).toBe(0);
    try {
      expect((await owner.post(`/api/v1/users/${u.id}/set-password`, { password: 'aaaaaaaaaa' })).status).toBe(200);
      await owner.patch('/api/v1/settings', { passwordMinScore: 4 });
      expectWeak(await owner.post(`/api/v1/users/${u.id}/set-password`, { password: 'password-1234' }));
    } finally {
      await owner.patch('/api/v1/settings', { passwordMinScore: 3 });
    }
  });
});
