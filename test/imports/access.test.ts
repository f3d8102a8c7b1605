import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { insertUser } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { expectError, signedIn } from '../helpers/api';
import { commit, csv, importFile, preview, rowsOf, upload } from './helpers';

const { t, owner } = useApp();

describe('who may import', () => {
  it('lets HR add new people but not update existing ones', async () => {
    const hr = await signedIn(t, 'hr');
    const done = await importFile(t, hr.client, csv('email,firstName', 'hr-added@example.com,Added'));
    expect(done).toMatchObject({ state: 'completed', counts: { create: 1 }, createdBy: { id: hr.id } });
    for (const mode of ['update', 'add_update'])
      expectError(
        await upload(t, hr.client, csv('email,jobTitle', 'hr-added@example.com,X'), { mode }),
        403,
        'forbidden',
      );
  });

  it('refuses people without the invite right, and lets a curator with the grant add', async () => {
    const learner = await signedIn(t, 'learner');
    expectError(await upload(t, learner.client, csv('email,firstName', 'x@example.com,X')), 403, 'forbidden');
    expectError(await learner.client.get('/api/v1/imports'), 403, 'forbidden');
    expectError(await learner.client.get('/api/v1/imports/template.csv'), 403, 'forbidden');

    const curator = await signedIn(t, 'curator');
    await t.db.query(`insert into permission_grants (id, user_id, permission) values ($1, $2, 'people.invite')`, [
      randomUUID(),
      curator.id,
    ]);
    const hidden = await insertUser(t.db, { email: 'hidden@example.com' });
    const p = await preview(
      t,
      curator.client,
      csv(
        'email,firstName,role,expiryDate',
        'curated@example.com,C,,',
        'hidden@example.com,H,,',
        'promoted@example.com,P,admin,',
        'dated@example.com,D,,2099-01-01',
      ),
    );
    const rows = await rowsOf(curator.client, p.id);
    expect(rows.map((r) => r.action)).toEqual(['create', 'error', 'error', 'error']);
    // Someone outside the curator's scope is never shown, not even their id.
    expect(rows[1]).toMatchObject({
      userId: null,
      errors: [{ column: 'email', message: 'Another user already has this email address.' }],
    });
    expect(rows[2].errors[0].message).toMatch(/may not assign roles/);
    expect(rows[3].errors[0].message).toMatch(/may not change expiry/);
    expect(JSON.stringify(rows)).not.toContain(hidden.id);
    // A curator sees their own imports only; HR and Admins see every import.
    const hr = await signedIn(t, 'hr');
    expect((await hr.client.get(`/api/v1/imports/${p.id}`)).status).toBe(200);
    const other = await signedIn(t, 'curator');
    await t.db.query(`insert into permission_grants (id, user_id, permission) values ($1, $2, 'people.invite')`, [
      randomUUID(),
      other.id,
    ]);
    expectError(await other.client.get(`/api/v1/imports/${p.id}`), 404, 'not_found');
    expect((await other.client.get('/api/v1/imports')).body.items).toEqual([]);
  });

  it('commits only previewed imports, and cancels before the commit', async () => {
    const p = await preview(t, owner, csv('email,firstName', 'cancelled@example.com,C'));
    const cancelled = await owner.post(`/api/v1/imports/${p.id}/cancel`);
    expect(cancelled).toMatchObject({ status: 200, body: { state: 'cancelled' } });
    expectError(await owner.post(`/api/v1/imports/${p.id}/commit`), 409, 'conflict');
    expect(await t.db.query(`select 1 from users where email = 'cancelled@example.com'`)).toEqual([]);
    const q = await preview(t, owner, csv('email,firstName', 'once@example.com,O'));
    await commit(owner, q.id);
    expectError(await owner.post(`/api/v1/imports/${q.id}/commit`), 409, 'conflict');
    expectError(await owner.post(`/api/v1/imports/${q.id}/cancel`), 409, 'conflict');
    const list = await owner.get('/api/v1/imports');
    expect(list.body.items[0]).toMatchObject({ id: q.id, state: 'completed', progress: { done: 1, total: 1 } });
  });

  it('validates the options at the edge', async () => {
    const res = await upload(t, owner, csv('email', 'a@example.com'), { mode: 'replace', invite: 'scheduled' });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.some((d: any) => d.field === 'mode')).toBe(true);
    expectError(
      await upload(t, owner, csv('email', 'a@example.com'), { invite: 'scheduled', inviteAt: '2001-01-01T00:00:00Z' }),
      400,
      'validation_failed',
    );
    expectError(
      await upload(t, owner, csv('email', 'a@example.com'), { matchOn: 'cf.nothing' }),
      400,
      'validation_failed',
    );
  });
});
