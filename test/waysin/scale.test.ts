import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/core/config';
import type { Db } from '../../src/server/db/index';
import { startRuntime, type Runtime } from '../../src/server/runtime';
import { testDb, type TestDb } from '../helpers/harness';
import { startSmtp, type TestSmtp } from './smtp';

// 5,000 invitations scheduled for one moment, sent into a real SMTP server by the background jobs of
// two Roster processes sharing one PostgreSQL database (on PGlite, which one process owns, by one).
// One process is restarted mid-batch. Each invitation must arrive exactly once.
const N = 5000;
let smtp: TestSmtp;
let db: TestDb;
const runtimes: Runtime[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  db = await testDb();
});
afterAll(async () => {
  for (const rt of runtimes.reverse()) await rt.stop();
  await db.close();
  await smtp.close();
});

async function seedScheduled(sql: Db, n: number) {
  await sql.query(
    `insert into users (id, email, email_normalized, first_name, last_name, status, invite_scheduled_at)
     select 'sched-' || g, 'sched' || g || '@example.com', 'sched' || g || '@example.com', 'S' || g, 'Test', 'invite_scheduled', now() + interval '2 seconds'
       from generate_series(1, $1::int) g`,
    [n],
  );
}

it(
  `sends ${N} scheduled invitations exactly once with ${process.env.TEST_DATABASE_URL ? 'two processes' : 'one process'}`,
  { timeout: 480_000 },
  async () => {
    await seedScheduled(db, N);
    const config = loadConfig({
      ROSTER_JOB_INTERVAL: '0.2',
      PUBLIC_URL: 'http://roster.test',
      LOG_LEVEL: 'silent',
      SMTP_URL: smtp.url,
    });
    const processes = db.kind === 'postgres' ? 2 : 1;
    // Each "process" has its own connection pool (PGlite: the one shared instance), closed when it stops.
    const start = async () => runtimes.push(await startRuntime(config, { logger: false, db: await db.reopen() }));
    for (let i = 0; i < processes; i++) await start();

    const started = Date.now();
    let restarted = false;
    while (Date.now() - started < 420_000) {
      if (!restarted && smtp.messages.length >= N / 3) {
        restarted = true;
        await runtimes.pop()!.stop();
        await start();
      }
      const [row] = await db.query<{ left: number }>(`select count(*)::int as left from outbox where status <> 'sent'`);
      const [users] = await db.query<{ scheduled: number }>(
        `select count(*)::int as scheduled from users where status = 'invite_scheduled'`,
      );
      if (row!.left === 0 && users!.scheduled === 0 && smtp.messages.length >= N) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (Date.now() - started) / 1000;

    const perRecipient = new Map<string, number>();
    for (const m of smtp.messages) for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect(perRecipient.size).toBe(N);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(smtp.messages).toHaveLength(N);
    const [counts] = await db.query<{ pending: number; invitations: number; sent: number; outbox: number }>(
      `select (select count(*)::int from users where status = 'invite_pending') as pending,
            (select count(*)::int from invitations) as invitations,
            (select count(*)::int from invitations where delivery = 'sent') as sent,
            (select count(*)::int from outbox) as outbox`,
    );
    expect(counts).toEqual({ pending: N, invitations: N, sent: N, outbox: N });
    expect(restarted).toBe(true);
    console.log(
      JSON.stringify({
        test: 'scheduled-invites',
        db: db.kind,
        processes,
        emails: N,
        seconds,
        emails_per_s: Math.round(N / seconds),
      }),
    );
  },
);
