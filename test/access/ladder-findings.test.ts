import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectError, inFuture, inPast, signedIn, uniqueEmail } from '../helpers/api';
import { insertUser, lastLinkTo, OWNER } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { importFile, preview, rowsOf } from '../imports/helpers';

/**
 * The security review's findings on the role ladder (docs/decisions/004-access-policy.md), one
 * describe each, through HTTP. test/access/privilege.test.ts checks the rule itself over every pair.
 */
const { t, owner } = useApp();
let ownerId: string;
beforeAll(async () => {
  ownerId = (await owner.get('/api/v1/me')).body.id;
});

const canSignIn = async (email: string, password = 'password-1234') =>
  (await t.anon().post('/api/v1/auth/login', { email, password })).status === 200;

describe('1. HR cannot take over an Admin', () => {
  it('refuses setting an Admin password and changing an Admin email (403), and the reset goes nowhere new', async () => {
    const hr = await signedIn(t, 'hr');
    const admin = await insertUser(t.db, { role: 'admin', email: uniqueEmail('admin') });
    expectError(
      await hr.client.post(`/api/v1/users/${admin.id}/set-password`, { password: 'hr-knows-this-1' }),
      403,
      'forbidden',
    );
    expect(await canSignIn(admin.email, 'hr-knows-this-1')).toBe(false);
    expect(await canSignIn(admin.email)).toBe(true);

    const hrAddress = uniqueEmail('hr-mailbox');
    expectError(await hr.client.patch(`/api/v1/users/${admin.id}`, { email: hrAddress }), 403, 'forbidden');
    expect((await t.anon().post('/api/v1/auth/password-reset', { email: hrAddress })).status).toBe(202);
    expect(await t.db.query(`select 1 from outbox where to_address = $1`, [hrAddress])).toEqual([]);
    // Other fields stay editable: the rule is about credentials.
    expect((await hr.client.patch(`/api/v1/users/${admin.id}`, { jobTitle: 'Administrator' })).status).toBe(200);
  });

  it('still lets HR set the password and email of a learner', async () => {
    const hr = await signedIn(t, 'hr');
    const learner = await insertUser(t.db, { email: uniqueEmail('learner') });
    expect(
      (await hr.client.post(`/api/v1/users/${learner.id}/set-password`, { password: 'given-by-hr-123' })).status,
    ).toBe(200);
    expect((await hr.client.patch(`/api/v1/users/${learner.id}`, { email: uniqueEmail('moved') })).status).toBe(200);
  });
});

describe('4. team managers add only people they see and outrank', () => {
  it('refuses the Owner, people out of scope, deactivated strangers and unknown ids (404), and equals (403)', async () => {
    const manager = await insertUser(t.db, { email: uniqueEmail('manager') });
    const team = randomUUID();
    await t.db.query(`insert into teams (id, name, path) values ($1, $1, '/' || $1 || '/')`, [team]);
    await t.db.query(`insert into team_managers (team_id, user_id) values ($1, $2)`, [team, manager.id]);
    await t.db.query(
      `insert into permission_grants (id, user_id, permission, team_id) values ($1, $2, 'people.lifecycle', $3)`,
      [randomUUID(), manager.id, team],
    );
    const client = await t.as(manager.email);
    const add = (userId: string) => client.post(`/api/v1/teams/${team}/members`, { userId });

    expectError(await add(ownerId), 404, 'not_found');
    const stranger = await insertUser(t.db, { status: 'deactivated' });
    expectError(await add(stranger.id), 404, 'not_found');
    expectError(await add(randomUUID()), 404, 'not_found');
    // A report is visible, but a learner is not above a learner: team-limited grants must not reach them this way.
    const report = await insertUser(t.db, { managerId: manager.id });
    expectError(await add(report.id), 403, 'forbidden');
    expect(await t.db.query(`select 1 from team_members where team_id = $1`, [team])).toEqual([]);
    expectError(await client.post(`/api/v1/users/${stranger.id}/reactivate`), 404, 'not_found');

    const bulk = await client.post('/api/v1/users/bulk', {
      action: 'add_to_team',
      teamId: team,
      userIds: [ownerId, report.id],
    });
    expect(bulk.body.results.map((r: any) => r.error?.code)).toEqual(['not_found', 'forbidden']);
  });

  it('lets HR add a learner, not an Admin', async () => {
    const hr = await signedIn(t, 'hr');
    const team = (await owner.post('/api/v1/teams', { name: `HR team ${randomUUID()}` })).body.id;
    const learner = await insertUser(t.db);
    const admin = await insertUser(t.db, { role: 'admin' });
    expect((await hr.client.post(`/api/v1/teams/${team}/members`, { userId: learner.id })).status).toBe(201);
    expectError(await hr.client.post(`/api/v1/teams/${team}/members`, { userId: admin.id }), 403, 'forbidden');
    expect((await owner.post(`/api/v1/teams/${team}/members`, { userId: admin.id })).status).toBe(201);
  });
});

describe('6. a "login as" session changes no credential', () => {
  it('refuses tokens, password and email changes (403)', async () => {
    const admin = await signedIn(t, 'admin');
    const target = await insertUser(t.db, { role: 'hr', email: uniqueEmail('hr') });
    // An Owner logs in as an Admin, who holds the token right.
    const loginAs = await t.as(OWNER.email, OWNER.password);
    expect((await loginAs.post(`/api/v1/users/${admin.id}/impersonate`)).status).toBe(200);
    expectError(await loginAs.post('/api/v1/tokens', { name: 'kept after 30 minutes' }), 403, 'forbidden');
    expectError(
      await loginAs.post('/api/v1/me/password', { currentPassword: 'password-1234', newPassword: 'chosen-by-owner-1' }),
      403,
      'forbidden',
    );
    expect((await owner.patch('/api/v1/settings', { usersMayChangeOwnEmail: true })).status).toBe(200);
    expectError(await loginAs.patch('/api/v1/me', { email: uniqueEmail('owner-controlled') }), 403, 'forbidden');
    await owner.patch('/api/v1/settings', { usersMayChangeOwnEmail: false });
    expectError(
      await loginAs.post(`/api/v1/users/${target.id}/set-password`, { password: 'chosen-by-owner-2' }),
      403,
      'forbidden',
    );
    expectError(
      await loginAs.patch(`/api/v1/users/${target.id}`, { email: uniqueEmail('owner-controlled') }),
      403,
      'forbidden',
    );
    expect(await t.db.query(`select 1 from api_tokens where created_by = $1`, [admin.id])).toEqual([]);
    // Profile edits stay possible, audited with both names.
    expect((await loginAs.patch('/api/v1/me', { jobTitle: 'Helped by the Owner' })).status).toBe(200);
  });
});

describe('7. tokens come from a signed-in session only', () => {
  it('a token cannot create a token; a cookie session can', async () => {
    const made = await owner.post('/api/v1/tokens', { name: 'first', scopes: ['api'] });
    expect(made.status).toBe(201);
    const bearer = t.anon();
    bearer.bearer = made.body.token;
    expect((await bearer.get('/api/v1/users')).status).toBe(200);
    expectError(await bearer.post('/api/v1/tokens', { name: 'second', scopes: ['api'] }), 403, 'forbidden');
    expect((await t.db.query(`select 1 from api_tokens where name = 'second'`)).length).toBe(0);
  });
});

describe('9. email_taken says who only to those who see them', () => {
  it('a caller with only the invite right learns nothing about the holder', async () => {
    const inviter = await insertUser(t.db, { email: uniqueEmail('inviter') });
    await t.db.query(`insert into permission_grants (id, user_id, permission) values ($1, $2, 'people.invite')`, [
      randomUUID(),
      inviter.id,
    ]);
    const client = await t.as(inviter.email);
    const hidden = await insertUser(t.db, { status: 'deactivated', email: uniqueEmail('hidden') });
    const res = await client.post('/api/v1/users', { email: hidden.email, firstName: 'Probe' });
    expectError(res, 409, 'email_taken');
    expect(JSON.stringify(res.body)).not.toContain(hidden.id);
    expect(JSON.stringify(res.body)).not.toContain('deactivated');

    const full = await owner.post('/api/v1/users', { email: hidden.email, firstName: 'Probe' });
    expectError(full, 409, 'email_taken');
    expect(full.body.error.details).toMatchObject({ userId: hidden.id, status: 'deactivated' });
  });
});

describe('10. some Owner always keeps access', () => {
  it('refuses to deactivate the only Owner without an end date (409 last_owner)', async () => {
    const b = await insertUser(t.db, { role: 'owner', email: uniqueEmail('owner-b') });
    const bClient = await t.as(b.email);
    // A gives B an end date: A stays a lasting Owner, so this is fine.
    expect((await owner.patch(`/api/v1/users/${b.id}`, { expiresAt: inFuture() })).status).toBe(200);
    // B would leave nobody once B's date passes.
    expectError(await bClient.post(`/api/v1/users/${ownerId}/deactivate`), 409, 'last_owner');
    expectError(await bClient.delete(`/api/v1/users/${ownerId}`), 409, 'last_owner');
    expectError(await bClient.patch(`/api/v1/users/${ownerId}`, { expiresAt: inFuture(3_600_000) }), 409, 'last_owner');
    const bulk = await bClient.post('/api/v1/users/bulk', {
      action: 'set_expiry',
      expiresAt: inFuture(),
      userIds: [ownerId],
    });
    expect(bulk.body.results[0].error.code).toBe('last_owner');
    expect((await owner.get('/api/v1/me')).status).toBe(200);
    // Clearing B's date makes B lasting: now A may be given an end date.
    expect((await owner.patch(`/api/v1/users/${b.id}`, { expiresAt: null })).status).toBe(200);
    expect((await bClient.patch(`/api/v1/users/${ownerId}`, { expiresAt: inFuture() })).status).toBe(200);
    expectError(await owner.patch(`/api/v1/users/${b.id}`, { expiresAt: inFuture() }), 409, 'last_owner');
    expect((await bClient.patch(`/api/v1/users/${ownerId}`, { expiresAt: null })).status).toBe(200);
    await t.db.query(`update users set role = 'learner' where id = $1`, [b.id]);
  });

  it('refuses to take the Owner role from, or anonymise, the last lasting Owner', async () => {
    const b = await insertUser(t.db, { role: 'owner', email: uniqueEmail('owner-b') });
    const bClient = await t.as(b.email);
    await t.db.query(`update users set expires_at = $2 where id = $1`, [b.id, inFuture()]);
    await t.db.query(
      `update users set status = 'deactivated', status_before_deactivation = 'confirmed' where id = $1`,
      [ownerId],
    );
    expectError(await bClient.post(`/api/v1/users/${ownerId}/anonymise`), 409, 'last_owner');
    await t.db.query(`update users set status = 'confirmed', status_before_deactivation = null where id = $1`, [
      ownerId,
    ]);
    await t.db.query(`update users set expires_at = null where id = $1`, [b.id]);
    await t.db.query(`update users set expires_at = $2 where id = $1`, [ownerId, inFuture()]);
    // Owners cannot change each other's role (the ladder); the last lasting Owner loses it to nobody.
    expectError(await bClient.patch(`/api/v1/users/${ownerId}`, { role: 'admin' }), 403, 'forbidden');
    await t.db.query(`update users set expires_at = null where id = $1`, [ownerId]);
    await t.db.query(`update users set role = 'learner' where id = $1`, [b.id]);
  });

  it('an import never gives an Owner an end date (the last-Owner check runs on the profile)', async () => {
    const email = (await owner.get('/api/v1/me')).body.email;
    const p = await preview(t, owner, `email,expiryDate\n${email},2099-01-01\n`, { mode: 'update' });
    expect(p.state).toBe('previewed');
    const [row] = await rowsOf(owner, p.id);
    expect(row).toMatchObject({ action: 'error', errors: [{ column: 'expiryDate' }] });
  });

  it('deactivates and anonymises expired people as they are', async () => {
    const admin = await signedIn(t, 'admin');
    const gone = await insertUser(t.db, { email: uniqueEmail('gone') });
    expect((await admin.client.patch(`/api/v1/users/${gone.id}`, { expiresAt: inPast() })).body.status).toBe('expired');
    const deactivated = await admin.client.post(`/api/v1/users/${gone.id}/deactivate`);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.status).toBe('deactivated');
    await t.sweep();
    expect((await admin.client.get(`/api/v1/users/${gone.id}`)).body.status).toBe('deactivated');
    // Reactivated, they come back expired: their date has passed.
    expect((await admin.client.post(`/api/v1/users/${gone.id}/reactivate`)).body.status).toBe('expired');

    const other = await insertUser(t.db, { email: uniqueEmail('other') });
    await admin.client.patch(`/api/v1/users/${other.id}`, { expiresAt: inPast() });
    const anonymised = await admin.client.post(`/api/v1/users/${other.id}/anonymise`);
    expect(anonymised.status).toBe(200);
    expect(anonymised.body.status).toBe('anonymised');
  });
});

describe('13a. a new address revokes the links mailed to the old one', () => {
  it('an admin email change ends a pending reset link and an invitation', async () => {
    const person = await insertUser(t.db, { email: uniqueEmail('reset') });
    await t.anon().post('/api/v1/auth/password-reset', { email: person.email });
    await t.sweep();
    const resetToken = (await lastLinkTo(t.db, person.email)).split('/').at(-1)!;
    expect((await t.anon().get(`/api/v1/auth/password-reset/${resetToken}`)).status).toBe(200);
    expect((await owner.patch(`/api/v1/users/${person.id}`, { email: uniqueEmail('new-address') })).status).toBe(200);
    expectError(await t.anon().get(`/api/v1/auth/password-reset/${resetToken}`), 404, 'not_found');
    expectError(
      await t.anon().post(`/api/v1/auth/password-reset/${resetToken}`, { password: 'taken-over-123' }),
      404,
      'not_found',
    );

    const invited = await insertUser(t.db, { status: 'not_invited', email: uniqueEmail('invited') });
    expect((await owner.post(`/api/v1/users/${invited.id}/invite`)).status).toBe(200);
    await t.sweep();
    const inviteToken = (await lastLinkTo(t.db, invited.email)).split('/').at(-1)!;
    expect((await t.anon().get(`/api/v1/invitations/${inviteToken}`)).status).toBe(200);
    expect((await owner.patch(`/api/v1/users/${invited.id}`, { email: uniqueEmail('fixed-typo') })).status).toBe(200);
    expectError(await t.anon().get(`/api/v1/invitations/${inviteToken}`), 410, 'invitation_revoked');
  });

  it('so does an import that changes the address', async () => {
    const person = await insertUser(t.db, { email: uniqueEmail('imported') });
    const employeeId = `E-${randomUUID().slice(0, 8)}`;
    await t.db.query(`update users set employee_id = $2 where id = $1`, [person.id, employeeId]);
    await t.anon().post('/api/v1/auth/password-reset', { email: person.email });
    await t.sweep();
    const token = (await lastLinkTo(t.db, person.email)).split('/').at(-1)!;
    const done = await importFile(t, owner, `employeeId,email\n${employeeId},${uniqueEmail('renamed')}\n`, {
      mode: 'update',
      matchOn: 'employeeId',
    });
    expect(done.state).toBe('completed');
    expectError(await t.anon().get(`/api/v1/auth/password-reset/${token}`), 404, 'not_found');
  });

  it("so does a change of one's own address", async () => {
    const me = await signedIn(t);
    await t.anon().post('/api/v1/auth/password-reset', { email: me.email });
    await t.sweep();
    const token = (await lastLinkTo(t.db, me.email)).split('/').at(-1)!;
    await owner.patch('/api/v1/settings', { usersMayChangeOwnEmail: true });
    expect((await me.client.patch('/api/v1/me', { email: uniqueEmail('mine') })).status).toBe(200);
    await owner.patch('/api/v1/settings', { usersMayChangeOwnEmail: false });
    expectError(await t.anon().get(`/api/v1/auth/password-reset/${token}`), 404, 'not_found');
  });
});

describe('sessions', () => {
  it('a person lists their sessions and ends one', async () => {
    const me = await signedIn(t);
    const laptop = await t.as(me.email);
    const mine = await me.client.get('/api/v1/me/sessions', { 'user-agent': 'Phone browser' });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(2);
    const current = mine.body.items.find((s: any) => s.current);
    expect(current).toMatchObject({ ip: me.client.ip, userAgent: 'Phone browser', loginAs: false });
    const other = mine.body.items.find((s: any) => !s.current);
    expect((await me.client.delete(`/api/v1/me/sessions/${other.id}`)).status).toBe(204);
    expectError(await laptop.get('/api/v1/me'), 401, 'unauthenticated');
    expect((await me.client.get('/api/v1/me')).status).toBe(200);
    // Someone else's session is not found.
    const stranger = await signedIn(t);
    const theirs = (await stranger.client.get('/api/v1/me/sessions')).body.items[0].id;
    expectError(await me.client.delete(`/api/v1/me/sessions/${theirs}`), 404, 'not_found');
    expect((await stranger.client.get('/api/v1/me')).status).toBe(200);
  });

  it('someone above a person ends all their sessions, audited; nobody ends those of an equal', async () => {
    const hr = await signedIn(t, 'hr');
    const learner = await signedIn(t);
    const listed = await hr.client.get(`/api/v1/users/${learner.id}/sessions`);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].current).toBe(false);
    const ended = await hr.client.delete(`/api/v1/users/${learner.id}/sessions`);
    expect(ended.body).toEqual({ ended: 1 });
    expectError(await learner.client.get('/api/v1/me'), 401, 'unauthenticated');
    const audit = await owner.get(`/api/v1/audit?targetId=${learner.id}&action=user.sessions_ended`);
    expect(audit.body.items[0]).toMatchObject({ actorId: hr.id, after: { sessions: 1 } });

    const otherHr = await signedIn(t, 'hr');
    expectError(await hr.client.delete(`/api/v1/users/${otherHr.id}/sessions`), 403, 'forbidden');
    expectError(await hr.client.get(`/api/v1/users/${otherHr.id}/sessions`), 403, 'forbidden');
    expect((await otherHr.client.get('/api/v1/me')).status).toBe(200);
    const shown = await owner.get(`/api/v1/users/${otherHr.id}`);
    expect(shown.body.allowedActions).toContain('end_sessions');
    expect((await hr.client.get(`/api/v1/users/${otherHr.id}`)).body.allowedActions).not.toContain('end_sessions');
  });
});
