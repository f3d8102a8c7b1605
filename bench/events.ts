/**
 * The event feed and webhooks (docs/decisions/018-event-feed-and-webhooks.md). Prints JSON lines on stdout:
 * - feed_read: a reader following the cursor (GET /api/v1/events's readFeed, 1000 a page) over N events
 *   seeded with set-based SQL (default 1,000,000), in events/s;
 * - webhook_bare_post: the floor of the machine — M plain POSTs of an event-sized body to the same receiver, from a
 *   bare loop (keep-alive agent, 100 at once, as the job sends), with no database, signing or checks;
 * - webhook_drain: M events already in the outbox, delivered by the `webhooks` job (the job runtime, on its
 *   1-second schedule) to a receiver on loopback (node:http), in deliveries/s (target ≥ 500 on PostgreSQL), and
 *   its ratio to the bare loop of the same run (how much of the machine's POST rate the job keeps);
 * - webhook_lag: events published in transactions at a steady rate while the job runs; lag from each commit to
 *   the receiver getting the event, p50/p95/p99.
 *
 *   npx tsx bench/events.ts   BENCH_EVENTS_N (1000000)  BENCH_WEBHOOK_N (20000)  BENCH_LAG_RATE (200/s)
 *   BENCH_LAG_SECONDS (10)  BENCH_DB=pglite|postgres|both (both)
 *   BENCH_DATABASE_URL / DATABASE_URL for postgres (a fresh database roster_events_<random>, dropped after)
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { connect, type Db } from '../src/server/db/index';
import { migrate } from '../src/server/db/migrate';
import { publishMany } from '../src/server/core/events';
import { systemActor } from '../src/server/core/actor';
import { readFeed } from '../src/server/modules/events/feed';
import { createWebhook } from '../src/server/modules/webhooks/service';
import { setWebhookPolicy } from '../src/server/modules/webhooks/deliver';
import { setSecretKey } from '../src/server/modules/mail/secrets';
import { createTransport } from '../src/server/modules/mail/transport';
import { webhooksJob } from '../src/server/jobs/catalog';
import { JobRunner } from '../src/server/scheduler/runner';
import { registerSubscriptions } from '../src/server/subscriptions';
import { stats, withBenchDatabase } from './measure';

const N = Number(process.env.BENCH_EVENTS_N ?? 1_000_000);
const M = Number(process.env.BENCH_WEBHOOK_N ?? 20_000);
const RATE = Number(process.env.BENCH_LAG_RATE ?? 200);
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 10);
const WHICH = process.env.BENCH_DB ?? 'both';
const TARGET_DELIVERIES_PER_S = 500;
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const round = (x: number) => Math.round(x * 100) / 100;
/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
const clock = () => performance.timeOrigin + performance.now();
const RECEIVER = `
const http = require('node:http');
const out = [];
setInterval(() => { if (out.length) process.stdout.write(out.splice(0).join('')); }, 20);
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => { out.push(JSON.parse(body).id + ' ' + (performance.timeOrigin + performance.now()) + '\\n'); res.end(); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write('http://127.0.0.1:' + server.address().port + '/hook\\n'));
`;
const actor = systemActor('bench');

async function main() {
  registerSubscriptions();
  setSecretKey(randomBytes(32));
  setWebhookPolicy({ allowPrivate: true });
  if (WHICH === 'pglite' || WHICH === 'both') await benchOne('pglite', await connect({}));
  if (WHICH === 'postgres' || WHICH === 'both') {
    const ran = await withBenchDatabase('roster_events', async (url) =>
      benchOne('postgres', await connect({ databaseUrl: url, poolSize: 10 })),
    );
    if ('skipped' in ran) emit({ bench: 'skipped', db: 'postgres', reason: ran.skipped });
  }
}

/** Appends `n` events to the outbox in one statement, moving the counter as publishers do. */
async function seedEvents(db: Db, n: number): Promise<void> {
  await db.tx(async (tx) => {
    const [c] = await tx.query<{ last: number }>(
      `update event_counters set last = last + $1 where scope = 'events' returning last`,
      [n],
    );
    await tx.query(
      `insert into domain_events (id, type, occurred_at, actor_type, subject_type, subject_id, data)
       select $2::bigint - $1 + g, 'team.member_added', now(), 'system', 'team', 'team-' || (g % 100),
              json_build_object('userId', 'user-' || g)::jsonb
         from generate_series(1, $1::int) g`,
      [n, c!.last],
    );
  });
}

async function benchOne(kind: 'pglite' | 'postgres', db: Db) {
  await migrate(db);

  // 1. Feed read throughput over N events.
  const s0 = performance.now();
  await seedEvents(db, N);
  emit({ bench: 'feed_seed', db: kind, events: N, seconds: round((performance.now() - s0) / 1000) });
  if (db.kind === 'pglite') await db.query('vacuum analyze domain_events');
  let read = 0;
  const t0 = performance.now();
  for (let cursor = '0'; ;) {
    const page = await readFeed(db, { after: cursor, limit: 1000, types: undefined });
    read += page.items.length;
    if (!page.items.length) break;
    cursor = page.nextCursor;
  }
  const feedSeconds = (performance.now() - t0) / 1000;
  emit({
    bench: 'feed_read',
    db: kind,
    events: read,
    seconds: round(feedSeconds),
    events_per_s: Math.round(read / feedSeconds),
  });
  await db.query(`delete from domain_events`);
  await db.query(`update event_consumers set last = (select last from event_counters where scope = 'events')`);

  // 2. Webhook delivery: a receiver on loopback, the job runtime running the webhooks job on its schedule.
  // The receiver runs in a process of its own, as a real one would: it prints each event id and when it arrived.
  const arrivals = new Map<string, number>();
  const receiver = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => {
    let buffer = '';
    receiver.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('http')) resolve(line);
        else {
          const [id, at] = line.split(' ');
          arrivals.set(id!, Number(at));
        }
      }
    });
  });
  await db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, role, status) values ('bench-owner', 'o@example.com', 'o@example.com', 'O', 'B', 'owner', 'confirmed')`,
  );
  await db.tx((tx) =>
    createWebhook(tx, { ...actor, type: 'user', userId: 'bench-owner', role: 'owner' }, { url, events: ['*'] }, true),
  );
  const runner = new JobRunner({
    db,
    transport: createTransport(db, undefined, { info: () => {} }),
    jobs: [webhooksJob],
    intervalSeconds: 1,
  });
  await runner.start();
  const waitFor = async (count: number, timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    while (arrivals.size < count && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  };

  // The bare loop first, on the same receiver: what this machine manages without the job.
  const b0 = clock();
  await barePosts(url, M);
  await waitFor(M, 600_000);
  const bareSeconds = (Math.max(...arrivals.values()) - b0) / 1000;
  const barePerS = Math.round(arrivals.size / bareSeconds);
  emit({
    bench: 'webhook_bare_post',
    db: kind,
    posts: arrivals.size,
    seconds: round(bareSeconds),
    posts_per_s: barePerS,
  });
  arrivals.clear();

  const d0 = clock();
  await seedEvents(db, M);
  await waitFor(M, 600_000);
  const drainSeconds = (Math.max(...arrivals.values()) - d0) / 1000;
  const perS = Math.round(arrivals.size / drainSeconds);
  emit({
    bench: 'webhook_drain',
    db: kind,
    deliveries: arrivals.size,
    seconds: round(drainSeconds),
    deliveries_per_s: perS,
    target_per_s: TARGET_DELIVERIES_PER_S,
    bare_posts_per_s: barePerS,
    ratio_to_bare: round(perS / barePerS),
    ok: arrivals.size === M && (kind !== 'postgres' || perS >= TARGET_DELIVERIES_PER_S),
  });

  // 3. Lag from commit to delivery, publishing at a steady rate (10 events per transaction).
  arrivals.clear();
  const committed = new Map<string, number>();
  const perTx = 10;
  const txs = Math.round((RATE * LAG_SECONDS) / perTx);
  const l0 = clock();
  for (let k = 0; k < txs; k++) {
    const due = l0 + (k * 1000 * perTx) / RATE;
    const wait = due - clock();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const published = await db.tx((tx) =>
      publishMany(
        tx,
        actor,
        Array.from({ length: perTx }, (_, j) => ({
          type: 'team.member_added' as const,
          subjectId: `team-${k}`,
          data: { userId: `u-${k}-${j}` },
        })),
      ),
    );
    const at = clock();
    for (const e of published) committed.set(String(e.id), at);
  }
  await waitFor(committed.size, 120_000);
  const lags = [...committed].filter(([id]) => arrivals.has(id)).map(([id, at]) => arrivals.get(id)! - at);
  const s = stats(lags);
  emit({
    bench: 'webhook_lag',
    db: kind,
    events: committed.size,
    delivered: lags.length,
    rate_per_s: RATE,
    p50_ms: s.p50_ms,
    p95_ms: s.p95_ms,
    p99_ms: s.p99_ms,
    max_ms: s.max_ms,
    note: 'the webhooks job runs every second (jobs/catalog.ts), so the lag is bounded by about that',
  });
  await runner.stop();
  receiver.kill();
  await db.close();
}

/** `n` POSTs of an event-sized JSON body, 100 at once over keep-alive connections: no database, no signing. */
async function barePosts(url: string, n: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  let next = 0;
  const post = (id: string) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({
        id,
        type: 'team.member_added',
        occurredAt: new Date().toISOString(),
        actor: { type: 'system', id: null },
        subject: { type: 'team', id: 'team-1' },
        data: { userId: `user-${id}` },
      });
      const req = http.request(
        url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < n) await post(`bare-${next++}`);
    }),
  );
  agent.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
