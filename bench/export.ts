/**
 * Export benchmark: GET /api/v1/users/export of 100,000 people (11 columns, 2 of them custom fields) as CSV
 * and as XLSX, on PostgreSQL. Prints one JSON object per format on stdout (notes on stderr): seconds,
 * rows/s, bytes, time to first byte, and the RSS of the server process before, at its peak during that download
 * and a second after it.
 *
 * The server is Roster as `npm start` runs it: `roster serve` in a process of its own, from the server build
 * (`scripts/build.mjs server`, built first when older than the sources). Its RSS is read from /proc every 20 ms by
 * this process, which downloads. (Until 2026-12-04 the bench served from source through tsx inside a bench runtime:
 * ~270 MB before any download, ~90 MB of it the TypeScript loader and the bench's own code.)
 *
 *   BENCH_EXPORT_ROWS (100000)   BENCH_DATABASE_URL / DATABASE_URL: the PostgreSQL server (default
 *   postgres://postgres@127.0.0.1:5432/postgres); a fresh database roster_bench_export_<random> is created
 *   there and dropped at the end.
 *
 * Targets: CSV ≤ 15 s, XLSX ≤ 30 s, the server's peak RSS ≤ 300 MB (issue "People operations at scale"), and its
 * growth during a download ≤ 150 MB whatever the number of rows.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createOwner } from '../src/server/bootstrap';
import { connect } from '../src/server/db/index';
import { migrate } from '../src/server/db/migrate';
import { registerModules } from '../src/server/registerModules';
import { withBenchDatabase } from './measure';
import { signIn } from './server';
import { serveRoster, stop } from './served';

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

/** A process's resident set size, from /proc (Linux). */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return kb ? Number(kb[1]) * 1024 : 0;
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
      // The server build `npm start` runs, brought up to date as `npm start` does.
      execFileSync(
        process.execPath,
        [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), 'server', '--if-stale'],
        {
          stdio: 'inherit',
        },
      );
      // The Owner is created here, before the server starts, through the one writer of people (it publishes events).
      registerModules();
      const password = randomBytes(12).toString('hex');
      const owner = await connect({ databaseUrl: url, poolSize: 1 });
      await createOwner(owner, { email: 'bench-owner@example.com', password, firstName: 'Bench', lastName: 'Owner' });
      await owner.close();
      const served = await serveRoster(url, 1);
      const pid = served.child.pid!;
      try {
        const { session } = await signIn(served.base, 'bench-owner@example.com', password);
        const cookie = session.headers.cookie!;
        note(`server up, RSS ${mb(rssOf(pid))} MB`);
        for (const format of ['csv', 'xlsx'] as const) {
          const before = rssOf(pid);
          let peak = before;
          const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
          const d = await download(served.base, cookie, format);
          clearInterval(sampler);
          peak = Math.max(peak, rssOf(pid));
          await new Promise((r) => setTimeout(r, 1000));
          const after = rssOf(pid);
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
            server_rss_after_mb: mb(after),
            peak_rss_met: peak <= 300 * 1024 * 1024,
            targets: 'csv seconds <= 15, xlsx seconds <= 30, server_peak_rss_mb <= 300, server_rss_growth_mb <= 150',
          });
        }
      } finally {
        await stop(served.child);
      }
    },
    { note },
  );
  if ('skipped' in ran) emit({ bench: 'skipped', db: 'postgres', reason: ran.skipped });
}

try {
  await benchPostgres();
} catch (err) {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
