/**
 * Import benchmark: 100,000 new users (8 columns + 2 custom fields) through the CSV import engine,
 * on PGlite and on PostgreSQL. Prints one JSON object per line on stdout (notes on stderr):
 * preview time, commit time, peak RSS, the time of a raw COPY of the same rows into the same
 * users table, and import_vs_copy = commit rows/s ÷ COPY rows/s.
 *
 * The import runs in a child process of its own, started from source like the server
 * (node --expose-gc with tsx), so its peak RSS is that of a process that imports, not of this one
 * (which also holds the COPY data). The COPY is measured first, in this process, and rolled back.
 *
 *   BENCH_DB=pglite|postgres|both (both)   BENCH_IMPORT_ROWS (100000)   BENCH_PROFILE=1: time per statement
 *   BENCH_DATABASE_URL / DATABASE_URL: the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 *   a fresh database roster_bench_import_<random> is created there and dropped at the end.
 *
 * Targets on PostgreSQL: preview ≤ 10 s, commit ≤ 20 s, peak RSS ≤ 400 MB, import_vs_copy ≥ 0.2.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { connect, type ConnectOptions, type Db, type Sql } from '../src/server/db/index';
import { migrate } from '../src/server/db/migrate';
import type { Actor } from '../src/server/core/actor';
import { startImportsRunner } from '../src/server/jobs/catalog';
import { importsIdle, kickImports } from '../src/server/modules/imports/runner';
import { findImport } from '../src/server/modules/imports/repo';
import { commitImport, createImport, uploadFieldsSchema } from '../src/server/modules/imports/service';
import { withBenchDatabase } from './measure';
import { registerSubscriptions } from '../src/server/subscriptions';

const env = process.env;
const ROWS = Number(env.BENCH_IMPORT_ROWS) || 100_000;
const WHICH = env.BENCH_DB ?? 'both';
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const note = (line: string) => process.stderr.write(`[bench:import] ${line}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const COLUMNS = [
  'email',
  'firstName',
  'lastName',
  'employeeId',
  'jobTitle',
  'department',
  'location',
  'phone',
  'cf.badge',
  'cf.level',
];

function row(i: number): string[] {
  return [
    `person${i}@example.com`,
    `First${i}`,
    `Last${i}`,
    `E${100000 + i}`,
    `Title ${i % 50}`,
    `Dept ${i % 12}`,
    `City ${i % 30}`,
    `+33 1 23 45 ${String(i % 10000).padStart(4, '0')}`,
    `BADGE-${i}`,
    String(i % 5),
  ];
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
    lines.push(
      [randomUUID(), email, email, first, last, eid, title, dept, city, `"${phone}"`, `"${cf}"`, 'not_invited'].join(
        ',',
      ),
    );
  }
  return lines.join('\n') + '\n';
}
const COPY_SQL = `copy users (id, email, email_normalized, first_name, last_name, employee_id, job_title, department, location, phone, custom_fields, status)`;

async function seed(db: Db): Promise<void> {
  await migrate(db);
  await db.query(
    `insert into users (id, email, email_normalized, first_name, role, status) values ($1, 'owner@bench.test', 'owner@bench.test', 'Owner', 'owner', 'confirmed')`,
    [randomUUID()],
  );
  await db.query(
    `insert into custom_fields (key, label, type, is_unique) values ('badge', 'Badge', 'text', true), ('level', 'Level', 'number', false)`,
  );
}

/** Peak resident memory (and V8 heap in use) of this process while `work` runs, sampled every 20 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number; heap: number }> {
  let peak = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 20);
  try {
    const result = await work();
    sample();
    return { result, peak, heap };
  } finally {
    clearInterval(timer);
  }
}

async function waitDone(db: Db, id: string): Promise<void> {
  kickImports(db);
  await importsIdle(db);
  const imp = await findImport(db, id);
  if (!imp || !['previewed', 'completed'].includes(imp.state))
    throw new Error(`import ended ${imp?.state}: ${JSON.stringify(imp?.error)}`);
}

/**
 * BENCH_PROFILE=1: time spent per statement (its first words), printed after the commit, to see where an
 * import's time goes. Wraps the Db the engine is given; the engine itself is unchanged.
 */
function profiled(db: Db): { db: Db; report: () => void } {
  const spent = new Map<string, { ms: number; n: number }>();
  const timed = (sql: Sql): Sql => ({
    query: async (text, params) => {
      const t0 = performance.now();
      try {
        return await sql.query(text, params);
      } finally {
        const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
        const s = spent.get(key) ?? { ms: 0, n: 0 };
        s.ms += performance.now() - t0;
        s.n++;
        spent.set(key, s);
      }
    },
  });
  const wrapped: Db = {
    ...db,
    ...timed(db),
    kind: db.kind,
    tx: (fn) => db.tx((tx) => fn(timed(tx))),
    close: () => db.close(),
  };
  const report = () => {
    for (const [key, s] of [...spent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
      note(`${Math.round(s.ms).toString().padStart(7)} ms ${String(s.n).padStart(6)}× ${key}`);
    spent.clear();
  };
  return { db: wrapped, report };
}

/** In the child process: preview and commit the file, then print the figures as one JSON line. */
async function importInThisProcess(kind: 'pglite' | 'postgres', target: ConnectOptions) {
  registerSubscriptions(); // as a server process starts: the import publishes domain events
  const plain = await connect(target);
  const { db, report } = env.BENCH_PROFILE ? profiled(plain) : { db: plain, report: () => {} };
  const jobs = await startImportsRunner(db);
  try {
    const [owner] = await db.query<{ id: string }>(`select id from users where role = 'owner'`);
    const actor: Actor = { type: 'user', userId: owner!.id, role: 'owner', grants: [] };
    const options = uploadFieldsSchema.parse({ mode: 'add' });
    const startRss = process.memoryUsage().rss;
    let id = '';
    const preview = await withPeakRss(async () => {
      const t0 = performance.now();
      // The upload's bytes live only while the import is created, as in a server process.
      id = (await db.tx((tx) => createImport(tx, actor, 'bench.csv', Buffer.from(importCsv()), options))).id;
      await waitDone(db, id);
      return performance.now() - t0;
    });
    note(
      `${kind}: preview ${Math.round(preview.result)} ms, peak RSS ${mb(preview.peak)} MB, heap ${mb(preview.heap)} MB`,
    );
    report();
    const commit = await withPeakRss(async () => {
      const t0 = performance.now();
      await db.tx((tx) => commitImport(tx, actor, id));
      await waitDone(db, id);
      return performance.now() - t0;
    });
    note(`${kind}: commit ${Math.round(commit.result)} ms, peak RSS ${mb(commit.peak)} MB, heap ${mb(commit.heap)} MB`);
    report();
    const [{ n }] = (await db.query<{ n: number }>(
      `select count(*)::int as n from users where email like 'person%'`,
    )) as [{ n: number }];
    if (n !== ROWS) throw new Error(`expected ${ROWS} imported users, found ${n}`);
    process.stdout.write(
      `${JSON.stringify({
        previewMs: preview.result,
        commitMs: commit.result,
        rssBefore: startRss,
        previewPeak: preview.peak,
        commitPeak: commit.peak,
        maxRss: process.resourceUsage().maxRSS * 1024,
      })}\n`,
    );
  } finally {
    await jobs.stop();
    await plain.close();
  }
}

/** Runs the import in a fresh process started like the server (node --expose-gc, from source through tsx). */
function importInChild(kind: 'pglite' | 'postgres', target: ConnectOptions): Record<string, number> {
  const out = execFileSync(
    process.execPath,
    [
      ...(env.BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean),
      '--expose-gc',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
    ],
    {
      env: { ...env, BENCH_IMPORT_CHILD: JSON.stringify({ kind, target }) },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
      encoding: 'utf8',
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

function report(kind: 'pglite' | 'postgres', copyMs: number, r: Record<string, number>) {
  emit({
    bench: 'import',
    db: kind,
    rows: ROWS,
    preview_s: +(r.previewMs! / 1000).toFixed(2),
    commit_s: +(r.commitMs! / 1000).toFixed(2),
    commit_rows_per_s: Math.round(ROWS / (r.commitMs! / 1000)),
    copy_s: +(copyMs / 1000).toFixed(3),
    copy_rows_per_s: Math.round(ROWS / (copyMs / 1000)),
    import_vs_copy: +(copyMs / r.commitMs!).toFixed(3),
    peak_rss_mb: mb(Math.max(r.previewPeak!, r.commitPeak!)),
    rss_before_import_mb: mb(r.rssBefore!),
    preview_peak_rss_mb: mb(r.previewPeak!),
    commit_peak_rss_mb: mb(r.commitPeak!),
    process_max_rss_mb: mb(r.maxRss!),
    targets: 'postgres: preview_s <= 10, commit_s <= 20, peak_rss_mb <= 400, import_vs_copy >= 0.2',
  });
}

class Rollback extends Error {}

async function benchPglite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-import-'));
  try {
    const raw = new PGlite(path.join(dir, 'pgdata'), {
      parsers: { 20: (v: string) => Number(v), 1082: (v: string) => v },
    });
    await raw.waitReady;
    const parsers = { 20: (v: string) => Number(v), 1082: (v: string) => v };
    const wrap = (q: { query: PGlite['query'] }): Sql => ({
      query: async (text, params) => (await q.query<any>(text, params as any[], { parsers })).rows,
    });
    await seed({
      kind: 'pglite',
      ...wrap(raw),
      tx: (fn) => raw.transaction((t) => fn(wrap(t))),
      close: () => raw.close(),
    });
    let copyMs = 0;
    const text = copyCsv();
    await raw
      .transaction(async (tx) => {
        const t0 = performance.now();
        await tx.query(`${COPY_SQL} from '/dev/blob' with (format csv)`, [], { blob: new Blob([text]) });
        copyMs = performance.now() - t0;
        throw new Rollback();
      })
      .catch((err) => {
        if (!(err instanceof Rollback)) throw err;
      });
    await raw.query('vacuum analyze users');
    await raw.close();
    note(`pglite: COPY of ${ROWS} rows took ${Math.round(copyMs)} ms (rolled back)`);
    report('pglite', copyMs, importInChild('pglite', { dataDir: dir }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres() {
  const ran = await withBenchDatabase(
    'roster_bench_import',
    async (url) => {
      const db = await connect({ databaseUrl: url, poolSize: 2 });
      await seed(db);
      await db.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      let copyMs = 0;
      try {
        await client.query('begin');
        const t0 = performance.now();
        await pipeline(Readable.from([copyCsv()]), client.query(copyFrom(`${COPY_SQL} from stdin with (format csv)`)));
        copyMs = performance.now() - t0;
        await client.query('rollback');
        await client.query('vacuum analyze users');
      } finally {
        await client.end();
      }
      note(`postgres: COPY of ${ROWS} rows took ${Math.round(copyMs)} ms (rolled back)`);
      report('postgres', copyMs, importInChild('postgres', { databaseUrl: url, poolSize: 10 }));
    },
    { note },
  );
  if ('skipped' in ran) emit({ bench: 'skipped', db: 'postgres', reason: ran.skipped });
}

try {
  if (env.BENCH_IMPORT_CHILD) {
    const { kind, target } = JSON.parse(env.BENCH_IMPORT_CHILD);
    await importInThisProcess(kind, target);
  } else {
    if (WHICH === 'both' || WHICH === 'pglite') await benchPglite();
    if (WHICH === 'both' || WHICH === 'postgres') await benchPostgres();
  }
} catch (err) {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
