import fs from 'node:fs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { expectError } from '../helpers/api';
import { csv, importFile, preview, rowsOf, upload } from './helpers';

const fixture = (name: string) => fs.readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url));

const { t, owner } = useApp();

const userByEmail = async (email: string) =>
  (await t.db.query(`select * from users where email_normalized = lower($1)`, [email]))[0];

describe('file formats', () => {
  it('reads a UTF-8 file with a BOM, semicolons and accents', async () => {
    const done = await importFile(t, owner, fixture('bom-semicolon.csv'));
    expect(done).toMatchObject({
      state: 'completed',
      encoding: 'utf-8',
      delimiter: ';',
      warnings: [],
      counts: { create: 3, error: 0 },
    });
    expect(await userByEmail('zoe.durand@example.com')).toMatchObject({
      first_name: 'Zoé',
      last_name: 'Durand',
      job_title: 'Ingénieure',
      location: 'Besançon',
    });
    expect(await userByEmail('jose.nunez@example.com')).toMatchObject({ first_name: 'José', last_name: 'Núñez' });
  });

  it('reads an Excel-style Windows-1252 file with a warning', async () => {
    const bytes = iconv.encode(
      'Email,First Name,Last Name,Department\r\nrene.magritte@example.com,René,Magritte,Développement\r\n',
      'win1252',
    );
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const p = await preview(t, owner, bytes);
    expect(p).toMatchObject({ state: 'previewed', encoding: 'windows-1252', counts: { create: 1 } });
    expect(p.warnings[0]).toMatch(/Windows-1252.*CSV UTF-8/);
    const [row] = await rowsOf(owner, p.id);
    expect(row.changes.firstName).toEqual([null, 'René']);
    expect(row.changes.department).toEqual([null, 'Développement']);
  });

  it('keeps quoted newlines and CRLF line ends, and reports each row on the line it starts', async () => {
    const text =
      'email,firstName,lastName,jobTitle\r\n' +
      'a.line@example.com,Ann,"Multi\r\nLine",Dev\r\n' +
      'bad-email,Bob,B,X\r\n' +
      'c.line@example.com,Cy,"Quote ""Q""",Ops\r\n';
    const p = await preview(t, owner, text);
    const rows = await rowsOf(owner, p.id);
    expect(rows.map((r) => [r.line, r.action])).toEqual([
      [2, 'create'],
      [4, 'error'],
      [5, 'create'],
    ]);
    expect(rows[0].changes.lastName).toEqual([null, 'Multi\nLine']);
    expect(rows[1].errors).toEqual([{ column: 'email', message: expect.stringContaining('not a valid email') }]);
    expect(rows[2].changes.lastName).toEqual([null, 'Quote "Q"']);
  });

  it('flags a row with the wrong number of cells without refusing the file', async () => {
    const p = await preview(
      t,
      owner,
      csv('email,firstName', 'one.cell@example.com,One', 'two@example.com,Two,extra', 'three.cell@example.com,Three'),
    );
    const rows = await rowsOf(owner, p.id);
    expect(rows.map((r) => [r.line, r.action])).toEqual([
      [2, 'create'],
      [3, 'error'],
      [4, 'create'],
    ]);
    expect(rows[1].errors[0].message).toMatch(/3 cells where the header has 2/);
  });

  it('fails the preview of a file with an unclosed quote, saying where', async () => {
    const p = await preview(
      t,
      owner,
      csv('email,firstName', 'ok@example.com,Ok', '"open@example.com,Open', 'next@example.com,Next'),
    );
    expect(p).toMatchObject({
      state: 'failed',
      error: { code: 'import_invalid_file', message: expect.stringMatching(/could not be read as CSV.*never closed/) },
    });
  });

  it('refuses duplicate headers, naming them; unknown ones are listed for the preview instead (test/imports/preview.test.ts)', async () => {
    const res = await upload(t, owner, csv('Email,Frist Name,EMAIL,Shoe size', 'x@example.com,X,x@example.com,42'));
    expectError(res, 400, 'import_invalid_file');
    expect(res.body.error.message).toContain('"EMAIL"');
    expect(res.body.error.details).toEqual([{ field: 'EMAIL', message: 'This column appears more than once.' }]);
  });

  it('refuses an empty file, a binary file and a file without the match column', async () => {
    expectError(await upload(t, owner, ''), 400, 'import_invalid_file');
    expectError(await upload(t, owner, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1])), 400, 'import_invalid_file');
    const noKey = await upload(t, owner, csv('firstName,lastName', 'A,B'));
    expectError(noKey, 400, 'import_invalid_file');
    expect(noKey.body.error.details).toEqual([{ field: 'email', message: 'Missing column.' }]);
    const notMultipart = await owner.post('/api/v1/imports', { file: 'x' });
    expectError(notMultipart, 400, 'import_invalid_file');
  });

  it('serves a template with every column, custom fields included', async () => {
    await owner.post('/api/v1/custom-fields', { key: 'badge', label: 'Badge', type: 'text', unique: true });
    const res = await owner.get('/api/v1/imports/template.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const [header, example] = String(res.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header!.split(',')).toEqual([
      'email',
      'firstName',
      'lastName',
      'employeeId',
      'jobTitle',
      'department',
      'location',
      'phone',
      'photoUrl',
      'role',
      'teams',
      'managerEmail',
      'language',
      'timeZone',
      'hireDate',
      'expiryDate',
      'status',
      'cf.badge',
    ]);
    expect(example).toContain('ada.lovelace@example.com');
  });

  it('serves a template no spreadsheet runs as a formula', async () => {
    await owner.post('/api/v1/custom-fields', {
      key: 'pick',
      label: 'Pick',
      type: 'single_select',
      options: ['=HYPERLINK("http://x")', 'b'],
    });
    await owner.post('/api/v1/custom-fields', {
      key: 'tags',
      label: 'Tags',
      type: 'multi_select',
      options: ['@SUM(A1)', '-2'],
    });
    const res = await owner.get('/api/v1/imports/template.csv');
    const [header, example] = parse(String(res.body).replace(/^\uFEFF/, '')) as string[][];
    const cell = (column: string) => example![header!.indexOf(column)];
    expect(cell('cf.pick')).toBe(`'=HYPERLINK("http://x")`);
    expect(cell('cf.tags')).toBe(`'@SUM(A1)|-2`);
    expect([...header!, ...example!].filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });
});
