/**
 * Import benchmark: 100,000 new users (8 columns + 2 custom fields) through the CSV import engine,
 * on PGlite and on PostgreSQL. Prints one JSON object per line on stdout (notes on stderr):
 * preview time, commit time, peak RSS, the time of a raw COPY of the same rows into the same
 * users table, and import_vs_copy = commit rows/s ÷ COPY rows/s.
 *
 *   BENCH_DB=pglite|postgres|both (both)   BENCH_IMPORT_ROWS (100000)
 *   BENCH_DATABASE_URL / DATABASE_URL: the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 *   a fresh database roster_bench_import_<random> is created there and dropped at the end.
 *
 * Targets on PostgreSQL: preview ≤ 10 s, commit ≤ 20 s, peak RSS ≤ 400 MB, import_vs_copy ≥ 0.2.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { connect, type Db, type Sql } from '../src/server/db/index';
import { migrate } from '../src/server/db/migrate';
import type { Actor } from '../src/server/http/actor';
import { importsIdle, kickImports } from '../src/server/modules/imports/runner';
import { findImport } from '../src/server/modules/imports/repo';
import { commitImport, createImport, uploadFieldsSchema } from '../src/server/modules/imports/service';

const env = process.env;
const ROWS = Number(env.BENCH_IMPORT_ROWS) || 100_000;
const WHICH = env.BENCH_DB ?? 'both';
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const note = (line: string) => process.stderr.write(`[bench:import] ${line}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const COLUMNS = ['email', 'firstName', 'lastName', 'employeeId', 'jobTitle', 'department', 'location', 'phone', 'cf.badge', 'cf.level'];

function row(i: number): string[] {
  return [`person${i}@example.com`, `First${i}`, `Last${i}`, `E${100000 + i}`, `Title ${i % 50}`, `Dept ${i % 12}`, `City ${i % 30}`, `+33 1 23 45 ${String(i % 10000).padStart(4, '0')}`, `BADGE-${i}`, String(i % 5)];
}

function importCsv(): string {
  const lines = [COLUMNS.join(',')];
  for (let i = 0; i < ROWS; i++) lines.push(row(i).join(','));
  return lines.join('\n') + '\n';
}

/** The same rows as users columns, for COPY (what the import writes for them). */
function copyCsv(): string {
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const [email, first, last, eid, title, dept, city, phone, badge, level] = row(i) as string[];
    const cf = JSON.stringify({ badge, level: Number(level) }).replace(/"/g, '""');
    lines.push([randomUUID(), email, email, first, last, eid, title, dept, city, `"${phone}"`, `"${cf}"`, 'not_invited'].join(','));
  }
  return lines.join('\n') + '\n';
}
const COPY_SQL = `copy users (id, email, email_normalized, first_name, last_name, employee_id, job_title, department, location, phone, custom_fields, status)`;

async function seed(db: Db): Promise<Actor> {
  await migrate(db);
  const id = randomUUID();
  await db.query(`insert into users (id, email, email_normalized, first_name, role, status) values ($1, 'owner@bench.test', 'owner@bench.test', 'Owner', 'owner', 'confirmed')`, [id]);
  await db.query(`insert into custom_fields (key, label, type, is_unique) values ('badge', 'Badge', 'text', true), ('level', 'Level', 'number', false)`);
  return { type: 'user', userId: id, role: 'owner', grants: [] };
}

/** Peak resident memory of this process while `work` runs (sampled every 20 ms). */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

async function waitDone(db: Db, id: string): Promise<void> {
  kickImports(db);
  await importsIdle(db);
  const imp = await findImport(db, id);
  if (!imp || !['previewed', 'completed'].includes(imp.state)) throw new Error(`import ended ${imp?.state}: ${JSON.stringify(imp?.error)}`);
}

async function run(kind: 'pglite' | 'postgres', db: Db, copy: (text: string) => Promise<number>) {
  const actor = await seed(db);
  const file = Buffer.from(importCsv());
  const copyMs = await copy(copyCsv());
  await db.query('vacuum analyze users');
  note(`${kind}: COPY of ${ROWS} rows took ${Math.round(copyMs)} ms (rolled back)`);
  const options = uploadFieldsSchema.parse({ mode: 'add' });
  const { result, peak } = await withPeakRss(async () => {
    let t0 = performance.now();
    const imp = await db.tx((tx) => createImport(tx, actor, 'bench.csv', file, options));
    await waitDone(db, imp.id);
    const previewMs = performance.now() - t0;
    note(`${kind}: preview ${Math.round(previewMs)} ms`);
    t0 = performance.now();
    await db.tx((tx) => commitImport(tx, actor, imp.id));
    await waitDone(db, imp.id);
    return { previewMs, commitMs: performance.now() - t0 };
  });
  const [{ n }] = (await db.query<{ n: number }>(`select count(*)::int as n from users where email like 'person%'`)) as [{ n: number }];
  if (n !== ROWS) throw new Error(`expected ${ROWS} imported users, found ${n}`);
  emit({
    bench: 'import',
    db: kind,
    rows: ROWS,
    preview_s: +(result.previewMs / 1000).toFixed(2),
    commit_s: +(result.commitMs / 1000).toFixed(2),
    commit_rows_per_s: Math.round(ROWS / (result.commitMs / 1000)),
    copy_s: +(copyMs / 1000).toFixed(3),
    copy_rows_per_s: Math.round(ROWS / (copyMs / 1000)),
    import_vs_copy: +(copyMs / result.commitMs).toFixed(3),
    peak_rss_mb: mb(peak),
    max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  });
}

/** A Db over a PGlite instance we keep a handle on, for COPY … FROM '/dev/blob'. */
function pgliteDb(raw: PGlite): Db {
  const parsers = { 20: (v: string) => Number(v), 1082: (v: string) => v };
  const wrap = (q: { query: PGlite['query'] }): Sql => ({ query: async (text, params) => (await q.query<any>(text, params as any[], { parsers })).rows });
  return { kind: 'pglite', ...wrap(raw), tx: (fn) => raw.transaction((t) => fn(wrap(t))), close: () => raw.close() };
}

class Rollback extends Error {}

async function benchPglite() {
  const raw = new PGlite(undefined, { parsers: { 20: (v: string) => Number(v), 1082: (v: string) => v } });
  await raw.waitReady;
  const db = pgliteDb(raw);
  try {
    await run('pglite', db, async (text) => {
      let ms = 0;
      await raw
        .transaction(async (tx) => {
          const t0 = performance.now();
          await tx.query(`${COPY_SQL} from '/dev/blob' with (format csv)`, [], { blob: new Blob([text]) });
          ms = performance.now() - t0;
          throw new Rollback();
        })
        .catch((err) => {
          if (!(err instanceof Rollback)) throw err;
        });
      return ms;
    });
  } finally {
    await importsIdle(db);
    await db.close();
  }
}

async function benchPostgres() {
  const serverUrl = env.BENCH_DATABASE_URL || env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    emit({ bench: 'skipped', db: 'postgres', reason: `unreachable: ${(err as Error).message}` });
    return;
  }
  const name = `roster_bench_import_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await connect({ databaseUrl: url.toString(), poolSize: 10 });
  try {
    await run('postgres', db, async (text) => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query('begin');
        const t0 = performance.now();
        await pipeline(Readable.from([text]), client.query(copyFrom(`${COPY_SQL} from stdin with (format csv)`)));
        const ms = performance.now() - t0;
        await client.query('rollback');
        return ms;
      } finally {
        await client.end();
      }
    });
  } finally {
    await importsIdle(db);
    await db.close();
    await new Promise((r) => setTimeout(r, 200));
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    note(`postgres: dropped ${name}`);
  }
}

try {
  if (WHICH === 'both' || WHICH === 'pglite') await benchPglite();
  if (WHICH === 'both' || WHICH === 'postgres') await benchPostgres();
} catch (err) {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
