import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, OWNER, startTestApp, type Client, type TestApp } from '../helpers/harness';
import { expectError, signedIn } from '../helpers/api';

let t: TestApp;
let owner: Client;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.as(OWNER.email, OWNER.password);
});
afterAll(() => t.stop());

const TOTP_SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF';

describe('GET /users/{id}/personal-data', () => {
  it('gives Owners everything Roster holds about a person, notes included, secrets as "set", and audits it', async () => {
    const person = await insertUser(t.db, {
      email: 'gdpr.subject@example.com',
      firstName: 'Gudrun',
      lastName: 'Subject',
      password: 'gudrun-password-1',
    });
    await t.as(person.email, 'gudrun-password-1'); // a session
    expect((await owner.post(`/api/v1/users/${person.id}/notes`, { body: 'Asked for a standing desk' })).status).toBe(
      201,
    );
    await t.db.query(`insert into mfa_totp (user_id, secret, confirmed_at) values ($1, $2, now())`, [
      person.id,
      TOTP_SECRET,
    ]);

    const res = await owner.get(`/api/v1/users/${person.id}/personal-data`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="personal-data-${person.id}.json"`);
    const { data } = res.body;
    expect(res.body.userId).toBe(person.id);
    expect(data.users.users).toMatchObject({
      id: person.id,
      email: 'gdpr.subject@example.com',
      first_name: 'Gudrun',
      password_hash: 'set',
    });
    expect(data.access.notes.about.map((n: any) => n.body)).toEqual(['Asked for a standing desk']);
    expect(data.mfa.mfa_totp).toMatchObject([{ secret: 'set' }]);
    expect(data.auth.sessions).toHaveLength(1);
    // Entries about them show who acted, not the address another person acted from.
    const byOthers = data.audit.audit_log.about.filter((e: any) => e.actor_id !== person.id);
    expect(byOthers.map((e: any) => e.action)).toContain('note.created');
    for (const e of byOthers) expect(e.ip).toBeNull();
    const [noted] = await t.db.query<{ ip: string | null }>(
      `select ip from audit_log where action = 'note.created' and target_id = $1`,
      [person.id],
    );
    expect(noted!.ip).not.toBeNull(); // it is stored, just not theirs to see

    // No secret leaves: password and token hashes, session keys, the TOTP secret.
    const text = JSON.stringify(res.body);
    const [stored] = await t.db.query<{ password_hash: string }>(`select password_hash from users where id = $1`, [
      person.id,
    ]);
    const sessions = await t.db.query<{ id_hash: string; csrf_token: string }>(
      `select id_hash, csrf_token from sessions where user_id = $1`,
      [person.id],
    );
    for (const secret of [stored!.password_hash, TOTP_SECRET, ...sessions.flatMap((s) => [s.id_hash, s.csrf_token])])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/id_hash|csrf_token|token_hash/);

    const audit = await owner.get(`/api/v1/audit?targetId=${person.id}&limit=100`);
    expect(audit.body.items.map((e: any) => e.action)).toContain('user.personal_data_exported');
  });

  it('is for Owners and Admins only: 403 to HR, 404 out of scope or unknown, only Owners export Owners', async () => {
    const person = await insertUser(t.db, { email: 'gdpr.other@example.com' });
    const admin = await signedIn(t, 'admin');
    const hr = await signedIn(t, 'hr');
    const learner = await signedIn(t, 'learner');
    expect((await admin.client.get(`/api/v1/users/${person.id}/personal-data`)).status).toBe(200);
    expect((await admin.client.get(`/api/v1/users/${admin.id}/personal-data`)).status).toBe(200);
    expectError(await hr.client.get(`/api/v1/users/${person.id}/personal-data`), 403, 'forbidden');
    expectError(await learner.client.get(`/api/v1/users/${person.id}/personal-data`), 404, 'not_found');
    expectError(await owner.get('/api/v1/users/nobody/personal-data'), 404, 'not_found');
    const [ownerRow] = await t.db.query<{ id: string }>(`select id from users where email_normalized = $1`, [
      OWNER.email,
    ]);
    expectError(await admin.client.get(`/api/v1/users/${ownerRow!.id}/personal-data`), 403, 'forbidden');
  });
});

describe('readable export and anonymisation certificate', () => {
  it('gives the export as an HTML page with every value escaped', async () => {
    const person = await insertUser(t.db, { firstName: '<script>alert(1)</script>', lastName: 'Html' });
    const res = await owner.get(`/api/v1/users/${person.id}/personal-data.html`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="personal-data-${person.id}.html"`);
    expect(res.body).not.toContain('<script>');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.body).toContain('<h2>users</h2>');
  });

  it('stores a certificate at anonymisation: tables and counts, when and by whom, never a removed value', async () => {
    const person = await insertUser(t.db, { email: 'certified.person@example.com', firstName: 'Certina' });
    expect((await owner.post(`/api/v1/users/${person.id}/notes`, { body: 'Removed note text 5521' })).status).toBe(201);
    expectError(await owner.get(`/api/v1/users/${person.id}/anonymisation-certificate`), 404, 'not_found');
    expect((await owner.post(`/api/v1/users/${person.id}/deactivate`)).status).toBe(200);
    expect((await owner.post(`/api/v1/users/${person.id}/anonymise`)).status).toBe(200);

    const res = await owner.get(`/api/v1/users/${person.id}/anonymisation-certificate`);
    expect(res.status).toBe(200);
    const [{ id: ownerId }] = (await t.db.query<{ id: string }>(`select id from users where email = $1`, [
      OWNER.email,
    ])) as [{ id: string }];
    expect(res.body).toMatchObject({
      userId: person.id,
      pseudonym: expect.stringMatching(/^anon-/),
      anonymisedBy: { type: 'user', id: ownerId, name: 'Olive Owner' },
    });
    const rows = (table: string) => res.body.removed.find((r: any) => r.table === table);
    expect(rows('users')).toMatchObject({ module: 'users', rows: 1, columns: expect.arrayContaining(['email']) });
    expect(rows('notes')).toMatchObject({ module: 'access', rows: 1 });
    const text = JSON.stringify(res.body);
    for (const value of ['certified.person@example.com', 'Certina', 'Removed note text 5521'])
      expect(text).not.toContain(value);

    const html = await owner.get(`/api/v1/users/${person.id}/anonymisation-certificate.html`);
    expect(html.status).toBe(200);
    expect(html.body).toContain('Anonymisation certificate');
    expect(html.body).toContain('Olive Owner');
    expect(html.body).not.toContain('Certina');
    // HR may not anonymise, so it may not read the certificate either.
    const hr = await signedIn(t, 'hr');
    expectError(await hr.client.get(`/api/v1/users/${person.id}/anonymisation-certificate`), 403, 'forbidden');
  });
});
