/**
 * Export benchmark: GET /api/v1/users/export of 100,000 people (11 columns, 2 of them custom fields) as CSV
 * and as XLSX, on PostgreSQL. Prints one JSON object per format on stdout (notes on stderr): seconds,
 * rows/s, bytes, time to first byte, and the peak RSS of the server process during that download.
 *
 * The server runs in a child process of its own, started from source (node --expose-gc with
 * tsx), so its peak RSS is that of a process that streams an export, not of this one (which downloads).
 *
 *   BENCH_EXPORT_ROWS (100000)   BENCH_DATABASE_URL / DATABASE_URL: the PostgreSQL server (default
 *   postgres://postgres@127.0.0.1:5432/postgres); a fresh database roster_bench_export_<random> is created
 *   there and dropped at the end.
 *
 * Targets: CSV ≤ 15 s, XLSX ≤ 30 s, the server's RSS growth during a download ≤ 150 MB whatever the number
 * of rows (RSS does not shrink after the CSV download, so the XLSX one starts from where it ended).
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connect } from '../src/server/db/index';
import { migrate } from '../src/server/db/migrate';
import { withBenchDatabase } from './measure';
import { listenWithOwner, startBenchRuntime } from './server';

const env = process.env;
const ROWS = Number(env.BENCH_EXPORT_ROWS) || 100_000;
const COLUMNS = 'firstName,lastName,email,status,role,jobTitle,department,createdAt,lastSignInAt,cf.badge,cf.level';
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const note = (line: string) => process.stderr.write(`[bench:export] ${line}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function seed(url: string) {
  const db = await connect({ databaseUrl: url, poolSize: 2 });
  try {
    await migrate(db);
    await db.query(
      `insert into custom_fields (key, label, type, is_unique) values ('badge', 'Badge', 'text', true), ('level', 'Level', 'number', false)`,
    );
    await db.query(
      `insert into users (id, email, email_normalized, first_name, last_name, status, job_title, department, custom_fields, last_sign_in_at)
       select 'p' || i, 'person' || i || '@example.com', 'person' || i || '@example.com', 'First' || i, 'Last' || i,
              case when i % 3 = 0 then 'not_invited' else 'confirmed' end, 'Title ' || (i % 50), 'Dept ' || (i % 12),
              jsonb_build_object('badge', 'BADGE-' || i, 'level', i % 5), case when i % 2 = 0 then now() - i * interval '1 minute' end
         from generate_series(1, $1::int) as i`,
      [ROWS],
    );
    await db.query('vacuum analyze users');
  } finally {
    await db.close();
  }
}

/** In the child process: the server, its RSS sampled every 20 ms; "reset" and "report" on stdin. */
async function serveInThisProcess(url: string) {
  const db = await connect({ databaseUrl: url, poolSize: 10 });
  const rt = await startBenchRuntime(db);
  const { base, session } = await listenWithOwner(rt, db);
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  setInterval(sample, 20).unref();
  (globalThis as { gc?: () => void }).gc?.();
  process.stdout.write(`${JSON.stringify({ base, cookie: session.headers.cookie, rss: process.memoryUsage().rss })}\n`);
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line === 'reset') {
      (globalThis as { gc?: () => void }).gc?.();
      peak = process.memoryUsage().rss;
      process.stdout.write(`${JSON.stringify({ rss: peak })}\n`);
    } else if (line === 'report') {
      sample();
      // What the download left behind once garbage is collected: RSS growth alone includes garbage V8 had not collected yet.
      (globalThis as { gc?: () => void }).gc?.();
      process.stdout.write(`${JSON.stringify({ peak, heapAfterGc: process.memoryUsage().heapUsed })}\n`);
    }
  }
  await rt.stop();
}

/** Downloads the export, reading it as it comes: seconds, time to first byte, bytes and lines. */
async function download(base: string, cookie: string, format: 'csv' | 'xlsx') {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/users/export?format=${format}&sort=name&columns=${COLUMNS}`, {
    headers: { cookie },
  });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let firstByteMs = 0;
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    firstByteMs ||= performance.now() - t0;
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  return { ms: performance.now() - t0, firstByteMs, bytes, lines };
}

async function benchPostgres() {
  const ran = await withBenchDatabase(
    'roster_bench_export',
    async (url) => {
      const s0 = performance.now();
      await seed(url);
      note(`seeded ${ROWS} people in ${Math.round(performance.now() - s0)} ms`);
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url)], {
        env: { ...env, BENCH_EXPORT_SERVER: url },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const replies = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const next = async () => JSON.parse((await replies.next()).value as string);
      const ask = async (line: string) => {
        child.stdin.write(`${line}\n`);
        return next();
      };
      try {
        const { base, cookie, rss } = await next();
        note(`server up, RSS ${mb(rss)} MB`);
        for (const format of ['csv', 'xlsx'] as const) {
          const before = (await ask('reset')).rss as number;
          const d = await download(base, cookie, format);
          const { peak, heapAfterGc } = await ask('report');
          // The seeded people and the bench's Owner, plus the header row.
          if (format === 'csv' && d.lines !== ROWS + 2)
            throw new Error(`expected ${ROWS + 2} CSV lines, got ${d.lines}`);
          emit({
            bench: 'export',
            db: 'postgres',
            format,
            rows: ROWS + 1,
            seconds: +(d.ms / 1000).toFixed(2),
            rows_per_s: Math.round((ROWS + 1) / (d.ms / 1000)),
            first_byte_ms: Math.round(d.firstByteMs),
            mb: +(d.bytes / 1024 / 1024).toFixed(1),
            server_rss_before_mb: mb(before),
            server_peak_rss_mb: mb(peak),
            server_rss_growth_mb: mb(peak - before),
            server_heap_after_gc_mb: mb(heapAfterGc),
            targets: 'csv seconds <= 15, xlsx seconds <= 30, server_rss_growth_mb <= 150',
          });
        }
      } finally {
        child.stdin.end();
        await new Promise((r) => child.once('exit', r));
      }
    },
    { note },
  );
  if ('skipped' in ran) emit({ bench: 'skipped', db: 'postgres', reason: ran.skipped });
}

try {
  if (env.BENCH_EXPORT_SERVER) await serveInThisProcess(env.BENCH_EXPORT_SERVER);
  else await benchPostgres();
} catch (err) {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
