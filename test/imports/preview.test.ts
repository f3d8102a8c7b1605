import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { expectError } from '../helpers/api';
import { insertUser } from '../helpers/harness';
import { commit, csv, preview, rowsOf } from './helpers';

/** The preview a person reviews before committing (docs/imports.md "Preview"): summary, unknown columns, bad rows. */
const { t, owner } = useApp();

const userByEmail = async (email: string) =>
  (await t.db.query<any>(`select * from users where email_normalized = lower($1)`, [email]))[0];

describe('import preview', () => {
  it('summarises creates, updates by field, unchanged and errors', async () => {
    for (const n of [1, 2, 3])
      await insertUser(t.db, { email: `sum${n}@example.com`, firstName: `Sum${n}`, lastName: 'Person' });
    const p = await preview(
      t,
      owner,
      csv(
        'email,firstName,lastName,department,jobTitle',
        'sum1@example.com,Sum1,Person,Sales,Rep',
        'sum2@example.com,Sum2,Person,Sales,',
        'sum3@example.com,Sum3,Person,,',
        'sum.new@example.com,New,Person,Sales,Rep',
        'not-an-email,Bad,Row,,',
      ),
      { mode: 'add_update' },
    );
    expect(p.state).toBe('previewed');
    const res = await owner.get(`/api/v1/imports/${p.id}/summary`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      counts: { create: 1, update: 2, unchanged: 1, skip: 0, error: 1 },
      updatedFields: [
        { field: 'department', people: 2 },
        { field: 'jobTitle', people: 1 },
      ],
      warnings: [],
    });
  });

  it('warns when an update deactivates or gives an end date to someone with direct reports', async () => {
    const boss = await insertUser(t.db, { email: 'boss@example.com', firstName: 'Bea', lastName: 'Boss' });
    const lead = await insertUser(t.db, { email: 'lead@example.com', firstName: 'Lee', lastName: 'Lead' });
    for (const n of [1, 2, 3]) await insertUser(t.db, { email: `r${n}@example.com`, managerId: boss.id });
    await insertUser(t.db, { email: 'r4@example.com', managerId: lead.id });
    // A report who already left does not count.
    await insertUser(t.db, { email: 'gone@example.com', managerId: lead.id, status: 'deactivated' });
    await insertUser(t.db, { email: 'alone@example.com', firstName: 'Al', lastName: 'One' });
    // Reports the same file moves to another manager or deactivates need no new manager either.
    const chief = await insertUser(t.db, { email: 'chief@example.com', firstName: 'Cy', lastName: 'Chief' });
    await insertUser(t.db, { email: 'moved@example.com', managerId: chief.id });
    await insertUser(t.db, { email: 'leaving@example.com', managerId: chief.id });
    const p = await preview(
      t,
      owner,
      csv(
        'email,status,expiryDate,managerEmail',
        'boss@example.com,deactivate,,',
        'lead@example.com,,2099-12-31,',
        'alone@example.com,deactivate,,',
        'chief@example.com,deactivate,,',
        'moved@example.com,,,lead@example.com',
        'leaving@example.com,deactivate,,',
      ),
      { mode: 'update' },
    );
    expect(p.counts).toMatchObject({ update: 6, error: 0 });
    const res = await owner.get(`/api/v1/imports/${p.id}/summary`);
    expect(res.body.warnings).toEqual([
      {
        kind: 'deactivates_manager',
        line: 2,
        userId: boss.id,
        name: 'Bea Boss',
        email: 'boss@example.com',
        reports: 3,
      },
      { kind: 'expires_manager', line: 3, userId: lead.id, name: 'Lee Lead', email: 'lead@example.com', reports: 1 },
    ]);
    expect(res.body.updatedFields).toEqual([
      { field: 'status', people: 4 },
      { field: 'expiryDate', people: 1 },
      { field: 'managerEmail', people: 1 },
    ]);
  });

  it('lists an unknown column instead of refusing the file, and commits without it once ignored', async () => {
    const text = csv(
      'email,firstName,Shoe size,lastName,',
      'shoe@example.com,Shona,42,Shoe,x',
      'sock@example.com,Sam,41,Sock,',
    );
    const p = await preview(t, owner, text);
    expect(p).toMatchObject({
      state: 'previewed',
      counts: { create: 2, error: 0 },
      unknownColumns: ['Shoe size', '(column 5)'],
      ignoredColumns: [],
    });
    const [row] = await rowsOf(owner, p.id);
    expect(Object.keys(row.changes).sort()).toEqual(['email', 'firstName', 'lastName']);

    // Not committed while a column is neither known nor ignored.
    const early = await owner.post(`/api/v1/imports/${p.id}/commit`);
    expectError(early, 409, 'conflict');
    expect(early.body.error.message).toContain('"Shoe size"');
    expectError(
      await owner.request('PUT', `/api/v1/imports/${p.id}/ignored-columns`, { columns: ['email'] }),
      400,
      'validation_failed',
    );
    const half = await owner.request('PUT', `/api/v1/imports/${p.id}/ignored-columns`, { columns: ['Shoe size'] });
    expect(half.body).toMatchObject({ ignoredColumns: ['Shoe size'] });
    expectError(await owner.post(`/api/v1/imports/${p.id}/commit`), 409, 'conflict');

    const both = await owner.request('PUT', `/api/v1/imports/${p.id}/ignored-columns`, {
      columns: ['(column 5)', 'Shoe size'],
    });
    expect(both.status).toBe(200);
    expect(both.body.ignoredColumns).toEqual(['Shoe size', '(column 5)']);
    // Remembered with the import: a fresh read says so too.
    expect((await owner.get(`/api/v1/imports/${p.id}`)).body.ignoredColumns).toEqual(['Shoe size', '(column 5)']);
    const done = await commit(owner, p.id);
    expect(done).toMatchObject({ state: 'completed', counts: { create: 2 } });
    expect(await userByEmail('shoe@example.com')).toMatchObject({ first_name: 'Shona', last_name: 'Shoe' });
    const [entry] = await t.db.query<any>(
      `select * from audit_log where action = 'import.columns_ignored' and target_id = $1 order by id desc limit 1`,
      [p.id],
    );
    expect(entry.after).toEqual({ ignoredColumns: ['Shoe size', '(column 5)'] });
    // After the commit the choice cannot change.
    expectError(
      await owner.request('PUT', `/api/v1/imports/${p.id}/ignored-columns`, { columns: [] }),
      409,
      'conflict',
    );
  });

  it('keeps a bad row an error on that row; the other rows are committed', async () => {
    const p = await preview(
      t,
      owner,
      csv(
        'email,firstName,lastName,hireDate',
        'good.one@example.com,Good,One,2026-01-05',
        'bad.date@example.com,Bad,Date,yesterday',
        'good.two@example.com,Good,Two,',
      ),
    );
    expect(p).toMatchObject({ state: 'previewed', counts: { create: 2, error: 1 } });
    const done = await commit(owner, p.id);
    expect(done).toMatchObject({ state: 'completed', counts: { create: 2, error: 1 } });
    expect(await userByEmail('good.one@example.com')).toBeTruthy();
    expect(await userByEmail('good.two@example.com')).toBeTruthy();
    expect(await userByEmail('bad.date@example.com')).toBeUndefined();
    const rows = await rowsOf(owner, p.id);
    expect(rows.map((r) => [r.line, r.action, r.outcome])).toEqual([
      [2, 'create', 'applied'],
      [3, 'error', null],
      [4, 'create', 'applied'],
    ]);
    expect(rows[1].errors[0].column).toBe('hireDate');
  });

  it('reads a stray quote in an unquoted cell as an error on its row, never a failed import', async () => {
    // Two stray quotes on one row were two parse errors on the same line: staging them broke the
    // import_rows primary key and the whole import failed with an internal error.
    const text = csv(
      'firstName,lastName,email',
      'Ann,O"Neil,ann@example.com',
      'Bob,O"Brien,bob"s@example.com',
      'Dee,Doe,dee@example.com',
    );
    const p = await preview(t, owner, text);
    expect(p.error).toBeNull();
    expect(p).toMatchObject({ state: 'previewed', counts: { create: 1, error: 2 } });
    const rows = await rowsOf(owner, p.id);
    expect(rows.map((r) => [r.line, r.action])).toEqual([
      [2, 'error'],
      [3, 'error'],
      [4, 'create'],
    ]);
    expect(rows[0].errors).toEqual([{ column: 'lastName', message: expect.stringContaining('stray quote') }]);
    expect(rows[1].errors).toHaveLength(1);
    const done = await commit(owner, p.id);
    expect(done).toMatchObject({ state: 'completed', counts: { create: 1, error: 2 } });
    expect(await userByEmail('dee@example.com')).toBeTruthy();
    expect(await userByEmail('ann@example.com')).toBeUndefined();
  });

  it('names the line when text after a closing quote leaves the rest of the file unreadable', async () => {
    // csv-parse reads everything after `"Quote"d` as one quoted cell: no row after it can be trusted.
    const p = await preview(
      t,
      owner,
      csv('firstName,lastName,email', 'Cy,Ok,cy@example.com', 'Di,"Quote"d,di@example.com'),
    );
    expect(p).toMatchObject({ state: 'failed', error: { code: 'import_invalid_file' } });
    expect(p.error.message).toMatch(/on line 3 a quoted cell has text after its closing quote/);
  });
});
