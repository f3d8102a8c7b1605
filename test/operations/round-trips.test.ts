import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/core/config';
import { startRuntime, type Runtime } from '../../src/server/runtime';
import { Client, insertUser, OWNER, signIn, testDb } from '../helpers/harness';
import { countingDb } from '../helpers/roundTrips';

/**
 * What a request costs the database (docs/decisions/019-fast-path.md): a signed-in read of one person is
 * at most 2 round trips (the caller, then the person), a page of the People list at most 3 (the caller, the
 * total, the page), whoever the caller is — an Owner, a manager who sees their reports, an API token.
 */
const LIST = '/api/v1/users?status=confirmed,invite_pending&sort=name&limit=50';

describe('round trips per request', () => {
  let rt: Runtime;
  let counts: ReturnType<typeof countingDb>['counts'];
  let owner: Client;
  let manager: Client;
  let bot: Client;
  let reportId: string;
  let outsiderId: string;

  beforeAll(async () => {
    const counting = countingDb(await testDb());
    counts = counting.counts;
    const config = loadConfig({ ROSTER_JOB_INTERVAL: '0', PUBLIC_URL: 'http://roster.test', LOG_LEVEL: 'silent' });
    rt = await startRuntime(config, { logger: false, db: counting.db });
    await insertUser(rt.db, { email: OWNER.email, password: OWNER.password, role: 'owner' });
    const boss = await insertUser(rt.db, { email: 'boss@example.com' });
    reportId = (await insertUser(rt.db, { managerId: boss.id })).id;
    outsiderId = (await insertUser(rt.db)).id;
    for (let i = 0; i < 60; i++) await insertUser(rt.db, { managerId: i % 2 ? boss.id : undefined });
    owner = new Client(rt);
    await signIn(owner, OWNER.email, OWNER.password);
    manager = new Client(rt);
    await signIn(manager, 'boss@example.com', 'password-1234');
    const token = await owner.post('/api/v1/tokens', { name: 'round trips', scopes: ['api'] });
    expect(token.status).toBe(201);
    bot = new Client(rt);
    bot.bearer = token.body.token;
    // Managers may edit their reports: a setting read on the manager's path, from the process's copy.
    expect((await owner.patch('/api/v1/settings', { managersMayEditReports: true })).status).toBe(200);
  });
  afterAll(async () => rt?.stop());

  /** The round trips of one request, after one unmeasured request (sessions and tokens note their use once a minute). */
  async function cost(client: Client, url: string, status = 200) {
    expect((await client.get(url)).status).toBe(status);
    const before = counts.roundTrips;
    const textsBefore = counts.texts.length;
    const res = await client.get(url);
    expect(res.status).toBe(status);
    return { roundTrips: counts.roundTrips - before, texts: counts.texts.slice(textsBefore), body: res.body };
  }

  it('a signed-in read of one person takes at most 2 round trips', async () => {
    const asOwner = await cost(owner, `/api/v1/users/${reportId}`);
    expect(asOwner.roundTrips, asOwner.texts.join('\n---\n')).toBeLessThanOrEqual(2);
    const asManager = await cost(manager, `/api/v1/users/${reportId}`);
    expect(asManager.roundTrips, asManager.texts.join('\n---\n')).toBeLessThanOrEqual(2);
    expect(asManager.body.allowedActions).toContain('edit'); // the setting did apply
    const outOfScope = await cost(manager, `/api/v1/users/${outsiderId}`, 404);
    expect(outOfScope.roundTrips).toBeLessThanOrEqual(2);
    const asToken = await cost(bot, `/api/v1/users/${reportId}`);
    expect(asToken.roundTrips, asToken.texts.join('\n---\n')).toBeLessThanOrEqual(2);
  });

  it('a page of the People list takes at most 3 round trips', async () => {
    const asOwner = await cost(owner, LIST);
    expect(asOwner.body.items).toHaveLength(50);
    expect(asOwner.roundTrips, asOwner.texts.join('\n---\n')).toBeLessThanOrEqual(3);
    const asManager = await cost(manager, LIST);
    expect(asManager.body.total).toBe(32); // themselves, the first report and 30 more
    expect(asManager.roundTrips, asManager.texts.join('\n---\n')).toBeLessThanOrEqual(3);
    const next = await cost(owner, `${LIST}&cursor=${encodeURIComponent(asOwner.body.nextCursor)}`);
    expect(next.roundTrips).toBeLessThanOrEqual(3);
  });

  it('a page of the People list is 2 round trips: the caller, then the page with its total (decision 028)', async () => {
    const asOwner = await cost(owner, LIST);
    expect(asOwner.body.items).toHaveLength(50);
    expect(asOwner.roundTrips, asOwner.texts.join('\n---\n')).toBe(2);
    const asManager = await cost(manager, LIST);
    expect(asManager.body.total).toBe(32);
    expect(asManager.roundTrips, asManager.texts.join('\n---\n')).toBe(2);
    const asToken = await cost(bot, LIST);
    expect(asToken.roundTrips, asToken.texts.join('\n---\n')).toBe(2);
  });

  it('a settings change made outside this process is seen by the next request', async () => {
    // Another process (or psql) writes the table: the version stamp moves and the copy is read again.
    await rt.db.query(`update settings set value = 'false' where key = 'managersMayEditReports'`);
    const res = await manager.get(`/api/v1/users/${reportId}`);
    expect(res.status).toBe(200);
    expect(res.body.allowedActions).not.toContain('edit');
  });
});
