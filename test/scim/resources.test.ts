import { beforeAll, describe, expect, it } from 'vitest';
import { expectScimError, useScimApp } from './helpers';

/** Listing (sort, pages, projections), discovery documents and Groups edge cases. */
describe('SCIM resources', () => {
  const s = useScimApp();
  const ids: string[] = [];
  beforeAll(async () => {
    for (const [i, n] of ['delta', 'Alpha', 'charlie', 'Bravo'].entries()) {
      const res = await s.scim('POST', '/Users', {
        userName: `${n}@example.com`,
        name: { givenName: n, familyName: `F${i}` },
        title: i % 2 ? 'Dev' : null,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.id);
    }
  });

  it('sorts case-insensitively, pages with startIndex/count and reports totals', async () => {
    const page = await s.scim('GET', '/Users?sortBy=userName&sortOrder=descending&startIndex=2&count=2');
    expect(page.body).toMatchObject({ totalResults: 4, startIndex: 2, itemsPerPage: 2 });
    expect(page.body.Resources.map((r: { userName: string }) => r.userName)).toEqual([
      'charlie@example.com',
      'Bravo@example.com',
    ]);
    const zero = await s.scim('GET', '/Users?count=0');
    expect(zero.body).toMatchObject({ totalResults: 4, itemsPerPage: 0, Resources: [] });
    const clamped = await s.scim('GET', '/Users?startIndex=-5&count=1&sortBy=name.givenName');
    expect(clamped.body.startIndex).toBe(1);
    expect(clamped.body.Resources[0].name.givenName).toBe('Alpha');
    expectScimError(await s.scim('GET', '/Users?sortBy=password'), 400, 'invalidFilter');
  });

  it('projects attributes and excludedAttributes; id and schemas always come back', async () => {
    const only = await s.scim('GET', `/Users/${ids[0]}?attributes=userName,name.familyName`);
    expect(only.body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: ids[0],
      userName: 'delta@example.com',
      name: { familyName: 'F0' },
    });
    const without = await s.scim('GET', `/Users/${ids[0]}?excludedAttributes=emails,meta,id`);
    expect(without.body.emails).toBeUndefined();
    expect(without.body.meta).toBeUndefined();
    expect(without.body.id).toBe(ids[0]);
  });

  it('serves the discovery documents', async () => {
    const spc = await s.scim('GET', '/ServiceProviderConfig');
    expect(spc.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 1000 },
      etag: { supported: true },
      sort: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1024 * 1024 },
    });
    expect((await s.scim('GET', '/serviceConfiguration')).body).toEqual(spc.body);
    const types = await s.scim('GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: { endpoint: string }) => r.endpoint)).toEqual(['/Users', '/Groups']);
    const schema = await s.scim('GET', '/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
    expect(schema.body.attributes.map((a: { name: string }) => a.name)).toContain('manager');
  });

  it('groups: unique displayName, PUT replaces members, unknown members and garbage are refused, DELETE removes the team', async () => {
    const g = await s.scim('POST', '/Groups', { displayName: 'Ops', members: [{ value: ids[0] }, { value: ids[1] }] });
    expect(g.status).toBe(201);
    expectScimError(await s.scim('POST', '/Groups', { displayName: 'ops' }), 409, 'uniqueness');
    expectScimError(
      await s.scim('POST', '/Groups', { displayName: 'X', members: [{ value: 'nobody' }] }),
      400,
      'invalidValue',
    );
    const put = await s.scim('PUT', `/Groups/${g.body.id}`, {
      displayName: 'Operations',
      members: [{ value: ids[1] }, { value: ids[2] }],
    });
    expect(put.status).toBe(200);
    expect(put.body.members.map((m: { value: string }) => m.value).sort()).toEqual([ids[1], ids[2]].sort());
    expect(put.body.externalId).toBeUndefined();
    expectScimError(
      await s.scim('PATCH', `/Groups/${g.body.id}`, {
        Operations: [{ op: 'add', path: 'members', value: 'not an object' }],
      }),
      400,
      'invalidValue',
    );
    const audit = await s.t.db.query(`select action from audit_log where target_id = $1 order by id`, [g.body.id]);
    expect(audit.map((a) => a.action)).toEqual([
      'team.created',
      'team.member_added',
      'team.member_added',
      'team.updated',
      'team.member_added',
      'team.member_removed',
    ]);
    expect((await s.scim('DELETE', `/Groups/${g.body.id}`)).status).toBe(204);
    expectScimError(await s.scim('GET', `/Groups/${g.body.id}`), 404);
    expect((await s.owner.get(`/api/v1/teams/${g.body.id}`)).status).toBe(404);
  });

  it('PUT replaces what SCIM manages: an attribute left out is cleared', async () => {
    const res = await s.scim('PUT', `/Users/${ids[1]}`, {
      userName: 'alpha@example.com',
      name: { givenName: 'Alpha' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.title).toBeUndefined();
    expect(res.body.name).toEqual({ givenName: 'Alpha' });
    const user = (await s.owner.get(`/api/v1/users/${ids[1]}`)).body;
    expect(user).toMatchObject({ jobTitle: null, lastName: '' });
    expect(user.hrManagedFields).not.toContain('jobTitle');
    expectScimError(
      await s.scim('PUT', `/Users/${ids[1]}`, { userName: 'delta@example.com', name: { givenName: 'A' } }),
      409,
      'uniqueness',
    );
  });
});
