import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { signedIn, uniqueEmail } from '../helpers/api';
import { OWNER } from '../helpers/harness';

/** The audit page's actor column (docs/api.md "Audit log"): names, each shown only to a reader who may see it. */
const { t, owner } = useApp();

const entryFor = async (client: typeof owner, query: string) => {
  const res = await client.get(`/api/v1/audit?${query}`);
  expect(res.status).toBe(200);
  return res.body.items[0];
};

/** The audit export's Actor column for the entries a query matches, read back by a CSV parser. */
const exportedActors = async (client: typeof owner, query: string) => {
  const res = await client.get(`/api/v1/audit/export?format=csv&columns=actor&${query}`);
  expect(res.status).toBe(200);
  return (parse(String(res.body), { bom: true }) as string[][]).slice(1).map((row) => row[0]);
};

describe('audit actors', () => {
  it('names a person, an API token, the HR sync token and the system; filters by a person or a token', async () => {
    const ownerId = (await t.db.query<{ id: string }>(`select id from users where email = $1`, [OWNER.email]))[0]!.id;
    await t.db.query(`update users set first_name = 'Olive', last_name = 'Owner' where id = $1`, [ownerId]);
    const made = await owner.post('/api/v1/users', {
      email: uniqueEmail('byperson'),
      firstName: 'By',
      lastName: 'Person',
    });
    expect(made.status).toBe(201);

    const api = (await owner.post('/api/v1/tokens', { name: 'Payroll', scopes: ['api'] })).body;
    const bot = t.anon();
    bot.bearer = api.token;
    const byToken = await bot.post('/api/v1/users', {
      email: uniqueEmail('bytoken'),
      firstName: 'By',
      lastName: 'Token',
    });
    expect(byToken.status).toBe(201);

    const hr = (await owner.post('/api/v1/tokens', { name: 'Workday', scopes: ['scim'] })).body;
    const scimEmail = uniqueEmail('byscim');
    const scim = await t.app.inject({
      method: 'POST',
      url: '/scim/v2/Users',
      headers: { authorization: `Bearer ${hr.token}`, 'content-type': 'application/scim+json' },
      payload: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: scimEmail,
        name: { givenName: 'By', familyName: 'Scim' },
        emails: [{ value: scimEmail, primary: true }],
      }),
    });
    expect(scim.statusCode, scim.body).toBe(201);
    await t.db.query(
      `insert into audit_log (actor_id, actor_type, action, target_type, target_id) values (null, 'system', 'user.updated', 'user', $1)`,
      [made.body.id],
    );

    expect(await entryFor(owner, `targetId=${made.body.id}&action=user.created`)).toMatchObject({
      actor: { kind: 'person', id: ownerId, name: 'Olive Owner' },
      impersonator: null,
    });
    expect(await entryFor(owner, `targetId=${byToken.body.id}&action=user.created`)).toMatchObject({
      actor: { kind: 'api_token', id: api.id, name: 'Payroll' },
    });
    const scimUser = (
      await t.db.query<{ id: string }>(`select id from users where email_normalized = $1`, [scimEmail])
    )[0]!;
    expect(await entryFor(owner, `targetId=${scimUser.id}&action=user.created`)).toMatchObject({
      actor: { kind: 'hr_token', id: hr.id, name: 'Workday' },
    });
    expect(await entryFor(owner, `targetId=${made.body.id}&action=user.updated`)).toMatchObject({
      actor: { kind: 'system', id: null, name: null },
    });

    // The export says the same in words.
    expect(await exportedActors(owner, `targetId=${made.body.id}`)).toEqual(['System', 'Olive Owner']);
    expect(await exportedActors(owner, `targetId=${byToken.body.id}&action=user.created`)).toEqual([
      "API token 'Payroll'",
    ]);
    expect(await exportedActors(owner, `targetId=${scimUser.id}&action=user.created`)).toEqual([
      "HR sync token 'Workday'",
    ]);

    // The pickers filter by the chosen person's or token's id.
    const byPayroll = (await owner.get(`/api/v1/audit?actorId=${api.id}`)).body.items;
    expect(byPayroll.length).toBeGreaterThan(0);
    expect(byPayroll.every((e: any) => e.actor.name === 'Payroll')).toBe(true);
    const byOwner = (await owner.get(`/api/v1/audit?actorId=${ownerId}`)).body.items;
    expect(byOwner.every((e: any) => e.actor.id === ownerId || e.impersonator?.id === ownerId)).toBe(true);
  });

  it('hides names a reader may not see: a Reporter sees kinds, not other people or token names', async () => {
    const api = (await owner.post('/api/v1/tokens', { name: 'Secret integration', scopes: ['api'] })).body;
    const bot = t.anon();
    bot.bearer = api.token;
    const byToken = await bot.post('/api/v1/users', {
      email: uniqueEmail('hidden'),
      firstName: 'Hid',
      lastName: 'Den',
    });
    expect(byToken.status).toBe(201);
    const reporter = await signedIn(t, 'reporter');
    await t.db.query(`update users set first_name = 'Rita', last_name = 'Reporter' where id = $1`, [reporter.id]);
    // The Reporter's own action (signing in) is theirs to see.
    const own = await entryFor(reporter.client, `actorId=${reporter.id}`);
    expect(own.actor).toEqual({ kind: 'person', id: reporter.id, name: 'Rita Reporter' });
    const created = await entryFor(reporter.client, `targetId=${byToken.body.id}&action=user.created`);
    expect(created.actor).toEqual({ kind: 'api_token', id: api.id, name: null });
    const ownerEntry = await entryFor(reporter.client, `action=token.created`);
    expect(ownerEntry.actor).toMatchObject({ kind: 'person', name: null });
    // The export hides the same names.
    expect(await exportedActors(reporter.client, `targetId=${byToken.body.id}&action=user.created`)).toEqual([
      'API token',
    ]);
    expect(await exportedActors(reporter.client, `actorId=${reporter.id}`)).toContain('Rita Reporter');
    expect(await exportedActors(reporter.client, `action=token.created`)).toContain('A person you cannot see');
  });
});
