import { expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Client, Res, TestApp } from './harness';
import { insertUser, lastMailTo } from './harness';
import type { Role, Status } from '../../src/common/domain';

/** Asserts an error response: status, the envelope of docs/api.md, and its code. */
export function expectError(res: Res, status: number, code: string) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { error: { code } } });
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.error.message.length).toBeGreaterThan(0);
}

/** A unique email for this test run. */
export const uniqueEmail = (prefix = 'user') => `${prefix}-${randomUUID().slice(0, 8)}@example.com`;

/** Creates a user through the API and asserts the 201. */
export async function createUser(client: Client, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/users', {
    email: uniqueEmail(),
    firstName: 'Test',
    lastName: 'Person',
    ...body,
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A confirmed user with a known password, signed in. */
export async function signedIn(t: TestApp, role: Role = 'learner', opts: { status?: Status; email?: string } = {}) {
  const email = opts.email ?? uniqueEmail(role);
  const u = await insertUser(t.db, { email, role, status: opts.status ?? 'confirmed', password: 'password-1234' });
  const client = await t.as(email);
  return { id: u.id, email, client };
}

export const inFuture = (ms = 86_400_000) => new Date(Date.now() + ms).toISOString();
export const inPast = (ms = 86_400_000) => new Date(Date.now() - ms).toISOString();

/** Every row of every table of the current schema, as one JSON string. */
export async function dumpDatabase(t: TestApp): Promise<string> {
  const tables = await t.db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  expect(tables.length).toBeGreaterThan(5);
  const out: Record<string, unknown[]> = {};
  for (const { table_name } of tables) out[table_name] = await t.db.query(`select * from "${table_name}"`);
  return JSON.stringify(out);
}

/** The token at the end of the newest invitation link mailed to `to`. */
export async function lastToken(t: TestApp, to: string): Promise<string> {
  const link = (await lastMailTo(t.db, to))?.match(/https?:\/\/\S+\/invite\/([A-Za-z0-9_-]+)/);
  if (!link) throw new Error(`no invitation mail to ${to}`);
  return link[1]!;
}
