import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import newman from 'newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, startTestApp, type TestApp } from '../helpers/harness';

/**
 * Microsoft's SCIM collection for Entra ID (../shared/scim) run by newman against a freshly started
 * Roster on a loopback port. Every assertion must pass except the departures below, each argued with
 * its RFC section in docs/decisions/007-scim.md ("Departures from the compliance collection").
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The shared folder sits next to the repository; a clone elsewhere (a CI checkout in /tmp) finds it through
// SCIM_COLLECTION or the workspace's shared folder. Missing everywhere → the test fails, it never skips.
const CANDIDATES = [
  process.env.SCIM_COLLECTION,
  path.resolve(repoRoot, '../shared/scim/PostmanCollection.json'),
  '/work/shared/scim/PostmanCollection.json',
].filter((p): p is string => Boolean(p));
const COLLECTION = CANDIDATES.find((p) => fs.existsSync(p)) ?? CANDIDATES[0]!;
const FOLDERS = [
  'Endpoint tests',
  'User tests',
  'Group tests',
  'ComplexAttribute tests',
  'User tests with garbage',
  'Group tests with garbage',
  'Teardown garbage',
];

/** "request name :: assertion name" → why Roster answers differently (details in the decision record). */
export const ALLOWED_FAILURES: Record<string, string> = {
  // D1: a manager reference must name an existing user (RFC 7644 §3.12 invalidValue).
  'Post EnterpriseUser :: Status code is 201': 'D1 manager "SuzzyQ" does not exist → 400 invalidValue',
  'Get user2 :: Status code is 200': 'D1 (user 2 was never created)',
  'Get user2 :: Id is requsted': 'D1',
  'User 2 replace test :: Status code is 200': 'D1',
  'Get user2 Check replace :: Status code is 200': 'D1',
  'Get user2 Check replace :: Name is updated': 'D1',
  'Delete user2 :: Status code is 204': 'D1',
  // D2: Roster emails are unique sign-in identifiers (RFC 7644 §3.3: 409 uniqueness on conflict).
  'Create user 4 for group 2 :: Status code is 201': 'D2 testing@bob2.com belongs to UserName333',
  'Delete user id4 :: Status code is 204': 'D2 (user 4 was never created)',
  'Post emp2 :: Status code is 201': 'D2 anna33@gmail.com belongs to emp1',
  'Post emp3 :: Status code is 201': 'D2',
  'Post enterprise user :: Status code is 201': 'D2',
  'Paginate :: Total results': 'D2 (3 users, not 5)',
  'get user attributes :: Total results': 'D2',
  'filter eq and (val or val) :: Total results': 'D2 (1 user, not 4)',
  'filter greater than :: Total results': 'D2',
  'Delete user3 emp2 :: Status code is 204': 'D2',
  'Delete user4 emp3 :: Status code is 204': 'D2',
  'Delete enterprise user :: Status code is 204': 'D2',
  // D3: a group member is a user id; `display` is read-only and comes from the user (RFC 7643 §4.2, §2.4).
  'Put replace group3 :: Status code is 200': 'D3 member "{{id4}}" (unset after D2) is not a user → 400 invalidValue',
  'Validate group 3 :: Body contians user id3': 'D3 (the PUT was refused)',
  'Get group by id :: Body contians user': 'D3 display is the user\'s name, not the "new User" the client sent',
  // D4: "emailName357" is not an email address and Roster needs one (RFC 7644 §3.12 invalidValue).
  'create user1 :: Status code is 201': 'D4',
  'Get user attributes :: Body contians User1 email': 'D4',
  'Get user via attributes filter :: Body contians User1 email': 'D4',
  'Delete User1 :: Status code is 204': 'D4',
  // D5: a member value must be an object {"value": id} (RFC 7644 §3.5.2.1, RFC 7643 §4.2).
  'Group patch add member :: Status code is 204': 'D5 value "string id 1"',
  'Group patch add member2 :: Status code is 204': 'D5',
};

interface Failure {
  key: string;
  message: string;
}

function runCollection(collection: unknown, port: number, token: string): Promise<{ failures: Failure[]; assertions: number }> {
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection: collection as never,
        envVar: [
          { key: 'Protocol', value: 'http' },
          { key: 'Server', value: '127.0.0.1' },
          { key: 'Port', value: `:${port}` },
          { key: 'Api', value: 'scim/v2' },
          { key: 'token', value: token },
        ],
        folder: FOLDERS,
        reporters: [],
        timeoutRequest: 30_000,
      },
      (err, summary) => {
        if (err) return reject(err);
        const failures = summary.run.failures.map((f) => ({
          key: `${f.source?.name ?? '?'} :: ${(f.error as { test?: string }).test ?? f.error.name}`,
          message: f.error.message,
        }));
        resolve({ failures, assertions: summary.run.stats.assertions.total ?? 0 });
      },
    );
  });
}

describe('SCIM compliance collection (newman)', () => {
  let t: TestApp;
  let port: number;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
    const owner = await t.as(OWNER.email, OWNER.password);
    const res = await owner.post('/api/v1/tokens', { name: 'compliance', scopes: ['scim'] });
    expect(res.status).toBe(201);
    token = res.body.token;
  });
  afterAll(async () => t?.stop());

  it('passes every assertion except the documented departures', async () => {
    if (!fs.existsSync(COLLECTION))
      throw new Error(`The SCIM compliance collection is missing: looked for ${CANDIDATES.join(', ')} (set SCIM_COLLECTION to its path).`);
    // Run from a copy, so the run can never write into the shared folder.
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scim-')), 'PostmanCollection.json');
    fs.copyFileSync(COLLECTION, copy);
    const { failures, assertions } = await runCollection(JSON.parse(fs.readFileSync(copy, 'utf8')), port, token);
    expect(assertions).toBeGreaterThan(80);
    const unexpected = failures.filter((f) => !(f.key in ALLOWED_FAILURES));
    expect(unexpected, JSON.stringify(unexpected, null, 2)).toEqual([]);
    // An allowed departure that starts passing means the list (and the decision record) is out of date.
    const stale = Object.keys(ALLOWED_FAILURES).filter((k) => !failures.some((f) => f.key === k));
    expect(stale).toEqual([]);
  }, 120_000);
});
