import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPersonalData, personalDataEntries, type PersonalDataEntry } from '../../src/server/core/personalData';
import type { Sql } from '../../src/server/db/index';
import { OWNER, startTestApp, type Client, type TestApp } from '../helpers/harness';
import { createUser, lastToken } from '../helpers/api';

/**
 * The personal-data registry (docs/decisions/015-personal-data-registry.md): every column that points at a
 * person or describes one is answered for by a registered entry, every entry exports what it erases, and
 * anonymising someone who touched every module leaves them nowhere but where KEPT says why.
 */

/** Columns that point at a person by name (a foreign key to users counts too)… */
const POINTS_AT_PERSON = /^(user_id|.+_user_id|actor_id|author_id|manager_id|impersonator_id|target_id|subject|.+_by)$/;
/** …or that describe one. */
const DESCRIBES_PERSON = /email|address|phone|user_agent|^ip$|^name$|_name$/;

/** Columns caught by the patterns above that hold nothing about a person. */
const NOT_PERSONAL: Record<string, string> = {
  'teams.name': "the team's own name",
  'teams.managed_by': "'scim' when HR manages the team, never a person",
  'groups.name': "the group's own name",
  'people_views.name': "a saved view's own name (migration 041), never a person",
  'permission_profiles.name': "a permission profile's own name ('Regional HR'; migration 050), never a person",
  'locks.name': "a lock row's name (db/locks.ts), never a person",
  'jobs.name': "a background job's name (jobs/catalog.ts)",
  'event_consumers.name': "a reader of the event outbox ('webhooks'), never a person",
  'cache_versions.name': "a cached set's name ('settings', 'custom_fields'; db/stamped.ts), never a person",
  'job_leases.name': "a background job's name (jobs/catalog.ts)",
  'sso_attempts.email_masked':
    'first letter and domain only, with no user id; only the latest attempts are kept (auth/ssoAttempts.ts)',
};

/** Tables that still hold the person's id after anonymisation, and why that is not personal data. */
const KEPT: Record<string, string> = {
  users:
    'the row itself under its pseudonym, so activity still counts; reports and people they created still point at it',
  status_history: 'statuses and ids only: the lifecycle stays auditable',
  audit_log: 'what happened stays; personal values and IP addresses are removed',
  invitations: 'when links were sent (ids and dates); the SMTP reply to a bounce is removed',
  notes: 'notes they wrote about others name them only by id; notes about them are deleted',
  team_members:
    "ids, and the sort name copied from the person's row (migration 057), the pseudonym's: the pseudonymous record stays in its teams",
  team_managers: 'ids only: the pseudonymous record stays in its teams',
  team_join_requests: 'ids and dates only',
  group_events: 'join and leave history, ids only',
  api_tokens: "the organisation's tokens keep their creator's id",
  imports: "imports they ran keep their creator's id, not their name",
  import_rows: 'rows that wrote them keep the id, not the cells',
  domain_events: 'what happened, by id: event payloads hold ids, statuses and field names, never personal values',
  anonymisation_certificates: 'the proof of their anonymisation, and of those they anonymised: ids, tables and counts',
};

async function allColumns(sql: Sql): Promise<Set<string>> {
  const rows = await sql.query<{ table_name: string; column_name: string }>(
    `select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = current_schema()`,
  );
  return new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
}

/** Every `table.column` of the database that points at or describes a person, read from information_schema. */
async function personalColumns(sql: Sql): Promise<string[]> {
  const fks = await sql.query<{ table_name: string; column_name: string }>(
    `select kcu.table_name, kcu.column_name
       from information_schema.referential_constraints rc
       join information_schema.key_column_usage kcu on kcu.constraint_schema = rc.constraint_schema and kcu.constraint_name = rc.constraint_name
       join information_schema.key_column_usage ref on ref.constraint_schema = rc.unique_constraint_schema and ref.constraint_name = rc.unique_constraint_name
      where rc.constraint_schema = current_schema() and ref.table_name = 'users'`,
  );
  const toUsers = new Set(fks.map((f) => `${f.table_name}.${f.column_name}`));
  return [...(await allColumns(sql))].filter((c) => {
    const column = c.split('.')[1]!;
    return toUsers.has(c) || POINTS_AT_PERSON.test(column) || DESCRIBES_PERSON.test(column);
  });
}

const registeredColumns = () =>
  personalDataEntries().flatMap((e) =>
    Object.entries(e.tables).flatMap(([table, columns]) => columns.map((c) => `${table}.${c}`)),
  );

/** Personal columns that no registered entry answers for and NOT_PERSONAL does not explain. */
async function unregistered(sql: Sql): Promise<string[]> {
  const covered = new Set(registeredColumns());
  return (await personalColumns(sql)).filter((c) => !covered.has(c) && !(c in NOT_PERSONAL)).sort();
}

let t: TestApp;
let owner: Client;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.as(OWNER.email, OWNER.password);
});
afterAll(() => t.stop());

describe('the registry covers the schema', () => {
  it('answers for every column that points at or describes a person', async () => {
    expect(await unregistered(t.db)).toEqual([]);
    // Neither the registry nor the exemptions name columns that are gone.
    const columns = await allColumns(t.db);
    expect(registeredColumns().filter((c) => !columns.has(c))).toEqual([]);
    const personal = new Set(await personalColumns(t.db));
    expect(Object.keys(NOT_PERSONAL).filter((c) => !personal.has(c))).toEqual([]);
  });

  it('reports a new table about people until a module registers it', async () => {
    await t.db.query(
      `create table privacy_probe (id text primary key, owner_user_id text, contact_email text, buyer text references users(id), price int)`,
    );
    try {
      expect(await unregistered(t.db)).toEqual([
        'privacy_probe.buyer',
        'privacy_probe.contact_email',
        'privacy_probe.owner_user_id',
      ]);
    } finally {
      await t.db.query(`drop table privacy_probe`);
    }
  });
});

// Values that appear nowhere else, so finding one anywhere means it leaked.
const V = {
  email: 'Petronella.Vandersloot@Example.com',
  firstName: 'Petronella',
  lastName: 'Vandersloot-Quade',
  badge: 'Badge-Ocelot-5521',
  note: 'Allergic to cashew nuts since 2011',
  ip: '203.0.113.77',
  userAgent: 'ProbeBrowser/9.9.1',
  sso: 'sso-subject-petronella-4471',
  passkey: "Petronella's yellow phone",
  scimUserName: 'pvq-hr-login-0093',
};

/** A person who touched every module: invited by mail, signed in, in teams and groups, noted, imported, SSO, SCIM, second factors… */
async function seedPerson(): Promise<string> {
  expect(
    (await owner.post('/api/v1/custom-fields', { key: 'badge', label: 'Badge', type: 'text', unique: true })).status,
  ).toBe(201);
  const created = await owner.post('/api/v1/users', {
    email: V.email,
    firstName: V.firstName,
    lastName: V.lastName,
    role: 'admin',
    customFields: { badge: V.badge },
    invite: 'now',
  });
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  await t.sweep();
  expect(
    (
      await t
        .anon()
        .post(`/api/v1/invitations/${await lastToken(t, V.email)}/accept`, { password: 'petronella-password-1' })
    ).status,
  ).toBe(200);
  const p = await t.as(V.email, 'petronella-password-1');

  // What they did as an Admin: a token, a person, a note about that person.
  expect((await p.post('/api/v1/tokens', { name: 'probe token', scopes: ['api'] })).status).toBe(201);
  expect((await p.post('/api/v1/webhooks', { url: 'https://hooks.example.com/probe', events: ['*'] })).status).toBe(
    201,
  );
  const other = await createUser(p, {});
  expect((await p.post(`/api/v1/users/${other.id}/notes`, { body: 'Written by the person' })).status).toBe(201);
  // A lifecycle rule they switched on and ran, whose reminder covers them (their manager is told of their end
  // date); a change scheduled for them, and one they scheduled naming themselves as the new manager.
  const boss = await createUser(owner, {});
  const soon = new Date(Date.now() + 5 * 86_400_000).toISOString();
  expect((await owner.patch(`/api/v1/users/${id}`, { managerId: boss.id, expiresAt: soon })).status).toBe(200);
  expect((await p.patch('/api/v1/lifecycle-rules/remind_expiry', { enabled: true, days: 14 })).status).toBe(200);
  expect((await p.post('/api/v1/lifecycle-rules/remind_expiry/run')).status).toBe(202);
  const later = { effectiveAt: new Date(Date.now() + 86_400_000).toISOString() };
  expect(
    (
      await owner.post(`/api/v1/users/${id}/scheduled-changes`, {
        action: 'set_role',
        params: { role: 'reporter' },
        ...later,
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await p.post(`/api/v1/users/${other.id}/scheduled-changes`, {
        action: 'set_manager',
        params: { managerId: id },
        ...later,
      })
    ).status,
  ).toBe(201);
  // A bulk action they started (its row names them), and one an Owner started that names them as a target.
  expect((await p.post('/api/v1/bulk-actions', { action: 'deactivate', ids: [other.id] })).status).toBe(202);
  expect((await owner.post('/api/v1/bulk-actions', { action: 'clear_expiry', ids: [id] })).status).toBe(202);
  // A mail template they edited, a notification kind they turned off, a password change (its security mail).
  expect(
    (
      await p.request('PUT', '/api/v1/mail-templates/signup_declined/en', {
        subject: 'Declined',
        text: 'Sorry {{firstName}}',
        html: '<p>Sorry {{firstName}}</p>',
      })
    ).status,
  ).toBe(200);
  expect(
    (await p.request('PUT', '/api/v1/me/notifications', { preferences: { manager_report_break: false } })).status,
  ).toBe(200);
  expect(
    (
      await p.post('/api/v1/me/password', {
        currentPassword: 'petronella-password-1',
        newPassword: 'quartz-lantern-mosaic-8812',
      })
    ).status,
  ).toBe(204);
  // Their own export asked for from My profile, and someone they anonymised (the certificate names them).
  expect((await p.post('/api/v1/me/personal-data-request')).status).toBe(202);
  const leaver = await createUser(p, {});
  expect((await p.post(`/api/v1/users/${leaver.id}/deactivate`)).status).toBe(200);
  expect((await p.post(`/api/v1/users/${leaver.id}/anonymise`)).status).toBe(200);
  // What others hold about them.
  expect((await owner.post(`/api/v1/users/${id}/notes`, { body: V.note })).status).toBe(201);
  // A note edited and one deleted: their texts live on in the audit trail until the person is erased.
  const edited = await owner.post(`/api/v1/users/${id}/notes`, { body: `${V.note} (draft)` });
  expect((await owner.patch(`/api/v1/users/${id}/notes/${edited.body.id}`, { body: 'Rewritten' })).status).toBe(200);
  const dropped = await owner.post(`/api/v1/users/${id}/notes`, { body: `${V.note} (dropped)` });
  expect((await owner.delete(`/api/v1/users/${id}/notes/${dropped.body.id}`)).status).toBe(204);
  const team = await owner.post('/api/v1/teams', { name: `Team ${randomUUID()}` });
  expect((await owner.post(`/api/v1/teams/${team.body.id}/members`, { userId: id })).status).toBe(201);
  expect((await owner.post(`/api/v1/teams/${team.body.id}/managers`, { userId: id })).status).toBe(201);
  const closed = await owner.post('/api/v1/teams', { name: `Team ${randomUUID()}`, joinPolicy: 'on_request' });
  expect((await p.post(`/api/v1/teams/${closed.body.id}/join-requests`)).status).toBe(201);
  expect(
    (
      await owner.post('/api/v1/groups', {
        name: `Admins ${randomUUID()}`,
        rules: { all: [{ field: 'role', op: 'eq', value: 'admin' }] },
      })
    ).status,
  ).toBe(201);
  expect((await t.anon().post('/api/v1/auth/login', { email: V.email, password: 'wrong-password' })).status).toBe(401);
  expect((await t.anon().post('/api/v1/auth/password-reset', { email: V.email })).status).toBe(202);
  await t.sweep();

  // Ways in and records the API cannot reach without an identity provider, an authenticator or an HR system.
  const [{ id: ownerId }] = (await t.db.query<{ id: string }>(`select id from users where email_normalized = $1`, [
    OWNER.email,
  ])) as [{ id: string }];
  const scheduleId = randomUUID();
  const profileId = randomUUID();
  const statements: [string, unknown[]][] = [
    [
      `insert into permission_grants (id, user_id, permission, granted_by) values ($1, $2, 'audit.read', $3)`,
      [randomUUID(), id, ownerId],
    ],
    // A permission profile given to them (the profile itself is the organisation's, not theirs).
    [`insert into permission_profiles (id, name, permissions) values ($1, $1, '{people.view}')`, [profileId]],
    [
      `insert into profile_assignments (id, user_id, profile_id, assigned_by) values ($1, $2, $3, $4)`,
      [randomUUID(), id, profileId, ownerId],
    ],
    [`insert into user_identities (issuer, subject, user_id) values ('https://idp.example', $1, $2)`, [V.sso, id]],
    [
      `insert into signup_requests (id, email, email_normalized, first_name, last_name, password_hash, token_hash, user_id, expires_at)
      values ($1, $2, lower($2), $3, $4, 'x', $1, $5, now() + interval '1 day')`,
      [randomUUID(), V.email, V.firstName, V.lastName, id],
    ],
    [
      `insert into sessions (id_hash, user_id, csrf_token, impersonator_id, expires_at, ip, user_agent) values ($1, $2, 'c', $3, now() + interval '1 hour', $4, $5)`,
      [randomUUID(), other.id, id, V.ip, V.userAgent],
    ],
    [`insert into mfa_totp (user_id, secret, confirmed_at) values ($1, 'JBSWY3DPEHPK3PXP', now())`, [id]],
    [`insert into mfa_recovery_codes (user_id, code_hash) values ($1, 'h1')`, [id]],
    [`insert into passkeys (id, user_id, name, public_key) values ($1, $2, $3, 'pk')`, [randomUUID(), id, V.passkey]],
    [
      `insert into mfa_sign_ins (token_hash, user_id, expires_at) values ($1, $2, now() + interval '5 minutes')`,
      [randomUUID(), id],
    ],
    [
      `insert into passkey_registrations (user_id, challenge, expires_at) values ($1, 'ch', now() + interval '5 minutes')`,
      [id],
    ],
    [
      `insert into imports (id, state, file_name, file, options, encoding, delimiter, actor, created_by, created_by_name)
      values ($1, 'completed', 'people.csv', '', '{}', 'utf-8', ',', '{}', $2, $3)`,
      ['imp-' + id, id, `${V.firstName} ${V.lastName}`],
    ],
    [
      `insert into import_rows (import_id, line, seq, data, action, user_id, email, name) values ($1, 2, 0, $2, 'update', $3, $4, $5)`,
      ['imp-' + id, JSON.stringify({ email: V.email }), id, V.email, V.lastName],
    ],
    [
      `insert into report_schedules (id, report, cadence, created_by, created_at, last_period)
      values ($1, 'summary', 'weekly', $2, now(), '2026-01-05')`,
      [scheduleId, id],
    ],
    [`insert into report_schedule_recipients (schedule_id, user_id) values ($1, $2)`, [scheduleId, id]],
    // The People list's columns and views (a shared one stays for the others, without their id).
    [`insert into people_list_columns (user_id, columns, updated_at) values ($1, '["status"]', now())`, [id]],
    [
      `insert into people_views (id, owner_id, name, shared, filters, columns, sort, created_at, updated_at)
      values ($1, $3, 'Mine', false, '{}', '["status"]', 'name', now(), now()),
             ($2, $3, 'Everyone''s', true, '{}', '["status"]', 'name', now(), now())`,
      [randomUUID(), randomUUID(), id],
    ],
    [
      `update users set scim_user_name = $2, external_id = 'HR-77', managed_by = 'scim' where id = $1`,
      [id, V.scimUserName],
    ],
  ];
  for (const [sql, params] of statements) await t.db.query(sql, params);
  return id;
}

async function tablesHolding(value: string): Promise<string[]> {
  const tables = await t.db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  );
  const out: string[] = [];
  for (const { table_name } of tables)
    if (
      JSON.stringify(await t.db.query(`select * from "${table_name}"`))
        .toLowerCase()
        .includes(value.toLowerCase())
    )
      out.push(table_name);
  return out.sort();
}

describe('exporting and erasing through the registry', () => {
  let id: string;
  beforeAll(async () => {
    id = await seedPerson();
  });

  it('exports, for every registered eraser, each table it erases', async () => {
    const entries = personalDataEntries();
    expect(entries.map((e) => e.module)).toEqual(
      expect.arrayContaining(['users', 'access', 'auth', 'mail', 'audit', 'mfa', 'teams', 'groups', 'imports']),
    );
    for (const entry of entries) {
      expect(typeof entry.erase, entry.module).toBe('function');
      expect(typeof entry.exportFor, `${entry.module} has an eraser but no exporter`).toBe('function');
      const exported = await entry.exportFor(t.db, { id, emailNormalized: V.email.toLowerCase() });
      expect(Object.keys(exported).sort(), entry.module).toEqual(Object.keys(entry.tables).sort());
      // The person touched every table, so each export shows something.
      for (const [table, rows] of Object.entries(exported))
        expect(JSON.stringify(rows), `${entry.module}.${table}`).toMatch(/[^[\]{}]/);
    }
  });

  it('fails an export whose entry erases a table it does not export, or has no exporter at all', async () => {
    const subject = { id, emailNormalized: V.email.toLowerCase() };
    const probe = {
      module: 'probe',
      tables: { privacy_probe: ['user_id'] },
      erase: async () => {},
      exportFor: async () => ({}),
    };
    await expect(exportPersonalData(t.db, subject, [...personalDataEntries(), probe])).rejects.toThrow(
      'probe erases privacy_probe but does not export it',
    );
    const eraserOnly = { module: 'probe', tables: probe.tables, erase: probe.erase } as unknown as PersonalDataEntry;
    await expect(exportPersonalData(t.db, subject, [eraserOnly])).rejects.toThrow(
      'probe has an eraser but no exporter',
    );
    // The registry as registered passes the same check.
    expect(Object.keys(await exportPersonalData(t.db, subject))).toEqual(personalDataEntries().map((e) => e.module));
  });

  it('leaves them nowhere after anonymisation except where KEPT says why', async () => {
    const seeded = await tablesHolding(id);
    for (const table of [
      'sessions',
      'mfa_totp',
      'passkeys',
      'user_identities',
      'group_members',
      'permission_grants',
      'profile_assignments',
    ])
      expect(seeded).toContain(table);
    for (const v of Object.values(V)) expect(await tablesHolding(v), v).not.toEqual([]);

    expect((await owner.post(`/api/v1/users/${id}/deactivate`)).status).toBe(200);
    expect((await owner.post(`/api/v1/users/${id}/anonymise`)).status).toBe(200);

    const left = await tablesHolding(id);
    expect(left.filter((table) => !(table in KEPT))).toEqual([]);
    for (const v of Object.values(V)) expect(await tablesHolding(v), `${v} leaked`).toEqual([]);
  });
});
