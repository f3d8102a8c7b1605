import { describe, expect, it } from 'vitest';
import { lastLinkTo } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

const { t, owner } = useApp();

describe('invite → accept → sign in → deactivate', () => {
  it('runs the whole lifecycle through the API', async () => {
    const created = await owner.post('/api/v1/users', {
      email: 'Jane.Doe@Example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      invite: 'now',
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('invite_pending');
    expect(created.body.invitedAt).toBeTruthy();
    const id = created.body.id;

    const sweep = await t.sweep();
    expect(sweep.emails).toBe(1);
    const link = await lastLinkTo(t.db, 'jane.doe@example.com');
    expect(link).toMatch(/^http:\/\/roster\.test\/invite\/[A-Za-z0-9_-]+$/);
    const token = link.split('/').pop()!;

    const jane = t.anon();
    const info = await jane.get(`/api/v1/invitations/${token}`);
    expect(info.status).toBe(200);
    expect(info.body.firstName).toBe('Jane');

    const accepted = await jane.post(`/api/v1/invitations/${token}/accept`, { password: 'a-long-password' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user.status).toBe('confirmed');
    expect((await jane.get('/api/v1/me')).body.email).toBe('Jane.Doe@Example.com');

    const reused = await t.anon().post(`/api/v1/invitations/${token}/accept`, { password: 'another-password' });
    expect(reused.status).toBe(410);
    expect(reused.body.error.code).toBe('invitation_used');

    const deact = await owner.post(`/api/v1/users/${id}/deactivate`);
    expect(deact.status).toBe(200);
    expect(deact.body.status).toBe('deactivated');
    expect((await jane.get('/api/v1/me')).status).toBe(401);

    const login = await t
      .anon()
      .post('/api/v1/auth/login', { email: 'jane.doe@example.com', password: 'a-long-password' });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('account_deactivated');

    const react = await owner.post(`/api/v1/users/${id}/reactivate`);
    expect(react.body.status).toBe('confirmed');
    expect(
      (await t.anon().post('/api/v1/auth/login', { email: 'jane.doe@example.com', password: 'a-long-password' }))
        .status,
    ).toBe(200);

    const history = await owner.get(`/api/v1/users/${id}/status-history`);
    expect(history.body.items.map((h: any) => h.toStatus)).toEqual([
      'confirmed',
      'deactivated',
      'confirmed',
      'invite_pending',
      'not_invited',
    ]);
  });
});
