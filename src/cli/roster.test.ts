import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/roster.mjs', import.meta.url));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `roster …` the way `npx roster` does, with a clean environment around DATA_DIR. */
function roster(args: string[], dataDir: string): Promise<Result> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('roster CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // ~14 s on an idle 2-core machine, most of it the embedded database's first start (initdb).
  it('migrates, creates an Owner once and refuses the same email again', { timeout: 90_000 }, async () => {
    const dataDir = path.join(dir, 'data');

    const migrated = await roster(['migrate'], dataDir);
    expect(migrated.stderr).toBe('');
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('Applied 001_init.sql');

    const created = await roster(['create-owner', '--email', 'ada@example.com', '--first-name', 'Ada'], dataDir);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Owner created: ada@example.com');
    expect(created.stdout).toMatch(/One-time password: \S{10,}/);

    const again = await roster(
      ['create-owner', '--email', 'ADA@example.com', '--password', 'another-password-1'],
      dataDir,
    );
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/already taken/);
  });

  it('explains itself and refuses unknown commands in one line', async () => {
    const help = await roster(['--help'], path.join(dir, 'unused'));
    expect(help.code).toBe(0);
    for (const word of [
      'serve',
      'migrate',
      'create-owner',
      'DATABASE_URL',
      'DATA_DIR',
      'ROSTER_OWNER_PASSWORD',
      'Examples:',
    ])
      expect(help.stdout).toContain(word);

    const unknown = await roster(['frobnicate'], path.join(dir, 'unused'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });
});
