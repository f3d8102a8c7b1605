import { describe, expect, it } from 'vitest';
import { publish } from '../../src/server/core/events';
import { EVENT_TYPES } from '../../src/server/core/eventCatalogue';
import { systemActor } from '../../src/server/core/actor';
import { EVENT_TYPE_NAMES } from '../../src/common/contract/integrations';
import { insertUser, type Client } from '../helpers/harness';
import { createUser, expectError, signedIn } from '../helpers/api';
import { useApp } from '../helpers/useApp';

/** The event feed, GET /api/v1/events (docs/decisions/018-event-feed-and-webhooks.md). */
const { t, owner } = useApp();
const actor = systemActor('test');

/** Follows the feed from `after` to its end, page by page; returns the items and the last cursor. */
async function follow(client: Client, after: string, query = '') {
  const items: any[] = [];
  let cursor = after;
  for (;;) {
    const res = await client.get(`/api/v1/events?after=${cursor}&limit=7${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    if (res.body.nextCursor === cursor) return { items, cursor };
    cursor = res.body.nextCursor;
  }
}

const head = async () => (await owner.get('/api/v1/events?limit=1000&types=user.deleted')).body.nextCursor as string;

it('the contract names every type of the catalogue', () => {
  expect([...EVENT_TYPE_NAMES].sort()).toEqual([...EVENT_TYPES].sort());
});

it('serves events in cursor order, page by page, through the public projection', async () => {
  const start = await head();
  const u = await createUser(owner, { firstName: 'Fern', jobTitle: 'Clerk' });
  expect((await owner.patch(`/api/v1/users/${u.id}`, { firstName: 'Fiona', role: 'hr' })).status).toBe(200);
  expect((await owner.post(`/api/v1/users/${u.id}/notes`, { body: 'A private note about Fiona' })).status).toBe(201);
  const { items } = await follow(owner, start);
  const mine = items.filter((e) => e.subject.id === u.id);
  expect(mine.map((e) => e.type)).toEqual(['user.created', 'user.updated']);
  expect(items.map((e) => Number(e.id))).toEqual(items.map((e) => Number(e.id)).sort((a, b) => a - b));
  expect(mine[0]).toMatchObject({
    type: 'user.created',
    subject: { type: 'user', id: u.id },
    actor: { type: 'user', cause: null },
    data: { status: 'not_invited', role: 'learner' },
  });
  expect(new Date(mine[0].occurredAt).toISOString()).toBe(mine[0].occurredAt);
  // Changed fields are named; only the allow-listed ones carry values. Names and notes never appear.
  expect(mine[1].data).toEqual({
    fields: expect.arrayContaining(['firstName', 'role']),
    changes: { role: { from: 'learner', to: 'hr' } },
  });
  const text = JSON.stringify(items);
  expect(text).not.toContain('Fiona');
  expect(text).not.toContain('Fern');
  expect(text).not.toContain('private note');
});

it('filters by type, and a short filtered page still moves the cursor on', async () => {
  const start = await head();
  const a = await createUser(owner);
  await createUser(owner);
  expect((await owner.delete(`/api/v1/users/${a.id}`)).status).toBe(204);
  const res = await owner.get(`/api/v1/events?after=${start}&types=user.deleted,user.restored`);
  expect(res.body.items.map((e: any) => [e.type, e.subject.id])).toEqual([['user.deleted', a.id]]);
  // Every event up to the newest was considered: asking again returns nothing and keeps the cursor.
  const again = await owner.get(`/api/v1/events?after=${res.body.nextCursor}&types=user.deleted,user.restored`);
  expect(again.body).toEqual({ items: [], nextCursor: res.body.nextCursor });
  const all = await owner.get(`/api/v1/events?after=${start}`);
  expect(Number(res.body.nextCursor)).toBe(Number(all.body.items.at(-1).id));
});

it('bounds the limit and refuses unknown types and bad cursors', async () => {
  expectError(await owner.get('/api/v1/events?limit=0'), 400, 'validation_failed');
  expectError(await owner.get('/api/v1/events?limit=1001'), 400, 'validation_failed');
  expectError(await owner.get('/api/v1/events?types=user.created,user.exploded'), 400, 'validation_failed');
  expectError(await owner.get('/api/v1/events?after=-1'), 400, 'validation_failed');
  expectError(await owner.get('/api/v1/events?after=abc'), 400, 'validation_failed');
  const start = await head();
  for (let k = 0; k < 3; k++) await createUser(owner);
  const page = await owner.get(`/api/v1/events?after=${start}&limit=2`);
  expect(page.body.items).toHaveLength(2);
  expect(page.body.nextCursor).toBe(page.body.items[1].id);
});

it('is for Owners, Admins and events tokens only', async () => {
  const admin = await signedIn(t, 'admin');
  expect((await admin.client.get('/api/v1/events')).status).toBe(200);
  for (const role of ['hr', 'reporter', 'learner'] as const)
    expectError(await (await signedIn(t, role)).client.get('/api/v1/events'), 403, 'forbidden');
  const token = async (scope: string) => {
    const res = await owner.post('/api/v1/tokens', { name: `feed ${scope}`, scopes: [scope] });
    const c = t.anon();
    c.bearer = res.body.token;
    return c;
  };
  expect((await (await token('events')).get('/api/v1/events')).status).toBe(200);
  expectError(await (await token('api')).get('/api/v1/events'), 403, 'forbidden');
  expectError(await (await token('learning')).get('/api/v1/events'), 403, 'forbidden');
  // An events token reaches nothing else.
  expectError(await (await token('events')).get('/api/v1/users'), 403, 'forbidden');
});

it('the retention setting defaults to 90 days and the prune job applies it', async () => {
  expect((await owner.get('/api/v1/settings')).body.eventRetentionDays).toBe(90);
  expectError(await owner.patch('/api/v1/settings', { eventRetentionDays: 0 }), 400, 'validation_failed');
  const u = await insertUser(t.db);
  const ids = await t.db.tx(async (tx) => [
    (await publish(tx, actor, { type: 'user.deleted', subjectId: u.id, data: {} })).id,
    (await publish(tx, actor, { type: 'user.restored', subjectId: u.id, data: {} })).id,
    (await publish(tx, actor, { type: 'user.anonymised', subjectId: u.id, data: {} })).id,
  ]);
  const day = 86_400_000;
  await t.db.query(`update domain_events set occurred_at = $2 where id = $1`, [
    ids[0],
    new Date(Date.now() - 100 * day),
  ]);
  await t.db.query(`update domain_events set occurred_at = $2 where id = $1`, [
    ids[1],
    new Date(Date.now() - 20 * day),
  ]);
  const kept = async () =>
    (
      await t.db.query<{ id: number }>(`select id from domain_events where id = any($1::bigint[]) order by id`, [ids])
    ).map((r) => Number(r.id));
  await runJob('prune-events');
  expect(await kept()).toEqual([ids[1], ids[2]]);
  expect((await owner.patch('/api/v1/settings', { eventRetentionDays: 10 })).body.eventRetentionDays).toBe(10);
  await runJob('prune-events');
  expect(await kept()).toEqual([ids[2]]);
  await owner.patch('/api/v1/settings', { eventRetentionDays: 90 });
});

async function runJob(name: string) {
  expect(await t.jobs.trigger(name)).toBe(true);
  await t.jobs.idle(name);
}

describe('concurrent writers', () => {
  it('a reader following the cursor while many transactions publish sees every event exactly once, in order', async () => {
    const start = await head();
    const u = await insertUser(t.db);
    const seen: string[] = [];
    let writing = true;
    const reader = (async () => {
      let cursor = start;
      while (writing || seen.length < 60) {
        const res = await owner.get(`/api/v1/events?after=${cursor}&limit=5&types=user.restored`);
        seen.push(...res.body.items.map((e: any) => e.id));
        cursor = res.body.nextCursor;
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    await Promise.all(
      Array.from({ length: 12 }, async (_, w) => {
        for (let k = 0; k < 5; k++)
          await t.db.tx(async (tx) => {
            await publish(tx, actor, { type: 'user.restored', subjectId: u.id, data: {} });
            await new Promise((r) => setTimeout(r, (w * 7 + k * 3) % 11));
          });
      }),
    );
    writing = false;
    await reader;
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(seen.map(Number)).toEqual(seen.map(Number).sort((a, b) => a - b));
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'PostgreSQL: two connections committing out of order — the reader skips nothing and repeats nothing',
    async () => {
      const start = await head();
      const u = await insertUser(t.db);
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let published!: () => void;
      const firstPublished = new Promise<void>((r) => (published = r));
      // A draws the smaller id and holds its transaction open; B, on another connection, publishes after it.
      const a = t.db.tx(async (tx) => {
        await publish(tx, actor, { type: 'user.deleted', subjectId: u.id, data: {} });
        published();
        await released;
      });
      await firstPublished;
      const b = t.db.tx((tx) => publish(tx, actor, { type: 'user.restored', subjectId: u.id, data: {} }));
      const seen: any[] = [];
      let cursor = start;
      const poll = async () => {
        const res = await owner.get(`/api/v1/events?after=${cursor}&types=user.deleted,user.restored`);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      };
      // While A is open nothing is visible, and the cursor does not move past A's id.
      while (!(await waitingOnCounter())) await new Promise((r) => setTimeout(r, 10));
      for (let k = 0; k < 5; k++) await poll();
      expect(seen).toEqual([]);
      expect(cursor).toBe(start);
      release();
      await Promise.all([a, b]);
      for (let k = 0; k < 3; k++) await poll();
      expect(seen.map((e) => e.type)).toEqual(['user.deleted', 'user.restored']);
      expect(Number(seen[1].id)).toBe(Number(seen[0].id) + 1);
    },
  );
});

async function waitingOnCounter(): Promise<boolean> {
  const rows = await t.db.query(
    `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%event_counters%' and pid <> pg_backend_pid()`,
  );
  return rows.length > 0;
}
