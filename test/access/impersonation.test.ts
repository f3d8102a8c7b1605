import { beforeAll, expect, it } from 'vitest';
import { insertUser, OWNER, type Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

const { t, owner } = useApp();
let ownerId: string;
beforeAll(async () => {
  ownerId = (await owner.get('/api/v1/me')).body.id;
});

/** The impersonation response swaps the session cookie and keeps the own one in a second cookie. */
async function loginAs(client: Client, userId: string) {
  const res = await client.request('POST', `/api/v1/users/${userId}/impersonate`, {});
  return res;
}

it('an Owner acts as a learner, every action is audited with both identities, and returns', async () => {
  const ann = await insertUser(t.db, { email: 'ann@example.com', firstName: 'Ann' });
  const admin = await t.as(OWNER.email, OWNER.password);
  const started = await loginAs(admin, ann.id);
  expect(started.status).toBe(200);
  expect(started.body.user.id).toBe(ann.id);
  expect(started.body.impersonator.id).toBe(ownerId);
  expect(new Date(started.body.impersonator.endsAt).getTime() - Date.now()).toBeLessThanOrEqual(30 * 60_000);
  const returnCookie = [started.headers['set-cookie']].flat().find((c: string) => c.startsWith('roster_return='));
  expect(returnCookie).toMatch(/HttpOnly/);

  // Acting as Ann: a profile edit is recorded with Ann as actor and the Owner as impersonator.
  expect((await admin.patch('/api/v1/me', { jobTitle: 'Set while impersonated' })).status).toBe(200);
  const audit = await owner.get(`/api/v1/audit?targetId=${ann.id}&action=user.updated`);
  expect(audit.body.items[0]).toMatchObject({ actorId: ann.id, impersonatorId: ownerId });

  // It cannot impersonate again, nor act on the impersonator.
  const other = await insertUser(t.db);
  expect((await admin.post(`/api/v1/users/${other.id}/impersonate`)).status).toBe(403);

  // Return: the cookie jar of this test client keeps only roster_session, so pass the return cookie explicitly.
  const back = await admin.request(
    'POST',
    '/api/v1/auth/stop-impersonating',
    {},
    { cookie: `${admin.cookie}; ${returnCookie!.split(';')[0]}` },
  );
  expect(back.status).toBe(200);
  expect(back.body.user.id).toBe(ownerId);
  expect(back.body.impersonator).toBeNull();
  expect((await admin.get('/api/v1/me')).body.id).toBe(ownerId);
  const ended = await owner.get(`/api/v1/audit?action=impersonation.ended`);
  expect(ended.body.items[0]).toMatchObject({ actorId: ann.id, impersonatorId: ownerId });
});

it('nobody impersonates Owners, deactivated, expired or anonymised users; Admins need their own session', async () => {
  const owner2 = await insertUser(t.db, { role: 'owner' });
  const deact = await insertUser(t.db, { status: 'deactivated' });
  const expired = await insertUser(t.db);
  await t.db.query(`update users set expires_at = now() - interval '1 minute' where id = $1`, [expired.id]);
  const adminUser = await insertUser(t.db, { role: 'admin', email: 'admin@example.com' });
  const admin = await t.as('admin@example.com');
  expect((await loginAs(admin, owner2.id)).status).toBe(403);
  expect((await loginAs(admin, ownerId)).status).toBe(403);
  expect((await loginAs(admin, deact.id)).status).toBe(409);
  expect((await loginAs(admin, expired.id)).status).toBe(409);
  expect((await loginAs(admin, adminUser.id)).status).toBe(403);
  const hr = await insertUser(t.db, { role: 'hr', email: 'hr@example.com' });
  void hr;
  const hrClient = await t.as('hr@example.com');
  expect((await loginAs(hrClient, deact.id)).status).toBe(403);
});

it('the impersonated session ends after 30 minutes, cannot be extended by use, and the own session comes back', async () => {
  const bob = await insertUser(t.db);
  const admin = await t.as(OWNER.email, OWNER.password);
  const started = await loginAs(admin, bob.id);
  expect(started.status).toBe(200);
  const returnCookie = [started.headers['set-cookie']]
    .flat()
    .find((c: string) => c.startsWith('roster_return='))!
    .split(';')[0];
  expect((await admin.get('/api/v1/me')).body.id).toBe(bob.id);
  await t.db.query(
    `update sessions set expires_at = now() - interval '1 second', last_seen_at = now() - interval '1 hour' where user_id = $1 and impersonator_id is not null`,
    [bob.id],
  );
  expect((await admin.get('/api/v1/me')).status).toBe(401);
  const back = await admin.request(
    'POST',
    '/api/v1/auth/stop-impersonating',
    {},
    { cookie: `${admin.cookie}; ${returnCookie}` },
  );
  expect(back.status).toBe(200);
  expect(back.body.user.id).toBe(ownerId);
  expect((await admin.get('/api/v1/me')).body.id).toBe(ownerId);
});

it('a session used as someone else cannot change the impersonator', async () => {
  const adminUser = await insertUser(t.db, { role: 'admin', email: 'admin2@example.com' });
  const admin = await t.as('admin2@example.com');
  const target = await insertUser(t.db, { role: 'hr' });
  expect((await loginAs(admin, target.id)).status).toBe(200);
  // As HR, deactivating the admin who opened the session is refused.
  expect((await admin.post(`/api/v1/users/${adminUser.id}/deactivate`)).status).toBe(403);
  expect((await admin.patch(`/api/v1/users/${adminUser.id}`, { jobTitle: 'x' })).status).toBe(403);
});
