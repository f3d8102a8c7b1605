import { describe, expect, it } from 'vitest';
import { expectError, signedIn } from '../helpers/api';
import { useScimApp } from './helpers';

const patchOp = (...Operations: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations,
});

/** GET /api/v1/users/:id/hr-sync: what HR owns, what it last sent, and which admin overrides the next sync undoes. */
describe('HR drift view', () => {
  const s = useScimApp();

  const provision = async (userName: string, extra: Record<string, unknown> = {}) => {
    const res = await s.scim('POST', '/Users', {
      userName,
      name: { givenName: 'Hana', familyName: 'Sato' },
      title: 'Analyst',
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const view = async (id: string) => {
    const res = await s.owner.get(`/api/v1/users/${id}/hr-sync`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const status = (body: { fields: { field: string }[] }) => body.fields.find((f) => f.field === 'status');

  it("lists the fields HR owns with HR's last values and when HR last wrote", async () => {
    const id = await provision('hana@example.com');
    const body = await view(id);
    expect(body).toMatchObject({ managedByHr: true, valuesRecorded: true, lastSyncAt: expect.any(String) });
    expect(body.fields.map((f: { field: string }) => f.field)).toEqual([
      'email',
      'firstName',
      'lastName',
      'status',
      'jobTitle',
    ]);
    expect(body.fields.find((f: { field: string }) => f.field === 'jobTitle')).toEqual({
      field: 'jobTitle',
      hrValue: 'Analyst',
      currentValue: 'Analyst',
      pending: null,
    });
    expect(status(body)).toEqual({ field: 'status', hrValue: 'active', currentValue: 'not_invited', pending: null });
    const before = body.lastSyncAt;
    await new Promise((r) => setTimeout(r, 20));
    expect(
      (await s.scim('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'title', value: 'Lead' }))).status,
    ).toBe(204);
    const after = await view(id);
    expect(Date.parse(after.lastSyncAt)).toBeGreaterThan(Date.parse(before));
    expect(after.fields.find((f: { field: string }) => f.field === 'jobTitle').hrValue).toBe('Lead');
  });

  it('says the next sync reactivates someone HR has active but an admin deactivated, and the reverse', async () => {
    const id = await provision('kenji@example.com');
    expect((await s.owner.post(`/api/v1/users/${id}/deactivate`, {})).status).toBe(200);
    expect(status(await view(id))).toEqual({
      field: 'status',
      hrValue: 'active',
      currentValue: 'deactivated',
      pending: 'The next sync will reactivate this person.',
    });

    const other = await provision('yui@example.com');
    expect(
      (await s.scim('PATCH', `/Users/${other}`, patchOp({ op: 'replace', path: 'active', value: false }))).status,
    ).toBe(204);
    expect(status(await view(other))).toMatchObject({
      hrValue: 'inactive',
      currentValue: 'deactivated',
      pending: null,
    });
    expect((await s.owner.post(`/api/v1/users/${other}/reactivate`, {})).status).toBe(200);
    expect(status(await view(other))).toMatchObject({
      hrValue: 'inactive',
      pending: 'The next sync will deactivate this person.',
    });
  });

  it('answers for people HR does not manage, and 404 to whoever may not see the person', async () => {
    const plain = await signedIn(s.t, 'learner');
    expect(await view(plain.id)).toEqual({ managedByHr: false, lastSyncAt: null, valuesRecorded: false, fields: [] });
    const id = await provision('aoi@example.com');
    expectError(await plain.client.get(`/api/v1/users/${id}/hr-sync`), 404, 'not_found');
    expectError(await s.owner.get('/api/v1/users/nobody/hr-sync'), 404, 'not_found');
    const hr = await signedIn(s.t, 'hr');
    expect((await hr.client.get(`/api/v1/users/${id}/hr-sync`)).status).toBe(200);
  });

  it('forgets what HR sent when the person is anonymised', async () => {
    const id = await provision('riku@example.com');
    expect((await s.owner.post(`/api/v1/users/${id}/deactivate`, {})).status).toBe(200);
    expect((await s.owner.post(`/api/v1/users/${id}/anonymise`, {})).status).toBe(200);
    const [row] = await s.t.db.query<{ hr_last_values: unknown }>(`select hr_last_values from users where id = $1`, [
      id,
    ]);
    expect(row!.hr_last_values).toBeNull();
  });
});
