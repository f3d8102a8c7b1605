import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish, readEvents, subscribe, subscriberCount, type FeedItem } from '../../src/server/core/events';
import { EVENT_CATALOGUE } from '../../src/server/core/eventCatalogue';
import type { Db } from '../../src/server/db/index';
import { systemActor } from '../../src/server/core/actor';
import { createSession } from '../../src/server/modules/sessions/sessions';
import { lockUser, sendInvites, transition } from '../../src/server/modules/people/transitions';
import type { UserRow } from '../../src/server/modules/people/repo';
import { registerSubscriptions } from '../../src/server/subscriptions';
import { insertUser, testDb, type TestDb } from '../helpers/harness';

/** The outbox and its subscribers, below the API (docs/decisions/014-domain-events.md). */
let db: TestDb;
const actor = systemActor('test');
beforeAll(async () => {
  db = await testDb();
});
afterAll(() => db.close());

const eventsOf = async (subjectId: string) =>
  (await readEvents(db, { limit: 1000 })).filter((e) => e.subject.id === subjectId);
const count = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(sql, params))[0]!.n;

describe('in the publishing transaction', () => {
  it('a rolled-back change leaves no event, and its subscribers’ effects roll back with it', async () => {
    const u = await insertUser(db);
    await db.tx((tx) => createSession(tx, u.id));
    const failure = new Error('the change fails after publishing');
    await expect(
      db.tx(async (tx) => {
        await transition(tx, actor, (await lockUser(tx, u.id))!, 'deactivate');
        // Inside the transaction the event is there and the auth subscriber has ended the session.
        expect(
          (await tx.query(`select type from domain_events where subject_id = $1`, [u.id])).map((r) => r.type),
        ).toEqual(['user.status_changed']);
        expect((await tx.query(`select 1 from sessions where user_id = $1`, [u.id])).length).toBe(0);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await eventsOf(u.id)).toEqual([]);
    expect(await count(`select count(*)::int as n from sessions where user_id = $1`, [u.id])).toBe(1);
    expect((await db.query(`select status from users where id = $1`, [u.id]))[0]!.status).toBe('confirmed');

    // Committed, the same change keeps its event and its effect.
    await db.tx(async (tx) => transition(tx, actor, (await lockUser(tx, u.id))!, 'deactivate'));
    expect((await eventsOf(u.id)).map((e) => [e.type, e.data])).toEqual([
      ['user.status_changed', { from: 'confirmed', to: 'deactivated', cause: 'deactivate' }],
    ]);
    expect(await count(`select count(*)::int as n from sessions where user_id = $1`, [u.id])).toBe(0);
  });

  it('runs each subscriber exactly once per event, set-based publishing included', async () => {
    const users = await Promise.all([1, 2, 3].map(() => insertUser(db, { status: 'not_invited' })));
    const ids = users.map((u) => u.id);
    await db.tx(async (tx) => {
      const rows = await tx.query<UserRow>(`select * from users where id = any($1::text[]) order by id for update`, [
        ids,
      ]);
      await sendInvites(tx, actor, rows);
    });
    for (const id of ids) {
      expect((await eventsOf(id)).map((e) => e.data)).toEqual([
        { from: 'not_invited', to: 'invite_pending', cause: 'send_invite' },
      ]);
      // The invitations subscriber issued one link and queued one email per event.
      expect(await count(`select count(*)::int as n from invitations where user_id = $1`, [id])).toBe(1);
      expect(
        await count(`select count(*)::int as n from outbox where user_id = $1 and kind = 'invitation'`, [id]),
      ).toBe(1);
      expect(
        await count(`select count(*)::int as n from audit_log where target_id = $1 and action = 'invitation.sent'`, [
          id,
        ]),
      ).toBe(1);
    }
  });

  it('refuses a payload outside the catalogue, and writes nothing', async () => {
    const u = await insertUser(db);
    const bad = {
      type: 'user.updated',
      subjectId: u.id,
      data: { fields: ['email'], changes: {}, email: 'x@example.com' },
    } as never;
    await expect(db.tx((tx) => publish(tx, actor, bad))).rejects.toThrow();
    expect(await eventsOf(u.id)).toEqual([]);
  });
});

describe('the subscriber registry', () => {
  it('is filled once at start-up: registering again changes nothing, subscribing later is refused', () => {
    const before = Object.keys(EVENT_CATALOGUE).map((type) => subscriberCount(type as keyof typeof EVENT_CATALOGUE));
    expect(subscriberCount('user.status_changed')).toBe(4); // groups, auth, invitations, notifications
    registerSubscriptions();
    expect(Object.keys(EVENT_CATALOGUE).map((type) => subscriberCount(type as keyof typeof EVENT_CATALOGUE))).toEqual(
      before,
    );
    expect(() => subscribe('user.deleted', async () => {})).toThrow(/start-up/);
  });
});

describe('reading by cursor', () => {
  it('pages in id order, filters by type, and every id is one more than the last', async () => {
    const u = await insertUser(db);
    await db.tx(async (tx) => {
      await publish(tx, actor, { type: 'user.deleted', subjectId: u.id, data: {} });
      await publish(tx, actor, { type: 'user.restored', subjectId: u.id, data: {} });
    });
    const all = await readAll(db);
    expect(all.map((e) => e.id)).toEqual(all.map((_, k) => all[0]!.id + k));
    const restored = await readEvents(db, { types: ['user.restored'], limit: 1000 });
    expect(restored.every((e) => e.type === 'user.restored')).toBe(true);
    expect(restored.at(-1)).toMatchObject({
      subject: { type: 'user', id: u.id },
      actor: { type: 'system', id: null, cause: 'test' },
      data: {},
    });
  });

  it('sees every event exactly once while several writers publish at the same time', async () => {
    const second = await db.reopen();
    const u = await insertUser(db);
    const start = (await readEvents(db, { after: 0, limit: 100_000 })).at(-1)?.id ?? 0;
    const seen: number[] = [];
    let cursor = start;
    let writing = true;
    const reader = (async () => {
      for (;;) {
        const done = !writing;
        const page = await readEvents(second, { after: cursor, limit: 7 });
        for (const e of page) {
          seen.push(e.id);
          cursor = e.id;
        }
        // After the writers finished, read on until a page comes back empty.
        if (done && !page.length) return;
        if (!page.length) await new Promise((r) => setImmediate(r));
      }
    })();
    const writer = (conn: Db) =>
      (async () => {
        for (let i = 0; i < 20; i++)
          await conn.tx(async (tx) => {
            await publish(tx, actor, {
              type: 'user.updated',
              subjectId: u.id,
              data: { fields: ['jobTitle'], changes: {} },
            });
            await publish(tx, actor, {
              type: 'user.updated',
              subjectId: u.id,
              data: { fields: ['department'], changes: {} },
            });
          });
      })();
    await Promise.all([writer(db), writer(second), writer(db), writer(second)]);
    writing = false;
    await reader;
    await second.close();
    expect(seen.length).toBe(160);
    expect(seen).toEqual(seen.map((_, k) => start + 1 + k));
  });
});

describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('PostgreSQL: two writers committing out of order', () => {
  it('a reader following the cursor skips nothing: the later writer waits for the earlier one to commit', async () => {
    const other = await db.reopen();
    const u = await insertUser(db);
    const cursor = (await readEvents(db, { limit: 100_000 })).at(-1)?.id ?? 0;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let published!: () => void;
    const firstPublished = new Promise<void>((r) => (published = r));
    // A takes the smaller id and holds its transaction open; B publishes next and would commit first.
    const a = db.tx(async (tx) => {
      await publish(tx, actor, { type: 'user.deleted', subjectId: u.id, data: {} });
      published();
      await released;
    });
    await firstPublished;
    let bDone = false;
    const b = other
      .tx((tx) => publish(tx, actor, { type: 'user.restored', subjectId: u.id, data: {} }))
      .then(() => (bDone = true));
    // Until A commits, B waits on the counter row (seen in pg_stat_activity), so nothing is visible yet.
    while (!bDone && !(await waitingOnCounter(db))) await new Promise((r) => setTimeout(r, 10));
    expect(bDone).toBe(false);
    const early = await readEvents(db, { after: cursor });
    expect(early).toEqual([]);
    release();
    await Promise.all([a, b]);
    const late = await readEvents(db, { after: cursor });
    expect(late.map((e) => [e.id, e.type])).toEqual([
      [cursor + 1, 'user.deleted'],
      [cursor + 2, 'user.restored'],
    ]);
    await other.close();
  });
});

/** Whether a backend of this database waits for a lock while incrementing the event counter. */
async function waitingOnCounter(sql: Db): Promise<boolean> {
  const rows = await sql.query(
    `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%event_counters%' and pid <> pg_backend_pid()`,
  );
  return rows.length > 0;
}

async function readAll(sql: Db): Promise<FeedItem[]> {
  const out: FeedItem[] = [];
  for (
    let page = await readEvents(sql, { limit: 50 });
    page.length;
    page = await readEvents(sql, { after: page.at(-1)!.id, limit: 50 })
  )
    out.push(...page);
  return out;
}
