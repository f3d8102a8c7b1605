import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, signedIn, uniqueEmail } from '../helpers/api';
import { curatorWithGrants, newTeam } from '../helpers/delegation';
import { commit, csv, importFile, preview, rowsOf, upload } from './helpers';

/**
 * CSV imports by an importer whose grants are limited to a team or a group (docs/decisions/031-delegated-administration.md):
 * new people land inside the limit, updates reach only the people the policy lets them edit, anything else is a
 * row error that reveals nobody outside the limit, and the commit does exactly what the preview showed.
 */
const { t, owner } = useApp();
const ids: Record<string, string> = {};
const emails: Record<string, string> = {};

const team = (name: string, parentId?: string) => newTeam(owner, name, parentId);

async function person(key: string, body: Record<string, unknown>) {
  emails[key] = uniqueEmail(key.toLowerCase());
  ids[key] = (await createUser(owner, { email: emails[key], lastName: key, ...body })).id;
}

const limitedCurator = (grants: Record<string, unknown>[]) => curatorWithGrants(t, owner, grants);

/** Whether anyone (seen by the Owner) has this email. */
async function exists(email: string): Promise<boolean> {
  const res = await owner.get(`/api/v1/users?q=${encodeURIComponent(email)}&limit=10`);
  return res.body.items.some((u: any) => u.email?.toLowerCase() === email.toLowerCase());
}

beforeAll(async () => {
  ids.sales = await team('Sales');
  ids.emea = await team('EMEA', ids.sales);
  ids.ops = await team('Operations');
  await person('InEmea', { teamIds: [ids.emea], jobTitle: 'Seller', department: 'Paris' });
  await person('InOps', { teamIds: [ids.ops], jobTitle: 'Operator', department: 'Lyon' });
  await person('AdminInSales', { role: 'admin', teamIds: [ids.sales], jobTitle: 'Boss' });
});

describe('a team-limited inviter imports into their team', () => {
  it('creates and updates inside the limit; every other row is a row error and nothing outside is written', async () => {
    const cur = await limitedCurator([
      { permission: 'people.invite', teamId: ids.sales },
      { permission: 'people.edit', teamId: ids.sales },
    ]);
    // The web offers the Import page and its update modes from the server's abilities.
    const session = await cur.client.get('/api/v1/auth/session');
    expect(session.body.abilities).toEqual(expect.arrayContaining(['people.invite', 'people.bulk_update']));
    const fresh = {
      inside: uniqueEmail('inside'),
      otherTeam: uniqueEmail('otherteam'),
      noTeam: uniqueEmail('noteam'),
      raised: uniqueEmail('raised'),
    };
    const p = await preview(
      t,
      cur.client,
      csv(
        'email,firstName,jobTitle,teams,role',
        `${fresh.inside},Inside,Seller,Sales/EMEA,`,
        `${fresh.otherTeam},Other,Seller,Operations,`,
        `${fresh.noTeam},Nowhere,Seller,,`,
        `${emails.InEmea},Test,Senior seller,Sales/EMEA,`,
        `${emails.InOps},Test,Changed,Operations,`,
        `${emails.AdminInSales},Test,Changed,Sales,`,
        `${fresh.raised},Raised,Seller,Sales,hr`,
      ),
      { mode: 'add_update' },
    );
    expect(p.state, JSON.stringify(p.error)).toBe('previewed');
    const rows = await rowsOf(cur.client, p.id);
    expect(rows.map((r) => r.action)).toEqual(['create', 'error', 'error', 'update', 'error', 'error', 'error']);
    expect(rows[1].errors).toEqual([
      {
        column: 'teams',
        message:
          'You can only add people to the teams your invite permission is limited to (or teams you manage): "Operations" is not one of them.',
      },
    ]);
    expect(rows[2].errors[0]).toMatchObject({ column: 'teams', message: expect.stringContaining('"Sales"') });
    expect(rows[3].changes).toEqual({ jobTitle: ['Seller', 'Senior seller'] });
    // Outside the limit: the same answer as for nobody, without their id.
    expect(rows[4]).toMatchObject({
      userId: null,
      errors: [{ column: 'email', message: 'No user matches this email.' }],
    });
    expect(JSON.stringify(rows)).not.toContain(ids.InOps);
    // Inside the team but above the limited grant's reach.
    expect(rows[5].errors[0].message).toMatch(/^You may not change this person\. A permission limited to a team/);
    expect(rows[6].errors).toEqual([expect.objectContaining({ column: 'role' })]);

    const done = await commit(cur.client, p.id);
    expect(done.state, JSON.stringify(done.error)).toBe('completed');
    expect(done.counts).toMatchObject({ create: 1, update: 1, error: 5 });
    // The commit did exactly what the preview showed.
    const after = await rowsOf(cur.client, p.id);
    expect(after.map((r) => [r.action, r.errors, r.changes])).toEqual(rows.map((r) => [r.action, r.errors, r.changes]));
    expect(after.map((r) => r.outcome)).toEqual(rows.map((r) => (r.action === 'error' ? null : 'applied')));
    const created = after[0].userId as string;
    const made = await owner.get(`/api/v1/users/${created}`);
    expect(made.body).toMatchObject({ email: fresh.inside, jobTitle: 'Seller', role: 'learner' });
    expect((await owner.get(`/api/v1/teams/${ids.emea}/members`)).body.items.map((m: any) => m.id)).toContain(created);
    expect((await cur.client.get(`/api/v1/users/${created}`)).status).toBe(200);
    expect((await owner.get(`/api/v1/users/${ids.InEmea}`)).body.jobTitle).toBe('Senior seller');
    expect((await owner.get(`/api/v1/users/${ids.InOps}`)).body.jobTitle).toBe('Operator');
    expect((await owner.get(`/api/v1/users/${ids.AdminInSales}`)).body.jobTitle).toBe('Boss');
    for (const email of [fresh.otherTeam, fresh.noTeam, fresh.raised]) expect(await exists(email)).toBe(false);
  });

  it('in update mode, a person outside the limit reads exactly like nobody', async () => {
    const cur = await limitedCurator([{ permission: 'people.edit', teamId: ids.sales }]);
    // Without the invite right, update mode only.
    expectError(await upload(t, cur.client, csv('email,firstName', 'x@example.com,X')), 403, 'forbidden');
    const p = await preview(
      t,
      cur.client,
      csv('email,jobTitle', `${emails.InOps},Changed`, `${uniqueEmail('nobody')},Changed`),
      { mode: 'update' },
    );
    const rows = await rowsOf(cur.client, p.id);
    expect(rows.map((r) => r.action)).toEqual(['error', 'error']);
    expect(rows[0].errors).toEqual(rows[1].errors);
    expect(rows[0].userId).toBeNull();
    expect(JSON.stringify(rows)).not.toContain(ids.InOps);
  });

  it('moves people between teams only where they manage the teams', async () => {
    const cur = await limitedCurator([{ permission: 'people.edit', teamId: ids.sales }]);
    const p = await preview(t, cur.client, csv('email,teams', `${emails.InEmea},Sales`), { mode: 'update' });
    const [row] = await rowsOf(cur.client, p.id);
    expect(row.action).toBe('error');
    expect(row.errors[0]).toMatchObject({ column: 'teams', message: expect.stringMatching(/manage it/) });
  });
});

describe('a group-limited grant', () => {
  it('adds people the group takes in and updates its members; every other row is a row error', async () => {
    const g = await owner.post('/api/v1/groups', {
      name: 'Paris by file',
      rules: { field: 'department', op: 'eq', value: 'Paris' },
    });
    expect(g.status, JSON.stringify(g.body)).toBe(201);
    const cur = await limitedCurator([
      { permission: 'people.invite', groupId: g.body.id },
      { permission: 'people.edit', groupId: g.body.id },
    ]);
    const newcomer = uniqueEmail('paris');
    const outsider = uniqueEmail('lyon');
    const p = await preview(
      t,
      cur.client,
      csv(
        'email,firstName,department,jobTitle',
        `${newcomer},New,Paris,`,
        `${outsider},Out,Lyon,`,
        `${emails.InEmea},Test,Paris,Grouped`,
        `${emails.InOps},Test,Lyon,Grouped`,
      ),
      { mode: 'add_update' },
    );
    const rows = await rowsOf(cur.client, p.id);
    expect(rows.map((r) => r.action)).toEqual(['create', 'error', 'update', 'error']);
    expect(rows[1].errors).toEqual([
      {
        column: null,
        message:
          'Your invite permission is limited to the group "Paris by file", and this row would not put the person in it: fill in the fields its rules select on.',
      },
    ]);
    expect(rows[3].errors[0].message).toBe('No user matches this email.');
    const done = await commit(cur.client, p.id);
    expect(done.counts).toMatchObject({ create: 1, update: 1, error: 2 });
    expect(await exists(newcomer)).toBe(true);
    expect(await exists(outsider)).toBe(false);
    // The commit's group refresh took the newcomer in, so the curator reaches them as the preview said.
    const members = await owner.get(`/api/v1/groups/${g.body.id}/members?limit=100`);
    expect(members.body.items.map((m: any) => m.email?.toLowerCase())).toContain(newcomer.toLowerCase());
    expect((await owner.get(`/api/v1/users/${ids.InOps}`)).body.jobTitle).toBe('Operator');
  });
});

describe("an Admin's import", () => {
  it('is unchanged: people without a team, anyone updated', async () => {
    const admin = await signedIn(t, 'admin');
    const email = uniqueEmail('adminmade');
    const done = await importFile(
      t,
      admin.client,
      csv('email,firstName,jobTitle', `${email},Made,`, `${emails.InOps},Test,Operator`),
      { mode: 'add_update' },
    );
    expect(done.counts).toMatchObject({ create: 1, unchanged: 1 });
    expect(await exists(email)).toBe(true);
  });
});
