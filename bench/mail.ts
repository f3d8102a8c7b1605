/**
 * Mail throughput: N invitations scheduled for one moment (default 10,000), sent by one Roster process
 * into a local SMTP server (smtp-server on loopback, accepting everything). Prints JSON lines on stdout.
 *
 *   npx tsx bench/mail.ts      BENCH_MAIL_N (10000)   BENCH_DB=pglite|postgres|both (both)
 *   BENCH_DATABASE_URL / DATABASE_URL for postgres (a fresh database roster_mail_<random> is created and dropped;
 *   unreachable → skipped)
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { connect, type Db } from '../src/server/db/index';
import { migrate } from '../src/server/db/migrate';
import { deliverDue } from '../src/server/modules/mail/worker';
import { createTransport } from '../src/server/modules/mail/transport';
import { sendScheduledInvites } from '../src/server/jobs/sweeps';
import { setPublicUrl } from '../src/server/modules/mail/links';
import { setSecretKey } from '../src/server/modules/mail/secrets';
import { withBenchDatabase } from './measure';

const N = Number(process.env.BENCH_MAIL_N ?? 10_000);
const WHICH = process.env.BENCH_DB ?? 'both';
type Kind = 'pglite' | 'postgres';
const TARGET_PER_S = 200;
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function main() {
  if (WHICH === 'pglite' || WHICH === 'both') await benchOne('pglite', await connect({}));
  if (WHICH === 'postgres' || WHICH === 'both') {
    const ran = await withBenchDatabase('roster_mail', async (url) =>
      benchOne('postgres', await connect({ databaseUrl: url })),
    );
    if ('skipped' in ran) emit({ bench: 'skipped', db: 'postgres', reason: ran.skipped });
  }
}

async function benchOne(KIND: Kind, db: Db) {
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 100,
    closeTimeout: 1000,
    onData(stream, _session, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = ((smtp as any).server.address() as AddressInfo).port;

  await migrate(db);
  setPublicUrl('http://127.0.0.1:3000');
  setSecretKey(randomBytes(32));
  await db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, status, invite_scheduled_at)
     select 'sched-' || g, 'sched' || g || '@example.com', 'sched' || g || '@example.com', 'S' || g, 'Bench', 'invite_scheduled', now()
       from generate_series(1, $1::int) g`,
    [N],
  );
  const transport = createTransport(db, `smtp://127.0.0.1:${port}`, { info: () => {} });

  const t0 = performance.now();
  const invited = await sendScheduledInvites(db);
  const t1 = performance.now();
  let sent = 0;
  for (let n = 1; n > 0;) sent += n = await deliverDue(db, transport);
  const t2 = performance.now();
  const seconds = (t2 - t0) / 1000;
  emit({
    bench: 'mail_schedule_sweep',
    db: KIND,
    invitations: invited,
    seconds: round((t1 - t0) / 1000),
    per_s: Math.round(invited / ((t1 - t0) / 1000)),
  });
  emit({
    bench: 'mail_delivery',
    db: KIND,
    emails: sent,
    seconds: round((t2 - t1) / 1000),
    per_s: Math.round(sent / ((t2 - t1) / 1000)),
  });
  emit({
    bench: 'mail_scheduled_invitations',
    db: KIND,
    emails: N,
    received,
    seconds: round(seconds),
    emails_per_s: Math.round(N / seconds),
    target_per_s: TARGET_PER_S,
    target_met: N / seconds >= TARGET_PER_S && received === N,
  });
  transport.close();
  await db.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
}

const round = (x: number) => Math.round(x * 100) / 100;
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
