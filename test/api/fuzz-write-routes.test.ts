import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OWNER, type Client, type Res } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { createUser } from '../helpers/api';

/**
 * Every write route of /api/v1, as the OpenAPI document lists them (so new routes are covered without
 * touching this file), gets hostile text in every JSON field as a signed-in Owner with a valid CSRF
 * token: NUL, lone surrogates, look-alike emails, prototype member names, control characters, and
 * values up to and over the 1 MiB body limit. The answer is never a 5xx, and a 4xx is always the
 * error envelope. A few hundred requests in all.
 */
const { t } = useApp({ signInOwner: false });

const RUNS_PER_ROUTE = 4;
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

const SPECIAL = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDC00y',
  '\uDBFF\uDFFF',
  '\uFFFE',
  '\u200b',
  '\u202e',
  '\u00ad',
  OWNER.email,
  OWNER.email.toUpperCase(),
  'ｏｗｎｅｒ@ｅｘａｍｐｌｅ.ｃｏｍ',
  'owner\u200b@example.com',
  'owner@example.com\u0000',
  'andre\u0301@bücher.example',
  'andré@xn--bcher-kva.example',
  'a@b',
  '@',
  '',
  ' ',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'cf.__proto__',
  "'; drop table users; --",
  '../../etc/passwd',
  '%00',
  '2026-02-30',
  '9999-12-31T23:59:59Z',
  '1e309',
  '-0',
];
const BIG = ['x'.repeat(1024 * 1024 + 1), 'é'.repeat(200_000), 'a'.repeat(5000)];

const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 8 }), fc.constantFrom(...SPECIAL))
      .map((p) => p.join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom(...BIG) },
);
const hostileKey = fc.oneof(
  fc.constantFrom(...SPECIAL.filter((s) => s.length < 50)),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
};

/** A value for a field: hostile text whatever the declared type, or something of the declared type. */
function valueArb(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: hostile }, { weight: 2, arbitrary: typedArb(schema, depth) });
}

function typedArb(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (s.anyOf?.length) return fc.oneof(...s.anyOf.map((x) => typedArb(x, depth)));
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return hostile;
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 53, 1e308));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(depth < 3 ? valueArb(s.items ?? {}, depth + 1) : hostile, { maxLength: 3 });
    case 'object':
      return depth < 3 && s.properties
        ? bodyArb(s, depth + 1)
        : fc.dictionary(hostileKey, depth < 3 ? valueArb({}, depth + 1) : hostile, { maxKeys: 3 });
    default:
      return fc.oneof(hostile, fc.integer(), fc.constant(null), fc.dictionary(hostileKey, hostile, { maxKeys: 2 }));
  }
}

function bodyArb(s: JsonSchema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(s.properties ?? {});
  return fc.record(Object.fromEntries(props.map(([k, v]) => [k, valueArb(v, depth)])), { requiredKeys: [] });
}

interface Route {
  method: string;
  path: string;
  body: JsonSchema | null;
}

/** The write routes the app documents, deletions last so the other routes still find their objects. */
async function writeRoutes(): Promise<Route[]> {
  const doc = (await t.anon().get('/api/v1/openapi.json')).body as { paths: Record<string, Record<string, any>> };
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries(ops)) {
      if (!WRITE_METHODS.includes(method)) continue;
      const content = op.requestBody?.content;
      if (content && !content['application/json']) continue; // the multipart CSV upload has its own tests (test/imports)
      routes.push({ method: method.toUpperCase(), path, body: content?.['application/json']?.schema ?? null });
    }
  }
  return routes.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
}

/** Real objects for path parameters, by the collection the parameter follows; anything else is random. */
async function realIds(owner: Client): Promise<Record<string, string>> {
  const user = await createUser(owner, { invite: 'none' });
  const team = (await owner.post('/api/v1/teams', { name: `Fuzz team ${Date.now()}` })).body;
  const group = (await owner.post('/api/v1/groups', { name: `Fuzz group ${Date.now()}`, rules: { all: [] } })).body;
  const field = (await owner.post('/api/v1/custom-fields', { key: 'fuzz_field', label: 'Fuzz', type: 'text' })).body;
  const token = (await owner.post('/api/v1/tokens', { name: 'fuzz', scopes: ['users:read'] })).body;
  for (const created of [team, group, field]) expect(created?.error, JSON.stringify(created)).toBeUndefined();
  return {
    users: user.id,
    userId: user.id,
    teams: team.id,
    groups: group.id,
    'custom-fields': field.key,
    tokens: token?.id ?? token?.token?.id ?? 'x',
  };
}

function fillPath(path: string, ids: Record<string, string>, random: string): string {
  const parts = path.split('/');
  return parts
    .map((part, i) => {
      const param = /^\{(.+)\}$/.exec(part)?.[1];
      if (!param) return part;
      const real = ids[param] ?? (param === 'id' || param === 'key' ? ids[parts[i - 1]!] : undefined);
      // Every byte percent-encoded (encodeURIComponent throws on a lone surrogate).
      return [...Buffer.from(real ?? random)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    })
    .join('/');
}

function expectNoServerError(route: Route, url: string, body: unknown, res: Res) {
  const where = `${route.method} ${url} ${JSON.stringify(body)?.slice(0, 300)} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  if (res.status >= 400) {
    expect(typeof res.body?.error?.code, where).toBe('string');
    expect(typeof res.body?.error?.message, where).toBe('string');
  }
}

describe('every write route survives hostile input', () => {
  it('never a 5xx, always the error envelope on a 4xx', { timeout: 240_000 }, async () => {
    const routes = await writeRoutes();
    expect(routes.length).toBeGreaterThan(40);
    const ids = await realIds(await t.as(OWNER.email, OWNER.password));
    let requests = 0;
    for (const route of routes) {
      // A fresh Owner session per route: logout and impersonation must not leave the next route without one.
      const owner = await t.as(OWNER.email, OWNER.password);
      // A NUL in any one field is refused by name, before the route's own checks.
      for (const field of Object.keys(route.body?.properties ?? {})) {
        const url = fillPath(route.path, ids, 'no-such-id');
        const res = await owner.request(route.method, url, { [field]: 'a\u0000b' });
        requests++;
        expectNoServerError(route, url, { [field]: 'a\u0000b' }, res);
        if (res.status === 400)
          expect(
            res.body.error.details?.map((d: { field: string }) => d.field) ?? [],
            `${route.method} ${url}`,
          ).toContain(field);
      }
      await fc.assert(
        fc.asyncProperty(
          route.body ? bodyArb(route.body) : fc.constant(undefined),
          hostileKey,
          async (body, random) => {
            const url = fillPath(route.path, ids, random || 'x');
            const res = await owner.request(route.method, url, body);
            requests++;
            expectNoServerError(route, url, body, res);
          },
        ),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    expect(requests).toBeGreaterThan(200);
  });
});
