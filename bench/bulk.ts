/**
 * Bulk-action benchmark: deactivate everyone a People-list filter matches (BENCH_BULK_ROWS, default 50,000
 * people) as a bulk action, then undo it, on PostgreSQL. Prints one JSON object on stdout (notes on stderr):
 * seconds for the dry run, the run (the `bulk-actions` job in batches, every person through the same use case
 * as a single deactivation: status, history, audit, event, group refresh) and the undo.
 *
 *   BENCH_BULK_ROWS (50000)   BENCH_DATABASE_URL / DATABASE_URL: the PostgreSQL server; a fresh database
 *   roster_bench_bulk_<random> is created there and dropped at the end.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../src/server/core/actor';
import { connect, type Db } from '../src/server/db/index';
import { migrate } from '../src/server/db/migrate';
import { runBulkActions } from '../src/server/modules/bulkActions/runner';
import { requestUndo, startBulkAction } from '../src/server/modules/bulkActions/service';
import { registerSubscriptions } from '../src/server/subscriptions';
import { registerPersonalDataEntries } from '../src/server/personalData';
import { withBenchDatabase } from './measure';

const env = process.env;
const ROWS = Number(env.BENCH_BULK_ROWS) || 50_000;
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const note = (line: string) => process.stderr.write(`[bench:bulk] ${line}\n`);
const seconds = (start: number) => +((performance.now() - start) / 1000).toFixed(2);

async function seed(db: Db): Promise<Actor> {
  await migrate(db);
  const ownerId = randomUUID();
  await db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, role, status) values ($1, 'owner@example.com', 'owner@example.com', 'Bench', 'Owner', 'owner', 'confirmed')`,
    [ownerId],
  );
  await db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, status, department)
     select 'b' || i, 'bulk' || i || '@example.com', 'bulk' || i || '@example.com', 'First' || i, 'Last' || i, 'confirmed', 'Leaving'
       from generate_series(1, $1::int) as i`,
    [ROWS],
  );
  // Bystanders the filter must not match, and a group the deactivated leave.
  await db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, status, department)
     select 's' || i, 'stay' || i || '@example.com', 'stay' || i || '@example.com', 'Stay' || i, 'Last' || i, 'confirmed', 'Staying'
       from generate_series(1, $1::int) as i`,
    [Math.round(ROWS / 10)],
  );
  await db.query(`insert into custom_fields (key, label, type, filterable) values ('site', 'Site', 'text', true)`);
  await db.query(`update users set custom_fields = '{"site": "north"}' where department = 'Leaving'`);
  await db.query('analyze users');
  return { type: 'user', userId: ownerId, role: 'owner', grants: [] };
}

async function bench(db: Db, label: string) {
  const actor = await seed(db);
  note(`${label}: ${ROWS} people seeded`);
  const body = { action: 'deactivate' as const, filter: { 'cf.site': 'north', status: 'confirmed' } };
  let t = performance.now();
  const dry = await startBulkAction(db, actor, { ...body, dryRun: true });
  const drySeconds = seconds(t);
  if (!('dryRun' in dry) || dry.dryRun.change !== ROWS) throw new Error(`dry run: ${JSON.stringify(dry)}`);
  t = performance.now();
  const started = (await startBulkAction(db, actor, body)) as { id: string };
  await runBulkActions(db, new AbortController().signal);
  const runSeconds = seconds(t);
  const [row] = await db.query<{ status: string; done: number }>(
    `select status, done from bulk_actions where id = $1`,
    [started.id],
  );
  if (row?.status !== 'done' || row.done !== ROWS) throw new Error(`run: ${JSON.stringify(row)}`);
  t = performance.now();
  await requestUndo(db, actor, started.id);
  await runBulkActions(db, new AbortController().signal);
  const undoSeconds = seconds(t);
  const [u] = await db.query<{ status: string; undone: number }>(
    `select status, undone from bulk_actions where id = $1`,
    [started.id],
  );
  if (u?.status !== 'undone' || u.undone !== ROWS) throw new Error(`undo: ${JSON.stringify(u)}`);
  emit({
    bench: 'bulk-deactivate',
    db: label,
    people: ROWS,
    dry_run_seconds: drySeconds,
    run_seconds: runSeconds,
    run_people_per_s: Math.round(ROWS / runSeconds),
    undo_seconds: undoSeconds,
    undo_people_per_s: Math.round(ROWS / undoSeconds),
  });
}

async function main() {
  registerSubscriptions();
  registerPersonalDataEntries();
  const ran = await withBenchDatabase(
    'roster_bench_bulk',
    async (url) => {
      const db = await connect({ databaseUrl: url, poolSize: 4 });
      try {
        await bench(db, 'postgres');
      } finally {
        await db.close();
      }
    },
    { note },
  );
  if ('skipped' in ran) emit({ bench: 'skipped', db: 'postgres', reason: ran.skipped });
  if (env.BENCH_BULK_PGLITE === '1') {
    const db = await connect({});
    try {
      await bench(db, 'pglite');
    } finally {
      await db.close();
    }
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
