import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, inFuture, inPast, signedIn, uniqueEmail } from '../helpers/api';

const { t, owner } = useApp();

describe('POST /users', () => {
  it('creates with invite "none" → not_invited, nothing queued', async () => {
    const email = uniqueEmail('none');
    const res = await owner.post('/api/v1/users', {
      email,
      firstName: 'Nora',
      lastName: 'None',
      invite: 'none',
      jobTitle: 'Analyst',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      email,
      firstName: 'Nora',
      lastName: 'None',
      status: 'not_invited',
      role: 'learner',
      jobTitle: 'Analyst',
      invitedAt: null,
    });
    expect(typeof res.body.id).toBe('string');
    const queued = await t.db.query(`select * from outbox where user_id = $1`, [res.body.id]);
    expect(queued).toHaveLength(0);
  });

  it('defaults to no invitation when invite is omitted', async () => {
    const u = await createUser(owner);
    expect(u.status).toBe('not_invited');
  });

  it('creates with invite "now" → invite_pending with invitedAt and a queued email', async () => {
    const res = await owner.post('/api/v1/users', { email: uniqueEmail('now'), firstName: 'Nick', invite: 'now' });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('invite_pending');
    expect(Date.parse(res.body.invitedAt)).toBeGreaterThan(Date.now() - 60_000);
    const queued = await t.db.query(`select kind, status from outbox where user_id = $1`, [res.body.id]);
    expect(queued).toEqual([{ kind: 'invitation', status: 'pending' }]);
  });

  it('creates with invite "scheduled" → invite_scheduled at inviteAt', async () => {
    const at = inFuture(3 * 86_400_000);
    const res = await owner.post('/api/v1/users', {
      email: uniqueEmail('sched'),
      firstName: 'Sam',
      invite: 'scheduled',
      inviteAt: at,
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('invite_scheduled');
    expect(res.body.inviteScheduledAt).toBe(at);
    expect(res.body.invitedAt).toBeNull();
  });

  it('requires inviteAt for a scheduled invite, and it must be in the future', async () => {
    const missing = await owner.post('/api/v1/users', { email: uniqueEmail(), firstName: 'X', invite: 'scheduled' });
    expectError(missing, 400, 'validation_failed');
    expect(missing.body.error.details.map((d: any) => d.field)).toContain('inviteAt');
    const past = await owner.post('/api/v1/users', {
      email: uniqueEmail(),
      firstName: 'X',
      invite: 'scheduled',
      inviteAt: inPast(),
    });
    expectError(past, 400, 'validation_failed');
    expect(past.body.error.details.map((d: any) => d.field)).toContain('inviteAt');
  });

  it('requires a valid email and a first name', async () => {
    const res = await owner.post('/api/v1/users', { email: 'not-an-email', firstName: '' });
    expectError(res, 400, 'validation_failed');
    const fields = res.body.error.details.map((d: any) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'firstName']));
  });

  it('role rules: HR cannot create an admin; an admin cannot create an owner nor an admin; an owner can', async () => {
    const hr = await signedIn(t, 'hr');
    expectError(
      await hr.client.post('/api/v1/users', { email: uniqueEmail(), firstName: 'A', role: 'admin' }),
      403,
      'forbidden',
    );
    const byHr = await hr.client.post('/api/v1/users', { email: uniqueEmail(), firstName: 'L', role: 'learner' });
    expect(byHr.status).toBe(201);

    const admin = await signedIn(t, 'admin');
    expectError(
      await admin.client.post('/api/v1/users', { email: uniqueEmail(), firstName: 'O', role: 'owner' }),
      403,
      'forbidden',
    );
    // Roles are given below one's own (docs/decisions/004-access-policy.md).
    expectError(
      await admin.client.post('/api/v1/users', { email: uniqueEmail(), firstName: 'A', role: 'admin' }),
      403,
      'forbidden',
    );
    expect(
      (await admin.client.post('/api/v1/users', { email: uniqueEmail(), firstName: 'H', role: 'hr' })).body.role,
    ).toBe('hr');

    const madeOwner = await owner.post('/api/v1/users', { email: uniqueEmail(), firstName: 'O', role: 'owner' });
    expect(madeOwner.status).toBe(201);
    expect(madeOwner.body.role).toBe('owner');
  });

  it('refuses a manager that does not exist', async () => {
    const res = await owner.post('/api/v1/users', { email: uniqueEmail(), firstName: 'M', managerId: 'nope' });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details[0].field).toBe('managerId');
  });
});

describe('GET /users/{id}', () => {
  it('returns the user with the docs/api.md fields and allowed actions', async () => {
    const u = await createUser(owner, { phone: '+33 1 23', department: 'Sales' });
    const res = await owner.get(`/api/v1/users/${u.id}`);
    expect(res.status).toBe(200);
    for (const k of [
      'id',
      'email',
      'firstName',
      'lastName',
      'status',
      'role',
      'managerId',
      'jobTitle',
      'department',
      'location',
      'phone',
      'language',
      'timeZone',
      'hireDate',
      'employeeId',
      'onBreak',
      'breakUntil',
      'expiresAt',
      'invitedAt',
      'confirmedAt',
      'engagement',
      'customFields',
      'createdAt',
      'updatedAt',
    ])
      expect(res.body).toHaveProperty(k);
    expect(res.body).toMatchObject({ id: u.id, phone: '+33 1 23', department: 'Sales' });
    expect(res.body.allowedActions).toEqual(expect.arrayContaining(['edit', 'invite', 'deactivate', 'delete']));
  });

  it('answers 404 with the envelope for an unknown id', async () => {
    expectError(await owner.get('/api/v1/users/does-not-exist'), 404, 'not_found');
  });
});

describe('PATCH /users/{id}', () => {
  it('updates profile fields and returns the new values', async () => {
    const u = await createUser(owner);
    const res = await owner.patch(`/api/v1/users/${u.id}`, {
      firstName: 'Renamed',
      lastName: 'Person',
      jobTitle: 'Lead',
      department: 'R&D',
      location: 'Lyon',
      phone: '+33 6',
      language: 'fr',
      timeZone: 'Europe/Paris',
      hireDate: '2024-02-29',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      firstName: 'Renamed',
      jobTitle: 'Lead',
      department: 'R&D',
      location: 'Lyon',
      language: 'fr',
      timeZone: 'Europe/Paris',
      hireDate: '2024-02-29',
    });
    expect((await owner.get(`/api/v1/users/${u.id}`)).body.jobTitle).toBe('Lead');
    const cleared = await owner.patch(`/api/v1/users/${u.id}`, { jobTitle: null });
    expect(cleared.body.jobTitle).toBeNull();
  });

  it('refuses invalid values with the fields named', async () => {
    const u = await createUser(owner);
    const res = await owner.patch(`/api/v1/users/${u.id}`, {
      timeZone: 'Mars/Olympus',
      hireDate: '2024-13-45',
      language: 'French!',
    });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.map((d: any) => d.field)).toEqual(
      expect.arrayContaining(['timeZone', 'hireDate', 'language']),
    );
  });

  it('email changes are unique case-insensitively', async () => {
    const a = await createUser(owner, { email: uniqueEmail('taken') });
    const b = await createUser(owner);
    const res = await owner.patch(`/api/v1/users/${b.id}`, { email: a.email.toUpperCase() });
    expectError(res, 409, 'email_taken');
    const ok = await owner.patch(`/api/v1/users/${b.id}`, { email: 'Brand.New@Example.com' });
    expect(ok.status).toBe(200);
    expect(ok.body.email).toBe('Brand.New@Example.com');
    expectError(
      await owner.post('/api/v1/users', { email: 'brand.new@example.COM', firstName: 'Dup' }),
      409,
      'email_taken',
    );
  });

  it('employeeId is unique → 409', async () => {
    const a = await createUser(owner, { employeeId: 'E-1001' });
    const b = await createUser(owner);
    expect(a.employeeId).toBe('E-1001');
    const res = await owner.patch(`/api/v1/users/${b.id}`, { employeeId: 'E-1001' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toMatch(/^employee_id_taken|conflict$/);
    const dupCreate = await owner.post('/api/v1/users', { email: uniqueEmail(), firstName: 'X', employeeId: 'E-1001' });
    expect(dupCreate.status).toBe(409);
    expect((await owner.get(`/api/v1/users/${b.id}`)).body.employeeId).toBeNull();
  });

  it('a blank employeeId means "none" and never conflicts', async () => {
    const a = await createUser(owner, { employeeId: '' });
    const b = await createUser(owner);
    expect(a.employeeId).toBeNull();
    const res = await owner.patch(`/api/v1/users/${b.id}`, { employeeId: '  ' });
    expect(res.status).toBe(200);
    expect(res.body.employeeId).toBeNull();
  });

  it('sets a manager and refuses reporting cycles with 400', async () => {
    const boss = await createUser(owner);
    const mid = await createUser(owner, { managerId: boss.id });
    const low = await createUser(owner, { managerId: mid.id });
    expect(low.managerId).toBe(mid.id);
    const self = await owner.patch(`/api/v1/users/${boss.id}`, { managerId: boss.id });
    expectError(self, 400, 'validation_failed');
    const cycle = await owner.patch(`/api/v1/users/${boss.id}`, { managerId: low.id });
    expectError(cycle, 400, 'validation_failed');
    expect(cycle.body.error.details[0].field).toBe('managerId');
    expect((await owner.get(`/api/v1/users/${boss.id}`)).body.managerId).toBeNull();
    const unset = await owner.patch(`/api/v1/users/${low.id}`, { managerId: null });
    expect(unset.body.managerId).toBeNull();
  });

  it('taking a break is only for confirmed users', async () => {
    const pending = await createUser(owner);
    expectError(await owner.patch(`/api/v1/users/${pending.id}`, { onBreak: true }), 400, 'validation_failed');
    const confirmed = await signedIn(t, 'learner');
    const until = inFuture(7 * 86_400_000);
    const res = await owner.patch(`/api/v1/users/${confirmed.id}`, { onBreak: true, breakUntil: until });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ onBreak: true, breakUntil: until, status: 'confirmed' });
    const off = await owner.patch(`/api/v1/users/${confirmed.id}`, { onBreak: false });
    expect(off.body).toMatchObject({ onBreak: false, breakUntil: null });
  });

  it('answers 404 for an unknown user', async () => {
    expectError(await owner.patch('/api/v1/users/unknown-id', { firstName: 'X' }), 404, 'not_found');
  });

  it('role changes: admin cannot grant owner; owner can', async () => {
    const u = await createUser(owner);
    const admin = await signedIn(t, 'admin');
    expectError(await admin.client.patch(`/api/v1/users/${u.id}`, { role: 'owner' }), 403, 'forbidden');
    const hr = await signedIn(t, 'hr');
    expectError(await hr.client.patch(`/api/v1/users/${u.id}`, { role: 'admin' }), 403, 'forbidden');
    expect((await admin.client.patch(`/api/v1/users/${u.id}`, { role: 'reporter' })).body.role).toBe('reporter');
    expect((await owner.patch(`/api/v1/users/${u.id}`, { role: 'owner' })).body.role).toBe('owner');
  });
});

describe('DELETE /users/{id} and restore', () => {
  it('a deleted user disappears, is listed with deleted=true, and can be restored', async () => {
    const u = await createUser(owner, { lastName: 'Deletable' });
    const del = await owner.delete(`/api/v1/users/${u.id}`);
    expect(del.status).toBe(204);

    const hr = await signedIn(t, 'hr');
    expectError(await hr.client.get(`/api/v1/users/${u.id}`), 404, 'not_found');
    expectError(await owner.patch(`/api/v1/users/${u.id}`, { firstName: 'Ghost' }), 404, 'not_found');
    expectError(await owner.post(`/api/v1/users/${u.id}/deactivate`), 404, 'not_found');
    expectError(await owner.delete(`/api/v1/users/${u.id}`), 404, 'not_found');
    // Owners and Admins still open the profile to restore it (the UI shows the restore banner).
    const seen = await owner.get(`/api/v1/users/${u.id}`);
    expect(seen.body.deletedAt).not.toBeNull();
    expect(seen.body.allowedActions).toEqual(['restore']);

    const list = await owner.get('/api/v1/users?q=Deletable');
    expect(list.body.items).toHaveLength(0);
    expect(list.body.total).toBe(0);
    const deleted = await owner.get('/api/v1/users?deleted=true&q=Deletable');
    expect(deleted.body.items.map((x: any) => x.id)).toEqual([u.id]);
    expectError(await hr.client.get('/api/v1/users?deleted=true'), 403, 'forbidden');

    expectError(await hr.client.post(`/api/v1/users/${u.id}/restore`), 403, 'forbidden');
    const restored = await owner.post(`/api/v1/users/${u.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: u.id, deletedAt: null, status: 'not_invited' });
    expect((await hr.client.get(`/api/v1/users/${u.id}`)).status).toBe(200);
    expect((await owner.get('/api/v1/users?q=Deletable')).body.total).toBe(1);
    expectError(await owner.post(`/api/v1/users/${u.id}/restore`), 404, 'not_found');
  });

  it("a deleted user's email stays reserved until restore or purge", async () => {
    const u = await createUser(owner);
    await owner.delete(`/api/v1/users/${u.id}`);
    const res = await owner.post('/api/v1/users', { email: u.email, firstName: 'Again' });
    expectError(res, 409, 'email_taken');
    expect(res.body.error.details).toMatchObject({ userId: u.id, deleted: true });
  });

  it('HR cannot delete; unknown id → 404', async () => {
    const u = await createUser(owner);
    const hr = await signedIn(t, 'hr');
    expectError(await hr.client.delete(`/api/v1/users/${u.id}`), 403, 'forbidden');
    expectError(await owner.delete('/api/v1/users/unknown'), 404, 'not_found');
  });
});
