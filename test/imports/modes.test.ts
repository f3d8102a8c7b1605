import { beforeAll, describe, expect, it } from 'vitest';
import { insertUser, OWNER } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { expectError } from '../helpers/api';
import { commit, csv, importFile, preview, rowsOf, upload } from './helpers';

const { t, owner } = useApp();
beforeAll(async () => {
  await owner.post('/api/v1/custom-fields', { key: 'badge', label: 'Badge', type: 'text', unique: true });
  await owner.post('/api/v1/custom-fields', {
    key: 'shirt',
    label: 'Shirt',
    type: 'single_select',
    options: ['S', 'M', 'L'],
  });
});

const user = async (email: string) =>
  (await t.db.query(`select * from users where email_normalized = lower($1)`, [email]))[0];

/** Two existing people with a job title and a department, fresh for each case. */
async function existing(tag: string) {
  for (const n of [1, 2]) {
    const { id } = await insertUser(t.db, { email: `${tag}-${n}@example.com`, firstName: `Old${n}` });
    await t.db.query(
      `update users set job_title = 'Old title', department = 'Old dept', employee_id = $2 where id = $1`,
      [id, `${tag}-E${n}`],
    );
  }
}

describe('modes × blank cells', () => {
  const file = (tag: string) =>
    csv(
      'email,firstName,jobTitle,department',
      `${tag}-1@example.com,New1,New title,`,
      `${tag}-new@example.com,Fresh,Title,Dept`,
    );

  it.each([
    ['add', 'keep', { create: 1, skip: 1 }],
    ['add', 'clear', { create: 1, skip: 1 }],
    ['update', 'keep', { update: 1, error: 1 }],
    ['update', 'clear', { update: 1, error: 1 }],
    ['add_update', 'keep', { create: 1, update: 1 }],
    ['add_update', 'clear', { create: 1, update: 1 }],
  ] as const)('%s with blank cells %s', async (mode, blankCells, counts) => {
    const tag = `${mode}-${blankCells}`.replace('_', '');
    await existing(tag);
    const done = await importFile(t, owner, file(tag), { mode, blankCells });
    expect(done.counts).toEqual({ create: 0, update: 0, unchanged: 0, skip: 0, error: 0, ...counts });
    const changed = await user(`${tag}-1@example.com`);
    const created = await user(`${tag}-new@example.com`);
    if (mode === 'add') {
      expect(changed).toMatchObject({ first_name: 'Old1', job_title: 'Old title', department: 'Old dept' });
    } else {
      expect(changed).toMatchObject({
        first_name: 'New1',
        job_title: 'New title',
        department: blankCells === 'keep' ? 'Old dept' : null,
      });
    }
    if (mode === 'update') expect(created).toBeUndefined();
    else
      expect(created).toMatchObject({
        first_name: 'Fresh',
        job_title: 'Title',
        department: 'Dept',
        status: 'not_invited',
      });
    // The untouched person stays as they were.
    expect(await user(`${tag}-2@example.com`)).toMatchObject({ first_name: 'Old2', job_title: 'Old title' });
  });

  it('previews an update as an old → new diff and writes nothing before the commit', async () => {
    await existing('diff');
    const p = await preview(t, owner, file('diff'), { mode: 'add_update', blankCells: 'clear' });
    const [upd] = await rowsOf(owner, p.id, '&action=update');
    expect(upd).toMatchObject({ line: 2, action: 'update', email: 'diff-1@example.com', name: 'New1', outcome: null });
    expect(upd.changes).toEqual({
      firstName: ['Old1', 'New1'],
      jobTitle: ['Old title', 'New title'],
      department: ['Old dept', null],
    });
    expect(await user('diff-1@example.com')).toMatchObject({ first_name: 'Old1' });
    expect(await user('diff-new@example.com')).toBeUndefined();
    const filtered = await owner.get(`/api/v1/imports/${p.id}/rows?q=diff-new`);
    expect(filtered.body).toMatchObject({ total: 1, items: [{ action: 'create', userId: null }] });
  });

  it('re-running the same file in add_update reports every row unchanged', async () => {
    const text = csv(
      'email,firstName,lastName,employeeId,jobTitle,role,language,timeZone,hireDate,expiryDate,cf.badge,cf.shirt,teams,managerEmail',
      'rerun-boss@example.com,Boss,One,RR-1,Chief,admin,fr,Europe/Paris,2024-02-01,2030-12-31,B-1,m,Rerun/Team A,',
      'rerun-rep@example.com,Rep,Two,RR-2,Staff,learner,en,UTC,2025-01-15,,B-2,L,Rerun/Team A|Rerun/Team B,rerun-boss@example.com',
    );
    const first = await importFile(t, owner, text, { mode: 'add_update', createMissingTeams: 'true' });
    expect(first.counts).toMatchObject({ create: 2, error: 0 });
    // Rows applied as previewed are covered by the commit cursor: the commit rewrites none of them
    // (a key-order difference after jsonb once made it rewrite every row).
    const rewritten = await t.db.query(`select line from import_rows where import_id = $1 and outcome is not null`, [
      first.id,
    ]);
    expect(rewritten).toEqual([]);
    expect((await rowsOf(owner, first.id)).map((r: { outcome: string }) => r.outcome)).toEqual(['applied', 'applied']);
    const again = await importFile(t, owner, text, { mode: 'add_update', createMissingTeams: 'true' });
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 2, skip: 0, error: 0 });
    const rep = await user('rerun-rep@example.com');
    const boss = await user('rerun-boss@example.com');
    expect(rep).toMatchObject({
      manager_id: boss.id,
      custom_fields: { badge: 'B-2', shirt: 'L' },
      hire_date: '2025-01-15',
    });
    expect(boss.expires_at.toISOString()).toBe('2031-01-01T00:00:00.000Z');
  });
});

describe('matching', () => {
  it('matches on employeeId and can change the email', async () => {
    await insertUser(t.db, { email: 'emp-old@example.com' }).then(({ id }) =>
      t.db.query(`update users set employee_id = 'EMP-77' where id = $1`, [id]),
    );
    const done = await importFile(
      t,
      owner,
      csv('employeeId,email,jobTitle', 'EMP-77,emp-new@example.com,Moved', 'EMP-78,,Nobody'),
      { mode: 'update', matchOn: 'employeeId' },
    );
    expect(done.counts).toMatchObject({ update: 1, error: 1 });
    expect(await user('emp-new@example.com')).toMatchObject({ employee_id: 'EMP-77', job_title: 'Moved' });
    const [, missing] = await rowsOf(owner, done.id);
    expect(missing.errors).toEqual([{ column: 'employeeId', message: 'No user matches this employeeId.' }]);
  });

  it('matches on a unique custom field, case-insensitively', async () => {
    const first = await importFile(t, owner, csv('email,firstName,cf.badge', 'badge-holder@example.com,Badge,Zz-900'));
    expect(first.counts, JSON.stringify(await rowsOf(owner, first.id))).toMatchObject({ create: 1 });
    expect(
      await t.db.query(
        `select field_key, value_normalized from custom_field_unique_values where value_normalized like 'zz%'`,
      ),
    ).toEqual([{ field_key: 'badge', value_normalized: 'zz-900' }]);
    const done = await importFile(t, owner, csv('cf.badge,department', 'ZZ-900,Found'), {
      mode: 'update',
      matchOn: 'cf.badge',
    });
    expect(done.error).toBeNull();
    expect(done.counts, JSON.stringify(await rowsOf(owner, done.id))).toMatchObject({ update: 1 });
    expect(await user('badge-holder@example.com')).toMatchObject({ department: 'Found' });
    const notUnique = await upload(t, owner, csv('cf.shirt', 'M'), { mode: 'update', matchOn: 'cf.shirt' });
    expectError(notUnique, 400, 'validation_failed');
    expect(notUnique.body.error.details).toEqual([
      { field: 'matchOn', message: 'cf.shirt is not a unique custom field.' },
    ]);
  });

  it('flags duplicate keys on every row after the first', async () => {
    const p = await preview(
      t,
      owner,
      csv('email,firstName', 'dup@example.com,A', 'DUP@example.com,B', 'other-dup@example.com,C', 'dup@example.com,D'),
    );
    expect(p.error).toBeNull();
    const rows = await rowsOf(owner, p.id);
    expect(rows.map((r) => r.action)).toEqual(['create', 'error', 'create', 'error']);
    expect(rows[1].errors[0].message).toMatch(/same value is on line 2/);
  });

  it('refuses a deactivated user’s email with the reactivation hint, unless the row reactivates them', async () => {
    await insertUser(t.db, { email: 'gone@example.com', status: 'deactivated' });
    const add = await preview(t, owner, csv('email,firstName', 'gone@example.com,Back'));
    const [row] = await rowsOf(owner, add.id);
    expect(row.action).toBe('error');
    expect(row.errors[0].message).toMatch(/deactivated user.*reactivate/i);
    const back = await importFile(t, owner, csv('email,status,jobTitle', 'gone@example.com,reactivate,Returned'), {
      mode: 'update',
    });
    expect(back.counts).toMatchObject({ update: 1 });
    expect(await user('gone@example.com')).toMatchObject({ status: 'confirmed', job_title: 'Returned' });
  });

  it('deactivates through the lifecycle (sessions end) and never the importer themselves', async () => {
    const { id } = await insertUser(t.db, { email: 'leaver@example.com' });
    await t.as('leaver@example.com');
    const done = await importFile(
      t,
      owner,
      csv('email,status', 'leaver@example.com,deactivate', `${OWNER.email},deactivate`),
      { mode: 'update' },
    );
    expect(done.counts).toMatchObject({ update: 1, error: 1 });
    expect(await user('leaver@example.com')).toMatchObject({ status: 'deactivated' });
    expect(await t.db.query(`select 1 from sessions where user_id = $1`, [id])).toEqual([]);
    expect(await user(OWNER.email)).toMatchObject({ status: 'confirmed' });
  });
});

describe('HR-managed people', () => {
  it('refuses to change fields HR manages over SCIM, and updates the others', async () => {
    const { id } = await insertUser(t.db, { email: 'scim-managed@example.com', firstName: 'Hr' });
    await t.db.query(`update users set managed_by = 'scim', hr_managed_fields = '["department"]' where id = $1`, [id]);
    const p = await preview(
      t,
      owner,
      csv('email,department,jobTitle', 'scim-managed@example.com,Elsewhere,Fine', 'scim-managed@example.com,,'),
      { mode: 'update' },
    );
    const [row] = await rowsOf(owner, p.id);
    expect(row).toMatchObject({
      action: 'error',
      errors: [{ column: 'department', message: expect.stringMatching(/managed by HR/) }],
    });
    const ok = await importFile(t, owner, csv('email,jobTitle', 'scim-managed@example.com,Fine'), { mode: 'update' });
    expect(ok.counts).toMatchObject({ update: 1 });
  });
});

describe('managers and teams', () => {
  it('resolves managers created by the same file in any order, and refuses cycles', async () => {
    const done = await importFile(
      t,
      owner,
      csv(
        'email,firstName,managerEmail',
        'c3@example.com,Third,c2@example.com',
        'c2@example.com,Second,c1@example.com',
        'c1@example.com,First,',
        'loop-a@example.com,LoopA,loop-b@example.com',
        'loop-b@example.com,LoopB,loop-a@example.com',
        'orphan@example.com,Orphan,nobody@example.com',
      ),
    );
    expect(done.counts).toMatchObject({ create: 3, error: 3 });
    const [c1, c2, c3] = [await user('c1@example.com'), await user('c2@example.com'), await user('c3@example.com')];
    expect([c2.manager_id, c3.manager_id, c1.manager_id]).toEqual([c1.id, c2.id, null]);
    expect(c3.manager_path).toBe(`/${c1.id}/${c2.id}/`);
    const rows = await rowsOf(owner, done.id, '&action=error');
    expect(rows.map((r) => r.errors[0].message)).toEqual([
      'This manager would create a reporting cycle.',
      'This manager would create a reporting cycle.',
      expect.stringContaining('No user with the email nobody@example.com'),
    ]);
  });

  it('refuses a cycle through people already in the database', async () => {
    await importFile(
      t,
      owner,
      csv('email,firstName,managerEmail', 'top@example.com,Top,', 'mid@example.com,Mid,top@example.com'),
    );
    const p = await preview(t, owner, csv('email,managerEmail', 'top@example.com,mid@example.com'), { mode: 'update' });
    expect(p.counts).toMatchObject({ error: 1 });
  });

  it('joins teams by path, creating missing ones only when asked', async () => {
    const refused = await preview(t, owner, csv('email,firstName,teams', 'teamless@example.com,T,Sales/EMEA'));
    expect((await rowsOf(owner, refused.id))[0].errors[0].message).toMatch(/no team "Sales\/EMEA"/);
    const done = await importFile(
      t,
      owner,
      csv('email,firstName,teams', 'teamer@example.com,T,Sales/EMEA|sales/emea/Paris'),
      { createMissingTeams: 'true' },
    );
    expect(done.counts).toMatchObject({ create: 1 });
    const teams = await t.db.query(
      `select t.name from team_members m join teams t on t.id = m.team_id join users u on u.id = m.user_id where u.email = 'teamer@example.com' order by t.name`,
    );
    expect(teams.map((x) => x.name)).toEqual(['EMEA', 'Paris']);
    expect((await t.db.query(`select count(*)::int as n from teams where lower(name) = 'sales'`))[0]!.n).toBe(1);
  });
});

describe('side effects', () => {
  it('audits every change with the import as its cause, and group membership follows', async () => {
    const g = await owner.post('/api/v1/groups', {
      name: 'Importers in R&D',
      rules: { all: [{ field: 'department', op: 'eq', value: 'R&D' }] },
    });
    expect(g.status).toBe(201);
    const done = await importFile(
      t,
      owner,
      csv('email,firstName,department', 'rnd1@example.com,R,R&D', 'rnd2@example.com,S,Sales'),
      { invite: 'now' },
    );
    const ids = [(await user('rnd1@example.com')).id, (await user('rnd2@example.com')).id];
    const entries = await t.db.query(
      `select action, target_id, cause from audit_log where target_id = any($1::text[]) order by id`,
      [ids],
    );
    expect(entries.length).toBeGreaterThanOrEqual(6);
    expect(new Set(entries.map((e) => e.cause))).toEqual(new Set([`import:${done.id}`]));
    expect(entries.filter((e) => e.action === 'user.created')).toHaveLength(2);
    expect(entries.filter((e) => e.action === 'invitation.sent')).toHaveLength(2);
    const members = await t.db.query(`select user_id from group_members where group_id = $1`, [g.body.id]);
    expect(members.map((m) => m.user_id)).toEqual([ids[0]]);
    expect(
      await t.db.query(
        `select count(*)::int as n from outbox where user_id = any($1::text[]) and kind = 'invitation'`,
        [ids],
      ),
    ).toEqual([{ n: 2 }]);
    expect(await user('rnd1@example.com')).toMatchObject({ status: 'invite_pending' });
    // Moving someone out of the department by import moves them out of the group.
    await importFile(t, owner, csv('email,department', 'rnd1@example.com,Sales'), { mode: 'update' });
    expect(await t.db.query(`select user_id from group_members where group_id = $1`, [g.body.id])).toEqual([]);
  });

  it('schedules invitations for a later time', async () => {
    const at = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await importFile(t, owner, csv('email,firstName', 'later@example.com,Later'), {
      invite: 'scheduled',
      inviteAt: at,
    });
    const u = await user('later@example.com');
    expect(u).toMatchObject({ status: 'invite_scheduled' });
    expect(u.invite_scheduled_at.toISOString()).toBe(at);
  });

  it('keeps no personal data it no longer needs: the file after its preview, a person’s rows after anonymisation', async () => {
    const text = csv(
      'email,firstName,managerEmail',
      'gdpr-boss@example.com,Boss,',
      'gdpr-rep@example.com,Rep,gdpr-boss@example.com',
    );
    const p = await preview(t, owner, text);
    expect(await t.db.query(`select octet_length(file) as n from imports where id = $1`, [p.id])).toEqual([{ n: 0 }]);
    const done = await commit(owner, p.id);
    expect(done.counts).toMatchObject({ create: 2, error: 0 });
    const boss = await user('gdpr-boss@example.com');
    expect((await owner.post(`/api/v1/users/${boss.id}/deactivate`, {})).status).toBe(200);
    expect((await owner.post(`/api/v1/users/${boss.id}/anonymise`, {})).status).toBe(200);
    const rows = await t.db.query(
      `select line, data, email, name, changes from import_rows where import_id = $1 order by line`,
      [p.id],
    );
    expect(rows[0]).toEqual({ line: 2, data: {}, email: null, name: null, changes: {} });
    expect(rows[1]).toMatchObject({
      line: 3,
      data: { email: 'gdpr-rep@example.com', firstName: 'Rep' },
      email: 'gdpr-rep@example.com',
    });
    expect(JSON.stringify(rows)).not.toContain('gdpr-boss');
    const log = await owner.get(`/api/v1/imports/${p.id}/log.csv`);
    expect(String(log.body)).not.toContain('gdpr-boss');
  });

  it('downloads the people log as CSV', async () => {
    const done = await importFile(t, owner, csv('email,firstName', 'logged@example.com,=cmd()', 'broken,X'));
    const res = await owner.get(`/api/v1/imports/${done.id}/log.csv`);
    expect(res.status).toBe(200);
    const lines = String(res.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('line,email,name,action,outcome,errors,changes');
    expect(lines[1]).toMatch(/^2,logged@example.com,'=cmd\(\),create,applied,,/);
    expect(lines[2]).toMatch(/^3,broken,X,error,,"email: ""broken"" is not a valid email address."/);
  });
});
