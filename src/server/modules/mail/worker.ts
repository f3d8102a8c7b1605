import { INACTIVE_STATUSES } from '../../../common/domain';
import { now } from '../../core/clock';
import type { Db, Sql } from '../../db/index';
import { redactSecrets } from './secrets';
import type { Transport } from './transport';

interface Claimed {
  id: string;
  user_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  invitation_id: string | null;
  attempts: number;
  skip_reason: string | null;
  send_after: Date | string;
  seq: string | number | bigint;
}

/**
 * A claim lasts 5 minutes. An SMTP batch holds 4 messages per connection, each send bounded by the
 * transport's timeouts (transport.ts: under a minute), so the claim outlives the batch it covers.
 */
const LOCK_SECONDS = 300;
const SENDS_PER_CONNECTION = 4;
const BATCH = 200;

/** Seconds to wait after the nth failed attempt: 30 s, doubling, at most an hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(attempts - 1, 0), 3600);
}

/** A mail waits out an SMTP outage of at least this long before it fails for good. */
export const RETRY_FOR_SECONDS = 24 * 3600;

/** The attempt after which a temporary failure is final: the delays before it add up to RETRY_FOR_SECONDS. */
export const MAX_ATTEMPTS = (() => {
  let attempts = 1;
  for (let waited = 0; waited < RETRY_FOR_SECONDS; attempts++) waited += retryDelaySeconds(attempts);
  return attempts;
})();

/**
 * Sends due outbox messages. Rows are claimed with FOR UPDATE SKIP LOCKED so several processes
 * share the work; a claim expires, so a crash mid-send leaves the message to be retried.
 * Whether a message may still go out is decided here, at send time. A claimed batch is sent
 * in parallel (as many at once as the transport has connections) across recipients, and one at a time,
 * in the order queued, to any one recipient; each message is recorded as sent as soon as it is
 * (transport.ts says how), so a crash repeats as little as possible.
 */
export async function deliverDue(
  db: Db,
  transport: Transport,
  batchSize = transport.kind === 'smtp' ? transport.concurrency * SENDS_PER_CONNECTION : BATCH,
): Promise<number> {
  const claimed = await claim(db, batchSize);
  const skipped = claimed.filter((m) => m.skip_reason);
  for (const reason of new Set(skipped.map((m) => m.skip_reason!)))
    await db.query(
      `update outbox set status = 'skipped', last_error = $2, locked_until = null where id = any($1::text[])`,
      [skipped.filter((m) => m.skip_reason === reason).map((m) => m.id), reason],
    );
  await inParallel(byRecipient(claimed.filter((m) => !m.skip_reason)), transport.concurrency, async (mails) => {
    for (const m of mails) await sendOne(db, transport, m);
  });
  return claimed.length;
}

/** The messages grouped by recipient, each group in the order queued. */
function byRecipient(mails: Claimed[]): Claimed[][] {
  const queued = (a: Claimed, b: Claimed) =>
    new Date(a.send_after).getTime() - new Date(b.send_after).getTime() || Number(BigInt(a.seq) - BigInt(b.seq));
  const groups = new Map<string, Claimed[]>();
  for (const m of [...mails].sort(queued)) {
    const key = m.to_address.toLowerCase();
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(m);
  }
  return [...groups.values()];
}

async function sendOne(db: Db, transport: Transport, m: Claimed): Promise<void> {
  try {
    await transport.send(
      {
        outboxId: m.id,
        userId: m.user_id,
        to: m.to_address,
        subject: m.subject,
        text: m.text_body,
        html: m.html_body,
      },
      (tx) => recordSent(tx, m),
    );
  } catch (err) {
    await recordFailure(db, m, err);
  }
}

const secondsFromNow = (seconds: number) => new Date(now().getTime() + seconds * 1000);

async function claim(db: Db, batchSize: number): Promise<Claimed[]> {
  return db.tx((tx) =>
    tx.query<Claimed>(
      `with due as (
         select o.id from outbox o
          where (o.status = 'pending' and o.send_after <= now())
             or (o.status = 'sending' and o.locked_until < now())
          order by o.send_after, o.seq
          limit $1
          for update skip locked
       )
       update outbox o set status = 'sending', locked_until = $2, attempts = o.attempts + 1
         from due
        where o.id = due.id
       returning o.id, o.user_id, o.to_address, o.subject, o.text_body, o.html_body, o.invitation_id, o.attempts,
         o.send_after, o.seq,
         (select case
            when u.id is null and o.user_id is not null then 'user_gone'
            when u.deleted_at is not null then 'user_deleted'
            when o.kind = 'deactivation_notice' and u.status <> 'deactivated' then 'user_' || u.status
            when o.kind <> 'deactivation_notice' and u.status = any($3::text[]) then 'user_' || u.status
            when o.category = 'notification' and u.on_break then 'user_on_break'
            when o.invitation_id is not null and i.state <> 'active' then 'invitation_' || i.state
            else null end
          from (select 1) one
          left join users u on u.id = o.user_id
          left join invitations i on i.id = o.invitation_id) as skip_reason`,
      // The lease's end comes from the application clock (docs/decisions/016-ready-for-organisations.md).
      [batchSize, secondsFromNow(LOCK_SECONDS), INACTIVE_STATUSES],
    ),
  );
}

/** Marks one message sent (and its invitation delivered); the stored bodies keep no token, not even sealed. */
async function recordSent(tx: Sql, m: Claimed): Promise<void> {
  await tx.query(
    `update outbox set status = 'sent', sent_at = now(), locked_until = null, last_error = null, text_body = $2, html_body = $3 where id = $1`,
    [m.id, redactSecrets(m.text_body), m.html_body === null ? null : redactSecrets(m.html_body)],
  );
  if (m.invitation_id)
    await tx.query(
      `update invitations set delivery = 'sent', delivered_at = now(), delivery_error = null where id = $1`,
      [m.invitation_id],
    );
}

/**
 * A 5xx reply is final (the server rejected the recipient: an invitation becomes `bounced`); anything
 * else is retried with back-off (retryDelaySeconds) until MAX_ATTEMPTS, after which an invitation becomes
 * `failed` (and can be sent again: POST /users/{id}/invite). The SMTP reply is kept on the message and on the invitation.
 */
async function recordFailure(db: Db, m: Claimed, err: any): Promise<void> {
  const reply = String(err?.response ?? err?.message ?? err).slice(0, 500);
  const rejected = typeof err?.responseCode === 'number' && err.responseCode >= 500;
  const final = rejected || m.attempts >= MAX_ATTEMPTS;
  await db.tx(async (tx) => {
    await tx.query(
      `update outbox set status = $3, send_after = $4, locked_until = null, last_error = $2
        where id = $1`,
      [m.id, reply, final ? 'failed' : 'pending', secondsFromNow(retryDelaySeconds(m.attempts))],
    );
    if (m.invitation_id)
      await tx.query(`update invitations set delivery = $2, delivery_error = $3 where id = $1 and state = 'active'`, [
        m.invitation_id,
        final ? (rejected ? 'bounced' : 'failed') : 'queued',
        reply,
      ]);
  });
}

/** Runs `fn` over items with at most `limit` running at once. */
async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
