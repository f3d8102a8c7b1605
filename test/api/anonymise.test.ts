import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { dumpDatabase, expectError, lastToken, signedIn } from '../helpers/api';

const { t, owner } = useApp();

// Values that appear nowhere else, so finding one anywhere means it leaked.
const V = {
  email: 'Zelda.Quixotic@Example.com',
  newEmail: 'zq.renamed@example.org',
  firstName: 'Zeldabeth',
  lastName: 'Quixotic-Farnsworth',
  newLastName: 'Farnsworth-Quixote',
  phone: '+44 7700 900123',
  jobTitle: 'Chief Llama Whisperer',
  newJobTitle: 'Senior Alpaca Coordinator',
  department: 'Xenobotany Dept',
  location: 'Ulaanbaatar Annex',
  employeeId: 'EMP-ZQ-98765',
  badge: 'Favourite-Xylophone-42',
  note: 'Prefers oolong tea at 4pm sharp',
  password: 'zelda-secret-password',
  // What an HR system sent over SCIM.
  scimUserName: 'zq-hr-login-7731',
  externalId: 'HR-EXT-55291',
  scimAddress: 'Quokka Lane 17',
};

describe('anonymisation', () => {
  it('leaves nothing personal anywhere in the database, keeps the row with a pseudonym and the status history', async () => {
    expect(
      (await owner.post('/api/v1/custom-fields', { key: 'badge', label: 'Badge', type: 'text', unique: true })).status,
    ).toBe(201);
    const created = await owner.post('/api/v1/users', {
      email: V.email,
      firstName: V.firstName,
      lastName: V.lastName,
      phone: V.phone,
      jobTitle: V.jobTitle,
      department: V.department,
      location: V.location,
      employeeId: V.employeeId,
      hireDate: '2019-03-14',
      customFields: { badge: V.badge },
      invite: 'now',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // A report whose manager is the person.
    const report = await owner.post('/api/v1/users', {
      email: 'report.of.zq@example.com',
      firstName: 'Rep',
      managerId: id,
    });
    expect(report.status).toBe(201);

    await t.sweep(); // the invitation reaches the mailbox
    const token = await lastToken(t, V.email);
    const accepted = await t.anon().post(`/api/v1/invitations/${token}/accept`, { password: V.password });
    expect(accepted.status).toBe(200);
    // Edits leave before/after values in the audit log.
    const edit = await owner.patch(`/api/v1/users/${id}`, {
      jobTitle: V.newJobTitle,
      lastName: V.newLastName,
      email: V.newEmail,
    });
    expect(edit.status).toBe(200);
    // A failed sign-in leaves a throttling row; a note is free text about them.
    expect((await t.anon().post('/api/v1/auth/login', { email: V.newEmail, password: 'wrong-password' })).status).toBe(
      401,
    );
    const note = await owner.post(`/api/v1/users/${id}/notes`, { body: V.note });
    expect(note.status).toBe(201);

    await t.db.query(`update users set scim_user_name = $2, external_id = $3, scim_extra = $4 where id = $1`, [
      id,
      V.scimUserName,
      V.externalId,
      JSON.stringify({ addresses: [{ streetAddress: V.scimAddress }] }),
    ]);

    const before = (await dumpDatabase(t)).toLowerCase();
    // The probe works: every value is in the database before anonymisation.
    for (const v of Object.values(V).filter((x) => x !== V.password)) expect(before).toContain(v.toLowerCase());

    expectError(await owner.post(`/api/v1/users/${id}/anonymise`), 409, 'invalid_transition');
    const hr = await signedIn(t, 'hr');
    expect((await hr.client.post(`/api/v1/users/${id}/deactivate`)).status).toBe(200);
    expectError(await hr.client.post(`/api/v1/users/${id}/anonymise`), 403, 'forbidden');
    const anon = await owner.post(`/api/v1/users/${id}/anonymise`);
    expect(anon.status).toBe(200);
    expect(anon.body).toMatchObject({
      id,
      status: 'anonymised',
      email: null,
      phone: null,
      jobTitle: null,
      employeeId: null,
      customFields: {},
    });
    expect(anon.body.lastName).toMatch(/^anon-[0-9a-f]+$/);

    const after = (await dumpDatabase(t)).toLowerCase();
    for (const [k, v] of Object.entries(V)) expect(after, `${k} leaked`).not.toContain(v.toLowerCase());
    expect(after).not.toContain('2019-03-14');

    // The row stays (activity still counts), with the pseudonym; its history is kept.
    const rows = await t.db.query<{ pseudonym: string; status: string }>(
      `select pseudonym, status from users where id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({ pseudonym: anon.body.lastName, status: 'anonymised' });
    const history = await owner.get(`/api/v1/users/${id}/status-history`);
    expect(history.body.items.map((h: any) => h.toStatus)).toEqual([
      'anonymised',
      'deactivated',
      'confirmed',
      'invite_pending',
      'not_invited',
    ]);
    const audit = await owner.get(`/api/v1/audit?targetId=${id}&limit=500`);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['user.created', 'user.updated', 'user.anonymised']),
    );
    // The report stays, still pointing at the (now pseudonymous) record: the id says nothing about the person.
    expect((await owner.get(`/api/v1/users/${report.body.id}`)).status).toBe(200);

    // Irreversible, and the values are free again.
    for (const action of ['reactivate', 'invite', 'deactivate', 'anonymise'])
      expectError(await owner.post(`/api/v1/users/${id}/${action}`), 409, 'invalid_transition');
    expectError(await owner.patch(`/api/v1/users/${id}`, { firstName: 'Back' }), 409, 'invalid_transition');
    expectError(
      await t.anon().post('/api/v1/auth/login', { email: V.newEmail, password: V.password }),
      401,
      'invalid_credentials',
    );
    const again = await owner.post('/api/v1/users', {
      email: V.newEmail,
      firstName: 'New',
      employeeId: V.employeeId,
      customFields: { badge: V.badge },
    });
    expect(again.status).toBe(201);
    expect((await owner.get('/api/v1/users/counts')).body.counts.anonymised).toBe(1);
  });

  it('is refused on yourself and on unknown users', async () => {
    const me = (await owner.get('/api/v1/me')).body.id;
    expectError(await owner.post(`/api/v1/users/${me}/anonymise`), 403, 'forbidden');
    expectError(await owner.post('/api/v1/users/nobody/anonymise'), 404, 'not_found');
  });
});
