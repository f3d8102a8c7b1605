import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/server/db/index';

const BIN = fileURLToPath(new URL('../../bin/roster.mjs', import.meta.url));

/** With TEST_DATABASE_URL the command runs against a fresh PostgreSQL database, otherwise the embedded one. */
const PG_URL = process.env.TEST_DATABASE_URL;
const dbName = `roster_cli_${randomBytes(4).toString('hex')}`;
const dbUrl = PG_URL ? PG_URL.replace(/\/[^/]*$/, `/${dbName}`) : undefined;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(sql);
  await c.end();
}

function roster(
  args: string[],
  dataDir: string,
  databaseUrl = dbUrl,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 300_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('roster import', () => {
  let dir: string;
  let dataDir: string;
  let file: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-import-cli-'));
    dataDir = path.join(dir, 'data');
    file = path.join(dir, 'people.csv');
    fs.writeFileSync(
      file,
      'email;firstName;managerEmail\ncli-rep@example.com;Rep;cli-boss@example.com\ncli-boss@example.com;Boss;\nnot-an-email;Bad;\n',
    );
    if (PG_URL) await admin(`create database ${dbName}`);
    const created = await roster(
      ['create-owner', '--email', 'cli-owner@example.com', '--password', 'cli-owner-password'],
      dataDir,
    );
    expect(created.code, created.stderr).toBe(0);
  }, 300_000);
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (PG_URL) await admin(`drop database if exists ${dbName} with (force)`);
  });

  const users = async () => {
    const db = await connect({ databaseUrl: dbUrl, dataDir: dbUrl ? undefined : dataDir });
    try {
      return (
        await db.query<{ email: string }>(
          `select email from users where email like 'cli-%' and role <> 'owner' order by email`,
        )
      ).map((r) => r.email);
    } finally {
      await db.close();
    }
  };

  it('previews with --dry-run, writing nothing, then imports for real', { timeout: 600_000 }, async () => {
    const dry = await roster(['import', file, '--dry-run'], dataDir);
    expect(dry.stdout).toContain('Planned: 2 to create, 0 to update, 0 unchanged, 0 skipped, 1 with errors.');
    expect(dry.stdout).toMatch(/line 4: email: "not-an-email" is not a valid email address/);
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    expect(dry.code).toBe(1);
    expect(await users()).toEqual([]);

    const log = path.join(dir, 'log.csv');
    const real = await roster(['import', file, '--log', log], dataDir);
    expect(real.stdout).toContain('Done: 2 created, 0 updated, 0 unchanged, 0 skipped, 1 with errors.');
    expect(real.code).toBe(1);
    expect(await users()).toEqual(['cli-boss@example.com', 'cli-rep@example.com']);
    expect(fs.readFileSync(log, 'utf8')).toContain('cli-rep@example.com');
  });

  it(
    'exports the people and audit entries it finds, with the API filters and columns (roster export)',
    { timeout: 300_000 },
    async () => {
      const xlsx = path.join(dir, 'people.xlsx');
      const res = await roster(
        [
          'export',
          'users',
          '--format',
          'xlsx',
          '--out',
          xlsx,
          'q=cli-',
          'sort=-name',
          '--columns',
          'email,firstName,lastSignInAt',
        ],
        dataDir,
      );
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain(`Exporting 3 people from`);
      expect(res.stdout).toContain(`Done: 3 rows written to ${xlsx}.`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsx);
      const rows: unknown[][] = [];
      wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows).toEqual([
        ['Email', 'First name', 'Last sign-in'],
        ['cli-rep@example.com', 'Rep'],
        ['cli-owner@example.com', 'Owner'],
        ['cli-boss@example.com', 'Boss'],
      ]);

      const csv = path.join(dir, 'audit.csv');
      const audit = await roster(['export', 'audit', '--out', csv, 'action=import.', '--columns', 'action'], dataDir);
      expect(audit.code, audit.stderr).toBe(0);
      expect(parse(fs.readFileSync(csv), { bom: true })).toEqual([
        ['Action'],
        ['import.committed'],
        ['import.created'],
        ['import.cancelled'],
        ['import.created'],
      ]);

      const bad = await roster(['export', 'users', '--out', csv, 'nope=1'], dataDir);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^roster: Unknown filter "nope"/);
      expect((await roster(['export', 'users', '--out', csv, '--format', 'pdf'], dataDir)).stderr).toMatch(/pdf/);
      expect((await roster(['export', 'people', '--out', csv], dataDir)).stderr).toMatch(
        /export users or export audit/,
      );
    },
  );

  it('says clearly that a running server holds the embedded database', { timeout: 300_000 }, async () => {
    const lockedDir = path.join(dir, 'locked');
    const held = await connect({ dataDir: lockedDir });
    try {
      const res = await roster(['import', file, '--dry-run'], lockedDir, '');
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/in use by another Roster process/);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await held.close();
    }
  });

  it('refuses bad options in one line', { timeout: 300_000 }, async () => {
    const res = await roster(['import', file, '--mode', 'replace'], dataDir);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/replace/);
  });
});
