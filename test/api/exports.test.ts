import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../helpers/api';
import { insertUser, OWNER, signIn, type Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

// Exports of the People list and the audit log (docs/decisions/012-exports-and-activity.md): read back
// with csv-parse and with exceljs' workbook reader (not the streaming writer that made the file).
const { t, owner } = useApp();
const ids: Record<string, string> = {};

beforeAll(async () => {
  for (const f of [
    { key: 'badge', label: 'Badge', type: 'text', filterable: true },
    { key: 'skills', label: 'Skills', type: 'multi_select', options: ['ts', 'sql'] },
    { key: 'level', label: 'Level', type: 'number' },
  ])
    expect((await owner.post('/api/v1/custom-fields', f)).status).toBe(201);
  ids.boss = (await insertUser(t.db, { email: 'boss@example.com', firstName: 'Bea', lastName: 'Qzboss' })).id;
  ids.ann = (
    await insertUser(t.db, {
      email: 'ann@example.com',
      firstName: '=HYPERLINK("http://evil")',
      lastName: 'Qzann',
      managerId: ids.boss,
    })
  ).id;
  ids.bob = (
    await insertUser(t.db, {
      email: 'bob@example.com',
      firstName: 'Bob',
      lastName: 'Qzbob',
      managerId: ids.boss,
      status: 'not_invited',
    })
  ).id;
  ids.carl = (await insertUser(t.db, { email: 'carl@example.com', firstName: 'Carl', lastName: 'Qzcarl' })).id;
  await t.db.query(
    `update users set job_title = '+SUM(1)', department = '-2+3', location = '@cmd', phone = E'\\tTab', custom_fields = $2 where id = $1`,
    [ids.ann, JSON.stringify({ badge: '=1+1', skills: ['ts', 'sql'], level: 3 })],
  );
  await t.db.query(`update users set custom_fields = $2 where id = $1`, [
    ids.carl,
    JSON.stringify({ badge: 'B-7', level: 5 }),
  ]);
});

/** GET through the app, keeping the bytes (XLSX is binary). */
async function download(c: Client, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: c.cookie ? { cookie: c.cookie } : {} });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, body: res.body };
}

const readCsv = (text: string): string[][] => parse(text, { bom: true });

async function readXlsx(bytes: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const PEOPLE =
  '/api/v1/users/export?q=qz&columns=firstName,lastName,email,jobTitle,department,location,phone,cf.badge,cf.skills,cf.level';

describe('People export', () => {
  it('CSV: labelled header, values, custom fields, formula cells neutralised, the list order', async () => {
    const res = await download(owner, `${PEOPLE}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="people-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = readCsv(res.body);
    expect(header).toEqual([
      'First name',
      'Last name',
      'Email',
      'Job title',
      'Department',
      'Location',
      'Phone',
      'Badge',
      'Skills',
      'Level',
    ]);
    expect(rows.map((r) => r[2])).toEqual([
      'ann@example.com',
      'bob@example.com',
      'boss@example.com',
      'carl@example.com',
    ]);
    expect(rows[0]).toEqual([
      '\'=HYPERLINK("http://evil")',
      'Qzann',
      'ann@example.com',
      "'+SUM(1)",
      "'-2+3",
      "'@cmd",
      "'\tTab",
      "'=1+1",
      'ts|sql',
      '3',
    ]);
    expect(rows[3]).toEqual(['Carl', 'Qzcarl', 'carl@example.com', '', '', '', '', 'B-7', '', '5']);
  });

  it('XLSX: the same cells, read back with the workbook reader; numbers stay numbers', async () => {
    const res = await download(owner, `${PEOPLE}&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/filename="people-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const [header, ...rows] = await readXlsx(res.bytes);
    expect(header).toEqual([
      'First name',
      'Last name',
      'Email',
      'Job title',
      'Department',
      'Location',
      'Phone',
      'Badge',
      'Skills',
      'Level',
    ]);
    expect(rows).toHaveLength(4);
    // Empty cells are absent from the row (exceljs reads them as undefined).
    expect(rows[0]).toEqual([
      '\'=HYPERLINK("http://evil")',
      'Qzann',
      'ann@example.com',
      "'+SUM(1)",
      "'-2+3",
      "'@cmd",
      "'\tTab",
      "'=1+1",
      'ts|sql',
      3,
    ]);
    expect(rows[3]!.slice(0, 3)).toEqual(['Carl', 'Qzcarl', 'carl@example.com']);
    expect(rows[3]!.slice(7)).toEqual(['B-7', undefined, 5]);
  });

  it('defaults to the list columns and CSV; refuses unknown columns and formats with the error envelope', async () => {
    const res = await download(owner, '/api/v1/users/export?q=qzcarl');
    expect(readCsv(res.body)).toEqual([
      ['First name', 'Last name', 'Email', 'Status', 'Role', 'Created'],
      ['Carl', 'Qzcarl', 'carl@example.com', 'confirmed', 'learner', expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/)],
    ]);
    const bad = await owner.get('/api/v1/users/export?columns=email,password_hash,cf.nope');
    expectError(bad, 400, 'validation_failed');
    expect(bad.body.error.message).toBe('Unknown columns: password_hash, cf.nope.');
    expectError(await owner.get('/api/v1/users/export?columns=constructor'), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/users/export?format=pdf'), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/users/export?cf.level=3'), 400, 'validation_failed'); // not filterable, as in the list
  });

  it('honours the list filters, custom field filters included', async () => {
    const emails = async (query: string) =>
      readCsv((await download(owner, `/api/v1/users/export?columns=email&q=qz&${query}`)).body)
        .slice(1)
        .map((r) => r[0]);
    expect(await emails('status=not_invited')).toEqual(['bob@example.com']);
    expect(await emails(`reportsTo=${ids.boss}`)).toEqual(['ann@example.com', 'bob@example.com']);
    expect(await emails('cf.badge=b-7')).toEqual(['carl@example.com']);
    expect(await emails('sort=-name')).toEqual([
      'carl@example.com',
      'boss@example.com',
      'bob@example.com',
      'ann@example.com',
    ]);
  });

  it("stays in the caller's scope: a manager gets their line only, a learner 403, nobody signed in 401", async () => {
    const boss = await t.as('boss@example.com');
    const res = await download(boss, '/api/v1/users/export?columns=email&format=xlsx');
    expect(res.status).toBe(200);
    expect((await readXlsx(res.bytes)).slice(1).map((r) => r[0])).toEqual([
      'ann@example.com',
      'bob@example.com',
      'boss@example.com',
    ]);
    const list = await boss.get('/api/v1/users?limit=500');
    expect(list.body.items.map((u: any) => u.email)).toEqual([
      'ann@example.com',
      'bob@example.com',
      'boss@example.com',
    ]);
    expectError(await (await t.as('carl@example.com')).get('/api/v1/users/export'), 403, 'forbidden');
    expectError(await t.anon().get('/api/v1/users/export'), 401, 'unauthenticated');
    // Deleted people need people.delete, as in the list.
    expectError(await boss.get('/api/v1/users/export?deleted=true'), 403, 'forbidden');
  });

  it('is audited with its filter and row count, and no search text or custom field value', async () => {
    await download(
      owner,
      '/api/v1/users/export?q=ann@example.com&status=confirmed&cf.badge=secret-badge&format=xlsx&columns=email,cf.badge',
    );
    const [entry] = await t.db.query(
      `select actor_id, after from audit_log where action = 'users.exported' order by id desc limit 1`,
    );
    expect(entry!.after).toEqual({
      format: 'xlsx',
      columns: ['email', 'cf.badge'],
      filter: { q: '[text]', status: ['confirmed'], sort: 'name', 'cf.badge': '[text]' },
      rows: 0,
    });
    expect(JSON.stringify(entry)).not.toMatch(/ann@example|secret-badge/);
  });
});

describe('sign-in and activity', () => {
  it('sets lastSignInAt (and lastActivityAt) on password sign-in, shown on the person and filterable', async () => {
    const { id, email } = await insertUser(t.db, { firstName: 'Signy', lastName: 'Xsigny' });
    let person = (await owner.get(`/api/v1/users/${id}`)).body;
    expect(person).toMatchObject({ lastSignInAt: null, lastActivityAt: null });
    const before = Date.now();
    await t.as(email);
    person = (await owner.get(`/api/v1/users/${id}`)).body;
    expect(Date.parse(person.lastSignInAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(person.lastActivityAt).toBe(person.lastSignInAt);

    const names = async (query: string) =>
      (await owner.get(`/api/v1/users?q=xsigny&${query}`)).body.items.map((u: any) => u.id);
    expect(await names('neverSignedIn=true')).toEqual([]);
    expect(await names('neverSignedIn=false')).toEqual([id]);
    expect(await names(`lastSignInBefore=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([id]);
    expect(await names(`lastSignInBefore=${new Date(before - 60_000).toISOString()}`)).toEqual([]);
    expectError(await owner.get('/api/v1/users?lastSignInBefore=yesterday'), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/users?neverSignedIn=maybe'), 400, 'validation_failed');

    // The same filters and columns in the export.
    const csv = readCsv(
      (await download(owner, '/api/v1/users/export?q=qz&neverSignedIn=true&columns=email,lastSignInAt,lastActivityAt'))
        .body,
    );
    expect(csv[0]).toEqual(['Email', 'Last sign-in', 'Last activity']);
    // Boss and Carl signed in above.
    expect(csv.slice(1)).toEqual([
      ['ann@example.com', '', ''],
      ['bob@example.com', '', ''],
    ]);
    const signedIn = readCsv(
      (await download(owner, '/api/v1/users/export?q=xsigny&neverSignedIn=false&columns=email,lastSignInAt')).body,
    );
    expect(signedIn.slice(1)).toEqual([[email, person.lastSignInAt]]);
  });

  it('a "login as" session is not a sign-in of the person', async () => {
    const { id } = await insertUser(t.db, { firstName: 'Imp', lastName: 'Xpersonated' });
    expect((await owner.post(`/api/v1/users/${id}/impersonate`)).status).toBe(200);
    const [row] = await t.db.query(`select last_sign_in_at, last_activity_at from users where id = $1`, [id]);
    expect(row).toEqual({ last_sign_in_at: null, last_activity_at: null });
    await signIn(owner, OWNER.email, OWNER.password);
  });

  it('moves lastActivityAt at most once a minute per session: concurrent requests make one write', async () => {
    const { id, email } = await insertUser(t.db, { firstName: 'Act', lastName: 'Xactive' });
    const client = await t.as(email);
    // Count the writes to last_activity_at with a trigger of this test's own.
    await t.db.query(`create table activity_writes (n int)`);
    await t.db.query(
      `create function count_activity_write() returns trigger language plpgsql as $$ begin insert into activity_writes values (1); return new; end $$`,
    );
    await t.db.query(
      `create trigger count_activity_write after update of last_activity_at on users for each row when (old.last_activity_at is distinct from new.last_activity_at) execute function count_activity_write()`,
    );
    const writes = async () =>
      (await t.db.query<{ n: number }>(`select count(*)::int as n from activity_writes`))[0]!.n;
    try {
      // Within the minute after sign-in: no write at all.
      await client.get('/api/v1/me');
      expect(await writes()).toBe(0);
      // Last seen two minutes ago: of two requests together and a third after them, one writes.
      await t.db.query(`update sessions set last_seen_at = now() - interval '2 minutes' where user_id = $1`, [id]);
      await Promise.all([client.get('/api/v1/me'), client.get('/api/v1/auth/session')]);
      await client.get('/api/v1/me');
      expect(await writes()).toBe(1);
      const [row] = await t.db.query<{ last_activity_at: Date; last_seen_at: Date }>(
        `select u.last_activity_at, s.last_seen_at from users u join sessions s on s.user_id = u.id where u.id = $1`,
        [id],
      );
      expect(Date.now() - row!.last_activity_at.getTime()).toBeLessThan(30_000);
      expect(row!.last_seen_at.getTime()).toBe(row!.last_activity_at.getTime());
    } finally {
      await t.db.query(`drop trigger count_activity_write on users`);
      await t.db.query(`drop function count_activity_write()`);
      await t.db.query(`drop table activity_writes`);
    }
  });
});

describe('audit export', () => {
  it('exports the filtered audit log newest first (audit.read), itself audited, not for others', async () => {
    const res = await download(
      owner,
      '/api/v1/audit/export?action=custom_field.&columns=action,targetId,after&format=csv',
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"/);
    const [header, ...rows] = readCsv(res.body);
    expect(header).toEqual(['Action', 'Target ID', 'After']);
    expect(rows.map((r) => r[1])).toEqual(['level', 'skills', 'badge']);
    expect(JSON.parse(rows[2]![2]!)).toMatchObject({ key: 'badge', label: 'Badge' });
    const [entry] = await t.db.query(
      `select after from audit_log where action = 'audit.exported' order by id desc limit 1`,
    );
    expect(entry!.after).toEqual({
      format: 'csv',
      columns: ['action', 'targetId', 'after'],
      filter: { action: 'custom_field.' },
      rows: 3,
    });

    // The export's own entry is not in it; the default columns; XLSX.
    const xlsx = await readXlsx(
      (await download(owner, '/api/v1/audit/export?action=audit.exported&format=xlsx')).bytes,
    );
    expect(xlsx[0]).toEqual([
      'When',
      'Actor',
      'Actor ID',
      'Action',
      'Target type',
      'Target ID',
      'Before',
      'After',
      'IP address',
    ]);
    expect(xlsx.slice(1).map((r) => r[3])).toEqual(['audit.exported']);

    const reporter = await t.as((await insertUser(t.db, { role: 'reporter' })).email);
    expect((await download(reporter, '/api/v1/audit/export')).status).toBe(200);
    expectError(await (await t.as('boss@example.com')).get('/api/v1/audit/export'), 403, 'forbidden');
    expectError(
      await owner.get('/api/v1/audit/export?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'),
      400,
      'validation_failed',
    );
    expectError(await owner.get('/api/v1/audit/export?limit=5'), 400, 'validation_failed');
  });
});

describe('streaming', () => {
  it('sends the first bytes of 5,000 people before reading the last batch, and reads no faster than the client takes them', async () => {
    await t.db.query(
      `insert into users (id, email, email_normalized, first_name, last_name, status, job_title)
       select 'stream-' || i, 'stream' || i || '@example.com', 'stream' || i || '@example.com', 'Stream', 'Ystream' || lpad(i::text, 5, '0'), 'not_invited',
              repeat(md5(i::text), 64)
         from generate_series(1, 5000) as i`,
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get(
          {
            host: '127.0.0.1',
            port,
            path: '/api/v1/users/export?q=ystream&columns=id,lastName,jobTitle',
            headers: { cookie: owner.cookie! },
          },
          resolve,
        )
        .on('error', reject),
    );
    expect(res.statusCode).toBe(200);
    const chunks: Buffer[] = [];
    const ended = new Promise((r) => res.on('end', r));
    await new Promise<void>((firstBytes) =>
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        // The client stops reading after the first bytes (about 10 MB are still to come, more than the
        // socket buffers hold); a server that read every batch ahead would have done so during the pause.
        if (chunks.length === 1) {
          res.pause();
          firstBytes();
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 500));
    await t.db.query(`update users set job_title = 'changed after the first bytes' where id = 'stream-5000'`);
    res.resume();
    await ended;
    const rows = readCsv(Buffer.concat(chunks).toString('utf8')).slice(1);
    expect(rows).toHaveLength(5000);
    expect(rows[0]).toEqual(['stream-1', 'Ystream00001', expect.any(String)]);
    expect(rows[4999]).toEqual(['stream-5000', 'Ystream05000', 'changed after the first bytes']);
  });
});
