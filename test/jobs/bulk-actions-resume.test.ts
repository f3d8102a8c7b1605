import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/server/core/actor';
import { runBulkActions } from '../../src/server/modules/bulkActions/runner';
import { startBulkAction } from '../../src/server/modules/bulkActions/service';
import { insertUser, testDb, type TestDb } from '../helpers/harness';

/**
 * The bulk-actions job survives being stopped between batches and a crashed holder (docs/api.md "Bulk
 * actions"): what was committed stays, the rest resumes, and nobody is changed twice. A batch that fails
 * half-way leaves nothing of itself behind.
 */
let db: TestDb;
let actor: Actor;
beforeAll(async () => {
  db = await testDb();
  const admin = await insertUser(db, { role: 'admin' });
  actor = { type: 'user', userId: admin.id, role: 'admin', grants: [] };
});
afterAll(() => db?.close());

async function people(tag: string, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push((await insertUser(db, { lastName: `${tag} ${i}` })).id);
  return out;
}

const row = async (id: string) =>
  (
    await db.query<{ status: string; done: number; lease_owner: string | null }>(
      `select status, done, lease_owner from bulk_actions where id = $1`,
      [id],
    )
  )[0]!;

it('resumes after a stop between batches and after its holder died, doing nobody twice', async () => {
  const tag = `Resume${randomUUID().slice(0, 6)}`;
  const ids = await people(tag, 23);
  const out = await startBulkAction(db, actor, { action: 'deactivate', filter: { q: tag } });
  const id = (out as { id: string }).id;

  // The runner stops after two batches of 5 (a shutdown): those 10 are done, the rest is waiting.
  const stop = new AbortController();
  let batches = 0;
  await runBulkActions(db, stop.signal, {
    batchSize: 5,
    afterBatch: () => {
      if (++batches === 2) stop.abort();
    },
  });
  expect(await row(id)).toMatchObject({ status: 'running', done: 10, lease_owner: null });
  const deactivated = async () =>
    (await db.query(`select 1 from users where id = any($1::text[]) and status = 'deactivated'`, [ids])).length;
  expect(await deactivated()).toBe(10);

  // Another server took it over and crashed: its lease is still running. On PostgreSQL nobody else takes it
  // until the lease expires (PGlite has one process, so any lease there belongs to a dead one).
  await db.query(`update bulk_actions set lease_owner = 'elsewhere|1|dead', lease_until = $2 where id = $1`, [
    id,
    new Date(Date.now() + 60_000),
  ]);
  if (db.kind === 'postgres') {
    await runBulkActions(db, new AbortController().signal, { batchSize: 5 });
    expect(await row(id)).toMatchObject({ status: 'running', done: 10 });
  }
  await db.query(`update bulk_actions set lease_until = $2 where id = $1`, [id, new Date(Date.now() - 1000)]);
  await runBulkActions(db, new AbortController().signal, { batchSize: 5 });
  expect(await row(id)).toMatchObject({ status: 'done', done: 23, lease_owner: null });
  expect(await deactivated()).toBe(23);
  const history = await db.query<{ n: number }>(
    `select count(*)::int as n from status_history where user_id = any($1::text[]) and event = 'deactivate' group by user_id`,
    [ids],
  );
  expect(history.map((h) => h.n)).toEqual(Array(23).fill(1));
  const audited = await db.query(`select 1 from audit_log where cause = $1 and action = 'user.status_changed'`, [
    `bulk_action:${id}`,
  ]);
  expect(audited).toHaveLength(23);
});

it('a batch that fails half-way is rolled back whole; the job says it failed and nothing is reported done twice', async () => {
  const tag = `Broken${randomUUID().slice(0, 6)}`;
  const ids = (await people(tag, 9)).sort();
  // The 8th person (in the job's order: by id) cannot be written: the database refuses mid-batch.
  await db.query(`create table bulk_test_block (id text primary key)`);
  await db.query(`insert into bulk_test_block values ($1)`, [ids[7]]);
  await db.query(`create function bulk_test_refuse() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from bulk_test_block b where b.id = new.id) then raise exception 'disk full'; end if;
      return new;
    end $$`);
  await db.query(
    `create trigger bulk_test_refuse before update on users for each row execute function bulk_test_refuse()`,
  );
  try {
    const out = await startBulkAction(db, actor, { action: 'deactivate', ids });
    const id = (out as { id: string }).id;
    const warn = process.emitWarning;
    process.emitWarning = () => {};
    try {
      await runBulkActions(db, new AbortController().signal, { batchSize: 5 });
    } finally {
      process.emitWarning = warn;
    }
    expect(await row(id)).toMatchObject({ status: 'failed', done: 5 });
    const states = await db.query<{ user_id: string; state: string }>(
      `select user_id, state from bulk_action_items where bulk_action_id = $1 order by seq`,
      [id],
    );
    expect(states.map((s) => s.state)).toEqual([...Array(5).fill('done'), ...Array(4).fill('pending')]);
    const statuses = await db.query<{ id: string; status: string }>(
      `select id, status from users where id = any($1::text[]) order by id`,
      [ids],
    );
    expect(statuses.map((s) => s.status)).toEqual([...Array(5).fill('deactivated'), ...Array(4).fill('confirmed')]);
  } finally {
    await db.query(`drop trigger bulk_test_refuse on users`);
    await db.query(`drop function bulk_test_refuse()`);
    await db.query(`drop table bulk_test_block`);
  }
});
