import { describe, expect, it } from 'vitest';
import { insertUser } from '../helpers/harness';
import { signedIn } from '../helpers/api';
import { expectScimError, useScimApp } from './helpers';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const patchOp = (...Operations: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations,
});

/** What independent SCIM suites and Entra/Okta sessions check beyond the compliance collection. */
describe('SCIM conformance', () => {
  const s = useScimApp();
  let n = 0;
  const createUser = async (extra: Record<string, unknown> = {}) => {
    n++;
    const res = await s.scim('POST', '/Users', {
      userName: `person${n}@example.com`,
      externalId: `ext-${n}`,
      name: { givenName: `Given${n}`, familyName: 'Family' },
      emails: [{ value: `person${n}@example.com`, type: 'work', primary: true }],
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Record<string, any>;
  };

  it('filters on a sub-attribute after a value path (Entra\'s emails[type eq "work"].value eq …)', async () => {
    const a = await createUser();
    await createUser({
      emails: [
        { value: 'other@example.com', type: 'home' },
        { value: 'second@example.com', type: 'work' },
      ],
    });
    const hit = await s.scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`emails[type eq "work"].value eq "${a.userName.toUpperCase()}"`)}`,
    );
    expect(hit.status, JSON.stringify(hit.body)).toBe(200);
    expect(hit.body.Resources.map((r: { id: string }) => r.id)).toEqual([a.id]);
    // The type and the value must hold for the same element: a home address does not match a work filter.
    const miss = await s.scim(
      'GET',
      `/Users?filter=${encodeURIComponent('emails[type eq "work"].value eq "other@example.com"')}`,
    );
    expect(miss.body.totalResults).toBe(0);
    const present = await s.scim('GET', `/Users?filter=${encodeURIComponent('emails[type eq "home"].value pr')}`);
    expect(present.body.totalResults).toBe(1);
    expectScimError(
      await s.scim('GET', `/Users?filter=${encodeURIComponent('emails[type eq "work"].value')}`),
      400,
      'invalidFilter',
    );
  });

  it('gives a group the same meta.version whether or not members were asked for, so If-Match works', async () => {
    const u = await createUser();
    const g = await s.scim('POST', '/Groups', { displayName: 'Versioned', members: [{ value: u.id }] });
    expect(g.status).toBe(201);
    const listed = await s.scim(
      'GET',
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Versioned"')}`,
    );
    const version = listed.body.Resources[0].meta.version;
    expect(version).toBe(g.headers.get('etag'));
    const renamed = await s.scim(
      'PATCH',
      `/Groups/${g.body.id}`,
      patchOp({ op: 'replace', path: 'displayName', value: 'Versioned 2' }),
      { headers: { 'if-match': version } },
    );
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(204);
    // A membership change is a change of the group: the version moves.
    const full = await s.scim('GET', `/Groups/${g.body.id}`);
    const removed = await s.scim(
      'PATCH',
      `/Groups/${g.body.id}`,
      patchOp({ op: 'remove', path: `members[value eq "${u.id}"]` }),
    );
    expect(removed.headers.get('etag')).not.toBe(full.headers.get('etag'));
  });

  it('clears externalId on remove and on replace with null, for users and groups', async () => {
    const u = await createUser();
    expect((await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'remove', path: 'externalId' }))).status).toBe(204);
    expect((await s.scim('GET', `/Users/${u.id}`)).body.externalId).toBeUndefined();
    const v = await createUser();
    expect(
      (await s.scim('PATCH', `/Users/${v.id}`, patchOp({ op: 'replace', path: 'externalId', value: null }))).status,
    ).toBe(204);
    expect((await s.scim('GET', `/Users/${v.id}`)).body.externalId).toBeUndefined();
    const g = await s.scim('POST', '/Groups', { displayName: 'With external id', externalId: 'g-ext' });
    expect(g.body.externalId).toBe('g-ext');
    expect((await s.scim('PATCH', `/Groups/${g.body.id}`, patchOp({ op: 'remove', path: 'externalId' }))).status).toBe(
      204,
    );
    expect((await s.scim('GET', `/Groups/${g.body.id}`)).body.externalId).toBeUndefined();
  });

  it('restores a person deleted over SCIM when HR creates them again: same id, history kept', async () => {
    const u = await createUser({ title: 'Before' });
    expect((await s.scim('DELETE', `/Users/${u.id}`)).status).toBe(204);
    expectScimError(await s.scim('GET', `/Users/${u.id}`), 404);
    const again = await s.scim('POST', '/Users', {
      userName: u.userName,
      externalId: 'new-ext',
      name: { givenName: 'Back', familyName: 'Again' },
      emails: u.emails,
      title: 'After',
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({
      id: u.id,
      externalId: 'new-ext',
      title: 'After',
      active: true,
      name: { givenName: 'Back' },
    });
    const actions = await s.t.db.query<{ action: string }>(
      `select action from audit_log where target_id = $1 order by id`,
      [u.id],
    );
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['user.created', 'user.deleted', 'user.restored']),
    );
    expect((await s.scim('GET', `/Users/${u.id}`)).status).toBe(200);
  });

  it('refuses PATCH of read-only attributes with mutability, but takes an unchanged id (Okta group rename)', async () => {
    const u = await createUser();
    for (const op of [
      { op: 'replace', path: 'id', value: 'another-id' },
      { op: 'remove', path: 'id' },
      { op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' },
      { op: 'add', path: 'meta', value: { version: 'W/"x"' } },
      { op: 'add', path: 'groups', value: [{ value: 'some-team' }] },
      { op: 'replace', value: { groups: [{ value: 'some-team' }] } },
      { op: 'replace', value: { id: 'another-id', title: 'x' } },
    ])
      expectScimError(await s.scim('PATCH', `/Users/${u.id}`, patchOp(op)), 400, 'mutability');
    expect(
      (await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', value: { id: u.id, title: 'Same id' } })))
        .status,
    ).toBe(204);
    expect((await s.scim('GET', `/Users/${u.id}`)).body.title).toBe('Same id');
    const g = await s.scim('POST', '/Groups', { displayName: 'Okta group' });
    const renamed = await s.scim(
      'PATCH',
      `/Groups/${g.body.id}`,
      patchOp({ op: 'replace', value: { id: g.body.id, displayName: 'Okta group renamed' } }),
    );
    expect(renamed.status).toBe(204);
    expectScimError(
      await s.scim('PATCH', `/Groups/${g.body.id}`, patchOp({ op: 'replace', value: { id: 'x', displayName: 'y' } })),
      400,
      'mutability',
    );
  });

  it('documents in /Schemas what it enforces, and returns manager $ref and displayName', async () => {
    const user = (await s.scim('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).body;
    const attr = (name: string) => user.attributes.find((a: { name: string }) => a.name === name);
    expect(attr('emails').required).toBe(true);
    expect(attr('groups').mutability).toBe('readOnly');
    expect(attr('groups').subAttributes.every((a: { mutability: string }) => a.mutability === 'readOnly')).toBe(true);
    const boss = await createUser({ name: { givenName: 'Big', familyName: 'Boss' } });
    const report = await createUser({ [ENTERPRISE]: { manager: { value: boss.id } } });
    expect(report[ENTERPRISE].manager).toEqual({
      value: boss.id,
      $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${boss.id}$`)),
      displayName: 'Big Boss',
    });
    const got = await s.scim('GET', `/Users/${report.id}`);
    expect(got.body[ENTERPRISE].manager.displayName).toBe('Big Boss');
    const listed = await s.scim('GET', `/Users?filter=${encodeURIComponent(`id eq "${report.id}"`)}`);
    expect(listed.body.Resources[0].meta.version).toBe(got.headers.get('etag'));
    expect(listed.body.Resources[0][ENTERPRISE].manager.displayName).toBe('Big Boss');
  });

  it('answers POST /.search on Users and Groups, 501 on /Me and the root /.search', async () => {
    const a = await createUser();
    const found = await s.scim('POST', '/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: `userName eq "${a.userName}"`,
      attributes: ['userName'],
      startIndex: 1,
      count: 10,
    });
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: a.id, userName: a.userName }] });
    expect(found.body.Resources[0].emails).toBeUndefined();
    const groups = await s.scim('POST', '/Groups/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      excludedAttributes: ['members'],
      count: 1,
    });
    expect(groups.status).toBe(200);
    expect(groups.body.itemsPerPage).toBeLessThanOrEqual(1);
    expectScimError(await s.scim('POST', '/Users/.search', { filter: 'userName eq' }), 400, 'invalidFilter');
    expectScimError(await s.scim('POST', '/Users/.search', { attributes: 'userName' }), 400, 'invalidValue');
    expectScimError(await s.scim('POST', '/.search', { filter: 'userName pr' }), 501);
    expectScimError(await s.scim('GET', '/Me'), 501);
  });

  it('runs /Bulk operations one by one, with bulkId references, per-operation errors and failOnErrors', async () => {
    const bulkRequest = (Operations: unknown[], failOnErrors?: number) => ({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      ...(failOnErrors ? { failOnErrors } : {}),
      Operations,
    });
    const res = await s.scim(
      'POST',
      '/Bulk',
      bulkRequest([
        {
          method: 'POST',
          bulkId: 'ann',
          path: '/Users',
          data: { userName: 'bulk-ann@example.com', name: { givenName: 'Ann', familyName: 'Bulk' } },
        },
        {
          method: 'POST',
          bulkId: 'team',
          path: '/Groups',
          data: { displayName: 'Bulk team', members: [{ value: 'bulkId:ann' }] },
        },
        {
          method: 'PATCH',
          path: '/Users/bulkId:ann',
          data: patchOp({ op: 'replace', path: 'title', value: 'Bulk lead' }),
        },
        { method: 'POST', bulkId: 'dup', path: '/Users', data: { userName: 'bulk-ann@example.com' } },
        { method: 'DELETE', path: '/Users/no-such-user' },
      ]),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:BulkResponse']);
    const [ann, team, patched, dup, missing] = res.body.Operations;
    expect(ann).toMatchObject({
      method: 'POST',
      bulkId: 'ann',
      status: '201',
      location: expect.stringMatching(/\/scim\/v2\/Users\//),
      version: expect.any(String),
    });
    expect(team).toMatchObject({ bulkId: 'team', status: '201' });
    expect(patched).toMatchObject({ method: 'PATCH', status: '204' });
    expect(dup).toMatchObject({ bulkId: 'dup', status: '409', response: { scimType: 'uniqueness' } });
    expect(missing).toMatchObject({ status: '404' });
    const annId = ann.location.split('/').pop();
    expect((await s.scim('GET', `/Users/${annId}`)).body.title).toBe('Bulk lead');
    const group = await s.scim('GET', team.location.slice(team.location.indexOf('/Groups')));
    expect(group.body.members.map((m: { value: string }) => m.value)).toEqual([annId]);
    // failOnErrors: 1 stops after the first error; an unknown bulkId is an error of its operation.
    const stopped = await s.scim(
      'POST',
      '/Bulk',
      bulkRequest(
        [
          {
            method: 'PATCH',
            path: '/Users/bulkId:nobody',
            data: patchOp({ op: 'replace', path: 'title', value: 'x' }),
          },
          { method: 'POST', bulkId: 'never', path: '/Users', data: { userName: 'bulk-never@example.com' } },
        ],
        1,
      ),
    );
    expect(stopped.body.Operations).toEqual([
      expect.objectContaining({ status: '409', response: expect.objectContaining({ scimType: 'invalidValue' }) }),
    ]);
    expect(
      (await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "bulk-never@example.com"')}`)).body
        .totalResults,
    ).toBe(0);
    expectScimError(await s.scim('POST', '/Bulk', bulkRequest([])), 400, 'invalidSyntax');
    const refused = await s.scim(
      'POST',
      '/Bulk',
      bulkRequest([
        { method: 'GET', path: '/Users' },
        { method: 'POST', path: '/Bulk', bulkId: 'x', data: {} },
      ]),
    );
    expect(refused.body.Operations).toMatchObject([
      { status: '400', response: { scimType: 'invalidSyntax' } },
      { status: '400', response: { scimType: 'invalidPath' } },
    ]);
  });

  it('patches the enterprise extension by its URN, whole or by attribute', async () => {
    const boss = await createUser();
    const u = await createUser();
    const whole = await s.scim(
      'PATCH',
      `/Users/${u.id}?attributes=${ENTERPRISE}`,
      patchOp({ op: 'add', path: ENTERPRISE, value: { department: 'Sales', manager: { value: boss.id } } }),
    );
    expect(whole.status, JSON.stringify(whole.body)).toBe(200);
    expect(whole.body[ENTERPRISE]).toMatchObject({ department: 'Sales', manager: { value: boss.id } });
    expect(
      (
        await s.scim(
          'PATCH',
          `/Users/${u.id}`,
          patchOp({ op: 'replace', path: `${ENTERPRISE}:department`, value: 'Ops' }),
        )
      ).status,
    ).toBe(204);
    expect(
      (await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'remove', path: `${ENTERPRISE}:manager` }))).status,
    ).toBe(204);
    const after = (await s.scim('GET', `/Users/${u.id}`)).body;
    expect(after[ENTERPRISE].department).toBe('Ops');
    expect(after[ENTERPRISE].manager).toBeUndefined();
    expect((await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'remove', path: ENTERPRISE }))).status).toBe(204);
    expect((await s.scim('GET', `/Users/${u.id}`)).body[ENTERPRISE]).toBeUndefined();
    expectScimError(
      await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'add', path: 'urn:example:nope:User:x', value: 1 })),
      400,
      'invalidPath',
    );
  });

  it("never adopts, changes or deletes Owners, nor people above the token creator's rank; the refusal is in the sync status", async () => {
    const admin = await signedIn(s.t, 'admin');
    const res = await admin.client.post('/api/v1/tokens', { name: 'admin scim', scopes: ['scim'] });
    expect(res.status).toBe(201);
    const adminToken = res.body.token as string;
    // HR sends the Owner as Roster has them: nothing to update, so only the adoption itself is at stake.
    const owner2 = await insertUser(s.t.db, {
      role: 'owner',
      email: 'second-owner@example.com',
      firstName: 'Olga',
      lastName: 'Owner',
    });
    const adopt = await s.scim(
      'POST',
      '/Users',
      {
        userName: owner2.email,
        name: { givenName: 'Olga', familyName: 'Owner' },
        emails: [{ value: owner2.email, primary: true }],
      },
      { token: adminToken },
    );
    expectScimError(adopt, 403);
    expect(adopt.body.detail).toMatch(/Owner/);
    // An Owner's token cannot adopt an Owner either.
    expectScimError(await s.scim('POST', '/Users', { userName: 'owner@example.com' }), 403);
    const [row] = await s.t.db.query<{ managed_by: string | null }>(`select managed_by from users where id = $1`, [
      owner2.id,
    ]);
    expect(row!.managed_by).toBeNull();
    // Someone HR already manages who became an Owner since: no more changes or deletes from SCIM.
    const u = await createUser();
    await s.t.db.query(`update users set role = 'owner' where id = $1`, [u.id]);
    expectScimError(
      await s.scim('PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'active', value: false }), {
        token: adminToken,
      }),
      403,
    );
    expectScimError(await s.scim('PUT', `/Users/${u.id}`, { userName: u.userName, title: 'x' }), 403);
    expectScimError(await s.scim('DELETE', `/Users/${u.id}`), 403);
    // People at or below the creator's rank stay manageable.
    const hr = await createUser();
    await s.t.db.query(`update users set role = 'hr' where id = $1`, [hr.id]);
    expect(
      (
        await s.scim('PATCH', `/Users/${hr.id}`, patchOp({ op: 'replace', path: 'title', value: 'HR lead' }), {
          token: adminToken,
        })
      ).status,
    ).toBe(204);
    const status = await s.owner.get('/api/v1/scim/status');
    expect(
      status.body.recentErrors.some(
        (e: { status: number; detail: string }) => e.status === 403 && /Owner/.test(e.detail),
      ),
    ).toBe(true);
  });
});
