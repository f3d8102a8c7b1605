import { describe, expect, it } from 'vitest';
import type { Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, uniqueEmail } from '../helpers/api';

/** Security review, finding 11: text PostgreSQL cannot hold, and rule fields that are Object.prototype members. */
const { t, owner } = useApp();

const NUL = '\u0000';
const LONE = '\uD800';
const fields = (res: { body: any }) => (res.body.error.details as { field: string }[]).map((d) => d.field);

describe('NUL bytes and lone surrogates', () => {
  it('a NUL in a string field is a 400 naming the field, on public and signed-in routes alike', async () => {
    const cases: [Client, string, string, unknown, string][] = [
      [t.anon(), 'POST', '/api/v1/auth/login', { email: `a${NUL}@example.com`, password: 'x' }, 'email'],
      [t.anon(), 'POST', '/api/v1/auth/login', { email: 'a@example.com', password: `pass${NUL}word` }, 'password'],
      [t.anon(), 'POST', '/api/v1/auth/password-reset', { email: `a${NUL}@example.com` }, 'email'],
      [
        t.anon(),
        'POST',
        '/api/v1/signup',
        { email: uniqueEmail(), firstName: `A${NUL}`, lastName: 'B', password: 'x' },
        'firstName',
      ],
      [owner, 'POST', '/api/v1/users', { email: uniqueEmail(), firstName: 'A', jobTitle: `x${NUL}` }, 'jobTitle'],
      [owner, 'PATCH', '/api/v1/me', { lastName: `B${NUL}` }, 'lastName'],
      [owner, 'POST', '/api/v1/teams', { name: `T${NUL}` }, 'name'],
      [
        owner,
        'POST',
        '/api/v1/groups',
        { name: 'G', rules: { field: 'department', op: 'eq', value: `Sales${NUL}` } },
        'rules.value',
      ],
    ];
    for (const [client, method, url, body, field] of cases) {
      const res = await client.request(method, url, body);
      expectError(res, 400, 'validation_failed');
      expect(fields(res), `${method} ${url}`).toContain(field);
    }
  });

  it('a NUL in a query parameter, a path parameter or a field name is a 400 too', async () => {
    const q = await owner.get(`/api/v1/users?q=a%00b`);
    expectError(q, 400, 'validation_failed');
    expect(fields(q)).toContain('q');
    const u = await createUser(owner);
    expectError(await owner.patch(`/api/v1/users/${u.id}%00`, { firstName: 'A' }), 400, 'validation_failed');
    const key = await owner.patch(`/api/v1/users/${u.id}`, { customFields: { [`k${NUL}`]: 'v' } });
    expectError(key, 400, 'validation_failed');
    expect(fields(key)).toContain(`customFields.k${NUL}`);
  });

  it('a lone surrogate is refused instead of being stored as U+FFFD', async () => {
    const res = await owner.post('/api/v1/users', { email: uniqueEmail(), firstName: `A${LONE}` });
    expectError(res, 400, 'validation_failed');
    expect(fields(res)).toContain('firstName');
    // A well-formed pair (an emoji) is fine.
    expect((await owner.post('/api/v1/users', { email: uniqueEmail(), firstName: 'A 😀' })).status).toBe(201);
  });
});

describe('group rules on fields named like Object.prototype members', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'field "%s" is an unknown field (400)',
    async (field) => {
      const res = await owner.post('/api/v1/groups', {
        name: `G ${field}`,
        rules: { all: [{ field, op: 'eq', value: 'x' }] },
      });
      expectError(res, 400, 'validation_failed');
      expect(fields(res)).toContain('rules.all[0].field');
      const preview = await owner.post('/api/v1/groups/preview', { rules: { field, op: 'eq', value: 'x' } });
      expect(preview.status).toBeLessThan(500);
    },
  );
});
