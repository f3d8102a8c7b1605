import { beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_SCOPE_NAMES, type TokenScope } from '../../src/common/domain';
import { insertUser, type Client } from '../helpers/harness';
import { expectError } from '../helpers/api';
import { useApp } from '../helpers/useApp';

/**
 * Token scopes (docs/decisions/018-event-feed-and-webhooks.md) × every /api/v1 route (the routes of
 * test/access/matrix.test.ts, read from the app), /metrics and every /scim/v2 route: each scope answers only
 * where it is meant to. Written here
 * independently of http/tokenScopes.ts. Every token is the Owner's, so a refusal can only come from the scope.
 */
const REACHES: Record<'learning' | 'events', string[]> = {
  learning: ['GET /api/v1/users', 'GET /api/v1/users/:id', 'POST /api/v1/users/:id/learning-activity'],
  events: ['GET /api/v1/events'],
};
/** Routes an api token does not reach (reserved to a narrower scope). */
const NOT_API = ['GET /api/v1/events'];

const { t, owner } = useApp();
const bots = {} as Record<TokenScope, Client>;
let target: string;

beforeAll(async () => {
  for (const scope of TOKEN_SCOPE_NAMES) {
    const res = await owner.post('/api/v1/tokens', { name: `scope ${scope}`, scopes: [scope] });
    expect(res.status).toBe(201);
    bots[scope] = t.anon();
    bots[scope].bearer = res.body.token;
  }
  target = (await insertUser(t.db)).id;
});

const routes = () => t.app.routeList.filter((r) => r.url.startsWith('/api/v1/'));

function call(client: Client, method: string, url: string) {
  const path = url.replace(/:(\w+)/g, (_, k) => (k === 'id' ? target : `missing-${k}`));
  return client.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : {});
}

const isScopeRefusal = (res: { status: number; body: any }, scope: string) =>
  res.status === 403 && res.body?.error?.details?.tokenScope === scope;

it('every scope has a line on the token form', () => {
  expect([...TOKEN_SCOPE_NAMES].sort()).toEqual(['api', 'events', 'learning', 'metrics', 'scim']);
});

describe.each(['learning', 'events'] as const)('a %s token', (scope) => {
  it('answers (non-403) on its routes and is refused (403) on every other route', async () => {
    const answered: string[] = [];
    for (const r of routes()) {
      const route = `${r.method} ${r.url}`;
      const res = await call(bots[scope], r.method, r.url);
      if (r.public) {
        expect(isScopeRefusal(res, scope), `${route}: public routes ignore the token`).toBe(false);
        continue;
      }
      if (REACHES[scope].includes(route)) {
        expect(res.status, `${route}: ${JSON.stringify(res.body)}`).not.toBe(403);
        expect(res.status, route).toBeLessThan(500);
        answered.push(route);
      } else {
        expect(isScopeRefusal(res, scope), `${route} answered ${res.status}: ${JSON.stringify(res.body)}`).toBe(true);
        expectError(res, 403, 'forbidden');
      }
    }
    expect(answered.sort()).toEqual([...REACHES[scope]].sort());
  });
});

it('an api token reaches every route but the event feed', async () => {
  for (const r of routes()) {
    const route = `${r.method} ${r.url}`;
    const res = await call(bots.api, r.method, r.url);
    expect(isScopeRefusal(res, 'api'), `${route} answered ${res.status}: ${JSON.stringify(res.body)}`).toBe(
      NOT_API.includes(route),
    );
  }
});

it.each(['scim', 'metrics'] as const)('a %s token is no /api/v1 credential at all (401)', async (scope) => {
  for (const r of routes()) {
    const res = await call(bots[scope], r.method, r.url);
    expect(res.status, `${r.method} ${r.url}`).toBe(401);
  }
});

/** Outside /api/v1: /metrics answers only a metrics token, /scim/v2 only a scim token. */
describe.each(TOKEN_SCOPE_NAMES)('a %s token outside /api/v1', (scope) => {
  it(scope === 'metrics' ? 'reads /metrics' : 'does not read /metrics (401)', async () => {
    const res = await bots[scope].get('/metrics');
    if (scope === 'metrics') {
      expect(res.status).toBe(200);
      expect(String(res.body)).toContain('roster_users');
    } else expectError(res, 401, 'unauthenticated');
  });

  it(scope === 'scim' ? 'reaches every /scim/v2 route' : 'reaches no /scim/v2 route (401)', async () => {
    const scim = t.app.routeList.filter((r) => r.url.startsWith('/scim/v2/'));
    expect(scim.length).toBeGreaterThan(5);
    for (const r of scim) {
      const res = await call(bots[scope], r.method, r.url);
      expect(res.status === 401, `${r.method} ${r.url} answered ${res.status}`).toBe(scope !== 'scim');
    }
  });
});

describe('a learning token', () => {
  it('reports learning activity and reads people', async () => {
    const person = await insertUser(t.db);
    const res = await bots.learning.post(`/api/v1/users/${person.id}/learning-activity`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.firstLearningActivityAt).toEqual(expect.any(String));
    expect((await bots.learning.get(`/api/v1/users/${person.id}`)).status).toBe(200);
    expect((await bots.learning.get('/api/v1/users')).body.items.length).toBeGreaterThan(1);
  });

  it('cannot list tokens or change a role', async () => {
    const person = await insertUser(t.db);
    expectError(await bots.learning.get('/api/v1/tokens'), 403, 'forbidden');
    expectError(await bots.learning.patch(`/api/v1/users/${person.id}`, { role: 'admin' }), 403, 'forbidden');
    expect((await t.db.query(`select role from users where id = $1`, [person.id]))[0]!.role).toBe('learner');
  });
});
