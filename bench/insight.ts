/**
 * Home and the reports at scale (docs/decisions/020-insight.md): GET /api/v1/reports/summary (Home's data) and each
 * report over HTTP with 100,000 people on PostgreSQL. Prints one JSON object per route on stdout (notes on stderr).
 *
 *   BENCH_INSIGHT_PEOPLE (100000)   BENCH_INSIGHT_REQUESTS (100)   BENCH_INSIGHT_WARMUP (10)
 *   BENCH_DATABASE_URL / DATABASE_URL: the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 *   a fresh database roster_bench_insight_<random> is created there and dropped at the end.
 *
 * The seeded people (bench/seed.ts) also get a last sign-in (most confirmed people within 200 days, a tenth never),
 * one invitation each when invited (accepted by the confirmed), a status change each over the last year, and 90
 * daily snapshots taken by the snapshot job's own function. Target: Home's data p95 ≤ 100 ms.
 */
import { connect } from '../src/server/db/index';
import { migrate } from '../src/server/db/migrate';
import { takeDailySnapshot } from '../src/server/modules/insight/snapshots';
import { sequential, withBenchDatabase } from './measure';
import { seedUsers } from './seed';
import { listenWithOwner, startBenchRuntime } from './server';

const env = process.env;
const int = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);
const PEOPLE = int(env.BENCH_INSIGHT_PEOPLE, 100_000);
const REQUESTS = int(env.BENCH_INSIGHT_REQUESTS, 100);
const WARMUP = int(env.BENCH_INSIGHT_WARMUP, 10);
const HOME_TARGET_P95_MS = 100;
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const note = (line: string) => process.stderr.write(`[bench:insight] ${line}\n`);

/** `requests`: fewer for a report that reads every person by nature (the radar). */
const ROUTES: { name: string; path: string; target?: number; requests?: number }[] = [
  { name: 'home (reports/summary)', path: '/api/v1/reports/summary', target: HOME_TARGET_P95_MS },
  { name: 'reports/inactive', path: '/api/v1/reports/inactive?days=90&limit=50' },
  { name: 'reports/pending-invitations', path: '/api/v1/reports/pending-invitations?limit=50' },
  { name: 'reports/movements', path: '/api/v1/reports/movements?months=12' },
  { name: 'reports/forecast', path: '/api/v1/reports/forecast?horizonDays=180' },
  { name: 'reports/data-quality', path: '/api/v1/reports/data-quality', requests: 10 },
  { name: 'reports/schedules', path: '/api/v1/reports/schedules' },
];

async function seed(url: string) {
  const db = await connect({ databaseUrl: url, poolSize: 2 });
  try {
    await migrate(db);
    await seedUsers(db, PEOPLE);
    await db.query(
      `update users set last_sign_in_at = case when abs(hashtext('s' || id)) % 10 = 0 then null
                                                else now() - (abs(hashtext('t' || id)) % (200 * 24)) * interval '1 hour' end
        where status = 'confirmed'`,
    );
    await db.query(
      `insert into invitations (id, user_id, token_hash, created_at, expires_at, state, used_at)
       select 'i' || id, id, md5('i' || id), coalesce(invited_at, now() - (abs(hashtext('i' || id)) % 120) * interval '1 day'),
              coalesce(invited_at, now() - (abs(hashtext('i' || id)) % 120) * interval '1 day') + interval '14 days',
              case when status = 'invite_pending' then 'active' else 'used' end,
              case when status = 'invite_pending' then null
                   else coalesce(invited_at, now()) + (abs(hashtext('u' || id)) % 96) * interval '1 hour' end
         from users where status in ('invite_pending', 'confirmed', 'deactivated', 'expired')`,
    );
    // Invitations of the last 90 days: a realistic share of recent ones.
    await db.query(
      `update invitations set created_at = now() - (abs(hashtext(id)) % 90) * interval '1 day',
              used_at = case when used_at is null then null else now() - (abs(hashtext(id)) % 90) * interval '1 day' + interval '20 hours' end
        where abs(hashtext('r' || id)) % 10 = 0`,
    );
    await db.query(
      `insert into status_history (user_id, from_status, to_status, event, at)
       select id, case when status = 'confirmed' then 'invite_pending' else 'confirmed' end, status,
              case when status = 'confirmed' then 'accept' else 'deactivate' end,
              now() - (abs(hashtext('h' || id)) % 365) * interval '1 day'
         from users where status in ('confirmed', 'deactivated', 'expired')`,
    );
    const day = 86_400_000;
    for (let d = 89; d >= 0; d--) await takeDailySnapshot(db, new Date(Date.now() - d * day));
    await db.query('vacuum analyze');
  } finally {
    await db.close();
  }
}

async function main() {
  const ran = await withBenchDatabase(
    'roster_bench_insight',
    async (url) => {
      const s0 = performance.now();
      await seed(url);
      note(`seeded ${PEOPLE} people in ${Math.round(performance.now() - s0)} ms`);
      const db = await connect({ databaseUrl: url, poolSize: 10 });
      const rt = await startBenchRuntime(db);
      try {
        const { session } = await listenWithOwner(rt, db);
        for (const r of ROUTES) {
          const s = await sequential(session, () => r.path, r.requests ? 1 : WARMUP, r.requests ?? REQUESTS);
          emit({
            bench: 'insight',
            db: 'postgres',
            route: r.name,
            people: PEOPLE,
            ...s,
            ...(r.target ? { target_p95_ms: r.target, pass: s.p95_ms <= r.target } : {}),
          });
        }
        const t0 = performance.now();
        const res = await session.request('GET', '/api/v1/reports/inactive?days=90&format=csv');
        const text = await res.text();
        emit({
          bench: 'insight',
          db: 'postgres',
          route: 'reports/inactive csv',
          people: PEOPLE,
          rows: text.split('\n').length - 2,
          ms: Math.round(performance.now() - t0),
        });
      } finally {
        await rt.stop();
      }
    },
    { note },
  );
  if ('skipped' in ran) emit({ bench: 'skipped', db: 'postgres', reason: ran.skipped });
}

await main();
