import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, signedIn, uniqueEmail } from '../helpers/api';

const { t, owner } = useApp();
let ownerId: string;
beforeAll(async () => {
  ownerId = (await owner.get('/api/v1/me')).body.id;
});

describe('settings', () => {
  it('GET and PATCH by owner/admin, audited; validation; others 403', async () => {
    const s = await owner.get('/api/v1/settings');
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ invitationExpiryDays: 14, usersMayChangeOwnEmail: false });
    const p = await owner.patch('/api/v1/settings', { invitationExpiryDays: 3, organisationName: 'Acme' });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ invitationExpiryDays: 3, organisationName: 'Acme' });
    expect((await owner.get('/api/v1/settings')).body.invitationExpiryDays).toBe(3);
    expectError(await owner.patch('/api/v1/settings', { invitationExpiryDays: 0 }), 400, 'validation_failed');
    expectError(await owner.patch('/api/v1/settings', { invitationExpiryDays: 'soon' }), 400, 'validation_failed');
    expectError(await owner.patch('/api/v1/settings', { nonsense: true }), 400, 'validation_failed');
    const admin = await signedIn(t, 'admin');
    expect((await admin.client.get('/api/v1/settings')).status).toBe(200);
    const hr = await signedIn(t, 'hr');
    expectError(await hr.client.get('/api/v1/settings'), 403, 'forbidden');
    expectError(await hr.client.patch('/api/v1/settings', { organisationName: 'HR Inc' }), 403, 'forbidden');
    const audit = await owner.get('/api/v1/audit?action=settings.updated');
    expect(audit.body.items[0]).toMatchObject({
      actorId: ownerId,
      before: { invitationExpiryDays: 14 },
      after: { invitationExpiryDays: 3 },
    });

    // The expiry setting applies to new invitations.
    const u = await createUser(owner, { invite: 'now' });
    const inv = await owner.get(`/api/v1/users/${u.id}/invitations`);
    const days = (Date.parse(inv.body.items[0].expiresAt) - Date.parse(inv.body.items[0].createdAt)) / 86_400_000;
    expect(Math.round(days)).toBe(3);
    await owner.patch('/api/v1/settings', { invitationExpiryDays: 14 });
  });

  it("the organisation's default language is stored, given to the sign-in page before anyone signs in, and one of the UI's", async () => {
    expect((await t.anon().get('/api/v1/auth/options')).body.defaultLanguage).toBe('en');
    const p = await owner.patch('/api/v1/settings', { defaultLanguage: 'de' });
    expect(p.status).toBe(200);
    expect(p.body.defaultLanguage).toBe('de');
    expect((await owner.get('/api/v1/settings')).body.defaultLanguage).toBe('de');
    expect((await t.anon().get('/api/v1/auth/options')).body.defaultLanguage).toBe('de');
    expectError(await owner.patch('/api/v1/settings', { defaultLanguage: 'es' }), 400, 'validation_failed');
    expectError(await owner.patch('/api/v1/settings', { defaultLanguage: 'fr-CA' }), 400, 'validation_failed');
    expect((await owner.get('/api/v1/settings')).body.defaultLanguage).toBe('de');
    await owner.patch('/api/v1/settings', { defaultLanguage: 'en' });
  });
});

describe('mailbox', () => {
  it('shows sent mail to owners, not to others', async () => {
    const u = await createUser(owner, { invite: 'now', firstName: 'Mailo' });
    await t.sweep();
    const box = await owner.get('/api/v1/mailbox');
    expect(box.status).toBe(200);
    const msg = box.body.items.find((m: any) => m.to === u.email);
    expect(msg.subject).toBeTruthy();
    expect(msg.text).toMatch(/http:\/\/roster\.test\/invite\//);
    expect(msg.text).toContain('Mailo');
    expectError(await owner.get('/api/v1/mailbox?limit=0'), 400, 'validation_failed');
    const hr = await signedIn(t, 'hr');
    expectError(await hr.client.get('/api/v1/mailbox'), 403, 'forbidden');
  });
});

describe('audit log', () => {
  it('records create, update and status changes with actor, before/after and ip', async () => {
    const u = await createUser(owner, { jobTitle: 'Clerk' });
    await owner.patch(`/api/v1/users/${u.id}`, { jobTitle: 'Manager' });
    await owner.post(`/api/v1/users/${u.id}/deactivate`);
    const res = await owner.get(`/api/v1/audit?targetId=${u.id}`);
    expect(res.status).toBe(200);
    const byAction = Object.fromEntries(res.body.items.map((e: any) => [e.action, e]));
    expect(byAction['user.created']).toMatchObject({
      actorId: ownerId,
      targetId: u.id,
      ip: owner.ip,
      after: { email: u.email, jobTitle: 'Clerk' },
    });
    expect(byAction['user.updated']).toMatchObject({
      actorId: ownerId,
      before: { jobTitle: 'Clerk' },
      after: { jobTitle: 'Manager' },
    });
    expect(Object.keys(byAction['user.updated'].after)).toEqual(['jobTitle']);
    expect(byAction['user.status_changed']).toMatchObject({
      before: { status: 'not_invited' },
      after: { status: 'deactivated' },
    });
    expect(Date.parse(byAction['user.created'].at)).toBeGreaterThan(Date.now() - 60_000);
    // Newest first.
    expect(res.body.items[0].action).toBe('user.status_changed');
  });

  it('filters by actorId, targetId, action (exact or prefix), from/to', async () => {
    const hr = await signedIn(t, 'hr');
    const made = await hr.client.post('/api/v1/users', { email: uniqueEmail('aud'), firstName: 'Audited' });
    const byHr = await owner.get(`/api/v1/audit?actorId=${hr.id}`);
    expect(byHr.body.items.length).toBeGreaterThan(0);
    expect(byHr.body.items.every((e: any) => e.actorId === hr.id)).toBe(true);
    expect(byHr.body.items.map((e: any) => e.targetId)).toContain(made.body.id);

    const created = await owner.get(`/api/v1/audit?action=user.created&targetId=${made.body.id}`);
    expect(created.body.total).toBe(1);
    const prefix = await owner.get('/api/v1/audit?action=user.&limit=500');
    expect(prefix.body.items.every((e: any) => e.action.startsWith('user.'))).toBe(true);
    expect(prefix.body.items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['user.created', 'user.signed_in']),
    );

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await owner.get(`/api/v1/audit?from=${future}`)).body.total).toBe(0);
    const all = (await owner.get('/api/v1/audit?limit=1')).body.total;
    expect((await owner.get(`/api/v1/audit?to=${future}&limit=1`)).body.total).toBe(all);
    expect((await owner.get('/api/v1/audit?to=2000-01-01T00:00:00Z')).body.total).toBe(0);
    expectError(await owner.get(`/api/v1/audit?from=${future}&to=2000-01-01T00:00:00Z`), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/audit?from=yesterday'), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/audit?cursor=abc'), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/audit?bogus=1'), 400, 'validation_failed');
  });

  it('paginates without duplicates, with a stable total', async () => {
    for (let i = 0; i < 6; i++) await createUser(owner);
    const first = await owner.get('/api/v1/audit?limit=500');
    const total = first.body.total;
    expect(first.body.items).toHaveLength(total);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await owner.get(`/api/v1/audit?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.total).toBe(total);
      seen.push(...page.body.items.map((e: any) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(first.body.items.map((e: any) => e.id));
  });
});

describe('OpenAPI', () => {
  it('serves a valid document describing the users endpoints', async () => {
    const res = await t.anon().get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(typeof res.body).toBe('object');
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.paths['/api/v1/users']).toHaveProperty('get');
    expect(res.body.paths['/api/v1/users']).toHaveProperty('post');
    expect(Object.keys(res.body.paths['/api/v1/users/{id}'])).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    );
    expect(res.body.paths['/api/v1/users/{id}/deactivate']).toHaveProperty('post');
    expect(res.body.paths['/api/v1/invitations/{token}/accept']).toHaveProperty('post');
  });
});
