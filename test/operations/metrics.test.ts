import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { expectError } from '../helpers/api';

describe('/metrics needs a metrics token', () => {
  const { t, owner } = useApp();
  const newToken = async (scope: string) => {
    const res = await owner.post('/api/v1/tokens', { name: `${scope} token`, scopes: [scope] });
    expect(res.status).toBe(201);
    const bot = t.anon();
    bot.bearer = res.body.token;
    return { id: res.body.id as string, bot };
  };

  it('refuses a caller without a token, with a session, or with an api or scim token', async () => {
    expectError(await t.anon().get('/metrics'), 401, 'unauthenticated');
    expectError(await owner.get('/metrics'), 401, 'unauthenticated');
    expectError(await (await newToken('api')).bot.get('/metrics'), 401, 'unauthenticated');
    expectError(await (await newToken('scim')).bot.get('/metrics'), 401, 'unauthenticated');
    const junk = t.anon();
    junk.bearer = 'rst_not-a-token';
    expectError(await junk.get('/metrics'), 401, 'unauthenticated');
  });

  it('answers a metrics token with users by status, until it is revoked', async () => {
    const { id, bot } = await newToken('metrics');
    const res = await bot.get('/metrics');
    expect(res.status).toBe(200);
    expect(String(res.body)).toMatch(/roster_users\{status="confirmed"\} 1/);
    expect((await owner.delete(`/api/v1/tokens/${id}`)).status).toBe(204);
    expectError(await bot.get('/metrics'), 401, 'unauthenticated');
  });

  it('a metrics token opens nothing else', async () => {
    const { bot } = await newToken('metrics');
    expectError(await bot.get('/api/v1/users'), 401, 'unauthenticated');
    expectError(await bot.get('/api/v1/me'), 401, 'unauthenticated');
    expect((await bot.get('/scim/v2/Users')).status).toBe(401);
  });

  it('lists the scope with the token', async () => {
    const { id } = await newToken('metrics');
    expect((await owner.get('/api/v1/tokens')).body.items.find((x: { id: string }) => x.id === id)).toMatchObject({
      scopes: ['metrics'],
    });
  });
});

describe('METRICS_PUBLIC=true', () => {
  const { t } = useApp({ env: { METRICS_PUBLIC: 'true' }, signInOwner: false });

  it('serves /metrics without a token (a private network)', async () => {
    const res = await t.anon().get('/metrics');
    expect(res.status).toBe(200);
    expect(String(res.body)).toContain('roster_users');
  });
});
