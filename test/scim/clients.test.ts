import { describe, expect, it } from 'vitest';
import { fixture, useScimApp } from './helpers';

/** Entra-shaped and Okta-shaped requests (test/fixtures/scim), end to end over HTTP. */
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('Entra ID provisioning', () => {
  const s = useScimApp();

  let alice: string;
  let mona: string;

  it('creates users with the enterprise extension; Roster gets the profile and marks it HR-managed', async () => {
    const res = await s.scim('POST', '/Users', fixture('entra-create-user'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(res.headers.get('location')).toBe(`http://roster.test/scim/v2/Users/${res.body.id}`);
    expect(res.headers.get('etag')).toBe(res.body.meta.version);
    alice = res.body.id;
    expect(res.body).toMatchObject({
      userName: 'alice.martin@contoso.example',
      active: true,
      title: 'Payroll lead',
      preferredLanguage: 'fr-FR',
      [ENT]: { employeeNumber: 'E-1001', department: 'Finance' },
      addresses: [{ locality: 'Paris' }],
    });
    const user = (await s.owner.get(`/api/v1/users/${alice}`)).body;
    expect(user).toMatchObject({
      email: 'alice.martin@contoso.example',
      firstName: 'Alice',
      lastName: 'Martin',
      jobTitle: 'Payroll lead',
      employeeId: 'E-1001',
      department: 'Finance',
      phone: '+33 1 23 45 67 89',
      language: 'fr-FR',
      managedBy: 'scim',
      deactivatedByHr: false,
    });
    expect(user.hrManagedFields).toEqual(
      expect.arrayContaining(['email', 'firstName', 'lastName', 'status', 'jobTitle', 'employeeId', 'department']),
    );
    mona = (await s.scim('POST', '/Users', fixture('entra-create-manager'))).body.id;
  });

  it('finds a user by userName (any case) before provisioning, as Entra does', async () => {
    const res = await s.scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "ALICE.MARTIN@contoso.example"')}`,
    );
    expect(res.body).toMatchObject({ totalResults: 1, Resources: [{ id: alice }] });
    const none = await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@contoso.example"')}`);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('applies capitalised ops, value paths and enterprise paths; PATCH answers 204 with the new ETag', async () => {
    const res = await s.scim('PATCH', `/Users/${alice}`, fixture('entra-patch-update'));
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    const got = await s.scim('GET', `/Users/${alice}`);
    expect(res.headers.get('etag')).toBe(got.body.meta.version);
    expect(got.body).toMatchObject({
      title: 'Head of payroll',
      name: { givenName: 'Alicia' },
      [ENT]: { department: 'Finance & Payroll' },
    });
    expect(got.body.emails).toEqual([{ primary: true, type: 'work', value: 'alice.m@contoso.example' }]);
    expect(got.body.phoneNumbers).toContainEqual({ type: 'fax', value: '+33 1 00 00 00 00' });
    const user = (await s.owner.get(`/api/v1/users/${alice}`)).body;
    expect(user).toMatchObject({ email: 'alice.m@contoso.example', firstName: 'Alicia', jobTitle: 'Head of payroll' });
  });

  it('sets the manager from a bare id and refuses a reporting cycle with a SCIM 400', async () => {
    expect((await s.scim('PATCH', `/Users/${alice}`, fixture('entra-patch-manager', { managerId: mona }))).status).toBe(
      204,
    );
    expect((await s.owner.get(`/api/v1/users/${alice}`)).body.managerId).toBe(mona);
    const cycle = await s.scim('PATCH', `/Users/${mona}`, fixture('entra-patch-manager', { managerId: alice }));
    expect(cycle.status).toBe(400);
    expect(cycle.body).toMatchObject({ scimType: 'invalidValue' });
    const unknown = await s.scim(
      'PATCH',
      `/Users/${mona}`,
      fixture('entra-patch-manager', { managerId: 'no-such-user' }),
    );
    expect(unknown.status).toBe(400);
  });

  it('disables with the string "False" and enables with "True"', async () => {
    expect((await s.scim('PATCH', `/Users/${alice}`, fixture('entra-patch-disable'))).status).toBe(204);
    let user = (await s.owner.get(`/api/v1/users/${alice}`)).body;
    expect(user).toMatchObject({ status: 'deactivated', deactivatedByHr: true });
    expect((await s.scim('GET', `/Users/${alice}`)).body.active).toBe(false);
    expect((await s.scim('PATCH', `/Users/${alice}`, fixture('entra-patch-enable'))).status).toBe(204);
    user = (await s.owner.get(`/api/v1/users/${alice}`)).body;
    expect(user).toMatchObject({ status: 'not_invited', deactivatedByHr: false });
  });

  it('provisions a group (a team), adds and removes members with value lists', async () => {
    const g = await s.scim('POST', '/Groups', fixture('entra-create-group'));
    expect(g.status, JSON.stringify(g.body)).toBe(201);
    const found = await s.scim(
      'GET',
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "finance (entra)"')}`,
    );
    expect(found.body).toMatchObject({
      totalResults: 1,
      Resources: [{ id: g.body.id, displayName: 'Finance (Entra)' }],
    });
    expect(found.body.Resources[0].members).toBeUndefined();
    expect(
      (await s.scim('PATCH', `/Groups/${g.body.id}`, fixture('entra-group-add-member', { userId: alice }))).status,
    ).toBe(204);
    const team = await s.owner.get(`/api/v1/teams/${g.body.id}/members`);
    expect(team.body.items.map((m: { id: string }) => m.id)).toEqual([alice]);
    const member = await s.scim(
      'GET',
      `/Groups?filter=${encodeURIComponent(`id eq "${g.body.id}" and members[value eq "${alice}"]`)}&excludedAttributes=members`,
    );
    expect(member.body.totalResults).toBe(1);
    expect(
      (await s.scim('PATCH', `/Groups/${g.body.id}`, fixture('entra-group-remove-member', { userId: alice }))).status,
    ).toBe(204);
    expect((await s.scim('GET', `/Groups/${g.body.id}`)).body.members).toEqual([]);
  });
});

describe('Okta provisioning', () => {
  const s = useScimApp();

  let bob: string;

  it('looks the user up with startIndex/count, then creates them (the password is not stored)', async () => {
    const q = await s.scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "bob.okta@example.org"')}&startIndex=1&count=100`,
    );
    expect(q.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
    });
    const res = await s.scim('POST', '/Users', fixture('okta-create-user'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    bob = res.body.id;
    expect(res.body).toMatchObject({
      userName: 'bob.okta@example.org',
      externalId: '00u1abcdOKTA',
      locale: 'en-US',
      active: true,
    });
    expect(JSON.stringify(res.body)).not.toContain('never-stored');
    const rows = await s.t.db.query(`select password_hash from users where id = $1`, [bob]);
    expect(rows[0]!.password_hash).toBeNull();
  });

  it('updates the profile with a path-less replace and answers 200 with the resource when attributes are asked for', async () => {
    const res = await s.scim('PATCH', `/Users/${bob}?attributes=name,title`, fixture('okta-update-profile'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      schemas: expect.any(Array),
      id: bob,
      name: { givenName: 'Robert', familyName: 'Okta' },
      title: 'Engineer',
    });
  });

  it('deactivates with {"active": false}, and re-provisioning the same user reactivates them instead of duplicating', async () => {
    expect((await s.scim('PATCH', `/Users/${bob}`, fixture('okta-deactivate'))).status).toBe(204);
    expect((await s.owner.get(`/api/v1/users/${bob}`)).body).toMatchObject({
      status: 'deactivated',
      deactivatedByHr: true,
    });
    const again = await s.scim('POST', '/Users', fixture('okta-create-user'));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.id).toBe(bob);
    expect(again.body.active).toBe(true);
    const all = await s.scim('GET', '/Users');
    expect(all.body.totalResults).toBe(1);
    // A different client identity with the same userName is a conflict, not a re-provisioning.
    await s.scim('PATCH', `/Users/${bob}`, fixture('okta-deactivate'));
    const other = await s.scim('POST', '/Users', {
      ...(fixture('okta-create-user') as object),
      externalId: '00uOTHER',
    });
    expect(other.status).toBe(409);
    expect(other.body.scimType).toBe('uniqueness');
  });

  it('pushes a group with a member, renames it and removes the member by value filter', async () => {
    const g = await s.scim('POST', '/Groups', fixture('okta-create-group', { userId: bob }));
    expect(g.status, JSON.stringify(g.body)).toBe(201);
    expect(g.body.members).toEqual([
      { value: bob, display: 'Bob Okta', type: 'User', $ref: `http://roster.test/scim/v2/Users/${bob}` },
    ]);
    expect(
      (await s.scim('PATCH', `/Groups/${g.body.id}`, fixture('okta-group-rename', { groupId: g.body.id }))).status,
    ).toBe(204);
    expect(
      (await s.scim('PATCH', `/Groups/${g.body.id}`, fixture('okta-group-remove-member', { userId: bob }))).status,
    ).toBe(204);
    const after = await s.scim('GET', `/Groups/${g.body.id}`);
    expect(after.body).toMatchObject({ displayName: 'Engineering', members: [] });
    expect((await s.owner.get(`/api/v1/teams/${g.body.id}`)).body.name).toBe('Engineering');
  });
});
