import { Webhook as Signer } from 'standardwebhooks';
import type { Db, Sql } from '../../db/index';
import { systemActor } from '../../core/actor';
import { now as clockNow } from '../../core/clock';
import { readEventsById } from '../../core/events';
import * as audit from '../audit/audit';
import { enqueue } from '../mail/outbox';
import { toPublicEvent } from '../events/projection';
import { postDelivery, type SendResult } from './send';
import { signingSecrets } from './service';
import { webhookDisabledEmail } from '../mail/templates';
import { getSettings } from '../settings/settings';

/**
 * The webhook job (docs/decisions/018-event-feed-and-webhooks.md): fans new events out of the domain_events
 * outbox into one delivery per (webhook, event), following a cursor of its own, then sends what is due — one
 * signed POST per event, retried with exponential back-off for more than a day under the same webhook-id.
 * A webhook whose deliveries have failed for 3 days is disabled and its creator emailed.
 */

/** Set once at start-up (runtime.ts) from WEBHOOK_ALLOW_PRIVATE. */
let policy = { allowPrivate: false };
export function setWebhookPolicy(p: { allowPrivate: boolean }): void {
  policy = { ...p };
}

/** Seconds to wait after failed attempt n: 10 s, 1 min, 5 min, 30 min, 1 h, 2 h, 4 h, then 8 h three times. */
export const RETRY_DELAYS_SECONDS = [10, 60, 300, 1800, 3600, 7200, 14_400, 28_800, 28_800, 28_800] as const;
/** Attempts before a delivery fails for good: the waits between them add up to ~32 hours (≥ 24 h). */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** A webhook failing this long (every attempt since its last success) is disabled. */
export const DISABLE_AFTER_MS = 3 * 24 * 3600 * 1000;
/** How long a claimed delivery is reserved for the process sending it (several attempts' timeouts). */
const CLAIM_SECONDS = 60;
const FANOUT_BATCH = 5000;
const CONSUMER = 'webhooks';
const COUNTER_SCOPE = 'events';

export interface DeliverOptions {
  /** The clock (tests move it to make failures last days). */
  now?: () => Date;
  /** Deliveries claimed at once, and sent at once. */
  batch?: number;
  concurrency?: number;
  signal?: AbortSignal;
}

/**
 * Turns events published since the last fan-out into deliveries for every enabled webhook subscribed to their
 * type. The consumer row is locked for the transaction, so processes never fan out the same events twice; the
 * cursor can trust commit order = cursor order (decision 014), so no event is passed over.
 */
export async function fanOut(db: Db, at: Date = clockNow()): Promise<number> {
  return db.tx(async (tx) => {
    const [consumer] = await tx.query<{ last: number }>(
      `select last from event_consumers where name = $1 and scope = $2 for update`,
      [CONSUMER, COUNTER_SCOPE],
    );
    if (!consumer) throw new Error('The webhook fan-out cursor is missing (migration 023).');
    const [res] = await tx.query<{ upto: number | null; created: number }>(
      `with ev as (select id, type from domain_events where id > $1 order by id limit $2),
            created as (
              insert into webhook_deliveries (id, webhook_id, event_id, event_type, next_attempt_at, created_at)
              select 'msg_' || replace(gen_random_uuid()::text, '-', ''), w.id, ev.id, ev.type, $3, $3
                from ev join webhooks w on w.enabled and (w.events ? '*' or w.events ? ev.type)
              on conflict (webhook_id, event_id) do nothing
              returning 1)
       select (select max(id) from ev) as upto, (select count(*)::int from created) as created`,
      [consumer.last, FANOUT_BATCH, at],
    );
    if (res?.upto != null)
      await tx.query(`update event_consumers set last = $3 where name = $1 and scope = $2`, [
        CONSUMER,
        COUNTER_SCOPE,
        res.upto,
      ]);
    return res?.upto == null ? -1 : res.created;
  });
}

interface Claimed {
  id: string;
  webhook_id: string;
  event_id: number;
  attempts: number;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_until: Date | null;
}

async function claim(db: Db, at: Date, limit: number): Promise<Claimed[]> {
  return db.query<Claimed>(
    `with due as (
       select d.id from webhook_deliveries d join webhooks w on w.id = d.webhook_id and w.enabled
        where d.status = 'pending' and d.next_attempt_at <= $1 and (d.locked_until is null or d.locked_until < $1)
        order by d.next_attempt_at, d.event_id limit $2
        for update of d skip locked)
     update webhook_deliveries d set locked_until = $3 from due, webhooks w
      where d.id = due.id and w.id = d.webhook_id
     returning d.id, d.webhook_id, d.event_id, d.attempts, w.url, w.secret_sealed, w.previous_secret_sealed, w.previous_secret_until`,
    [at, limit, new Date(at.getTime() + CLAIM_SECONDS * 1000)],
  );
}

/** Runs `fn` over `items`, at most `limit` at once. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const k = next++;
        out[k] = await fn(items[k]!);
      }
    }),
  );
  return out;
}

/** Sends one claimed batch of due deliveries and records the outcomes. Returns how many were attempted. */
export async function deliverDue(db: Db, opts: DeliverOptions = {}): Promise<number> {
  const clock = opts.now ?? clockNow;
  const started = clock();
  const claimed = await claim(db, started, opts.batch ?? 500);
  if (!claimed.length) return 0;
  const events = new Map(
    (await readEventsById(db, [...new Set(claimed.map((c) => c.event_id))])).map((e) => [e.id, e]),
  );
  const signers = new Map<string, Signer[]>();
  const results = await pool(claimed, opts.concurrency ?? 100, async (d): Promise<SendResult> => {
    const event = events.get(Number(d.event_id));
    if (!event) return { ok: false, status: null, durationMs: 0, error: 'The event is no longer kept (retention).' };
    const at = clock();
    if (!signers.has(d.webhook_id))
      signers.set(
        d.webhook_id,
        signingSecrets(d, at).map((s) => new Signer(s)),
      );
    const body = JSON.stringify(toPublicEvent(event));
    // Standard Webhooks: one signature per valid secret, space-separated, so a receiver holding either verifies.
    const signature = signers
      .get(d.webhook_id)!
      .map((s) => s.sign(d.id, at, body))
      .join(' ');
    return postDelivery(
      d.url,
      body,
      {
        'webhook-id': d.id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
        'user-agent': 'Roster-Webhooks/1',
      },
      { allowPrivate: policy.allowPrivate },
    );
  });
  await record(db, claimed, results, clock());
  return claimed.length;
}

/** Each outcome in one statement; then the webhooks' failing state, and disabling those failing for 3 days. */
async function record(db: Db, claimed: Claimed[], results: SendResult[], at: Date): Promise<void> {
  const rows = claimed.map((d, k) => {
    const r = results[k]!;
    const attempts = d.attempts + 1;
    const gone = r.error === 'The event is no longer kept (retention).';
    const final = r.ok || gone || attempts >= MAX_ATTEMPTS;
    return {
      id: d.id,
      webhook_id: d.webhook_id,
      ok: r.ok,
      status: r.ok ? 'succeeded' : final ? 'failed' : 'pending',
      attempts,
      response_status: r.status,
      duration_ms: r.durationMs,
      last_error: r.error?.slice(0, 500) ?? null,
      next_attempt_at: final
        ? null
        : new Date(at.getTime() + RETRY_DELAYS_SECONDS[Math.min(attempts, RETRY_DELAYS_SECONDS.length) - 1]! * 1000),
    };
  });
  await db.tx(async (tx) => {
    await tx.query(
      `update webhook_deliveries d set status = r.status, attempts = r.attempts, response_status = r.response_status,
              duration_ms = r.duration_ms, last_error = r.last_error, next_attempt_at = r.next_attempt_at,
              last_attempt_at = $2, locked_until = null
         from json_to_recordset($1::json) as r(id text, status text, attempts int, response_status int, duration_ms int,
                                               last_error text, next_attempt_at timestamptz)
        where d.id = r.id`,
      [JSON.stringify(rows), at],
    );
    const succeeded = [...new Set(rows.filter((r) => r.ok).map((r) => r.webhook_id))];
    const failed = [...new Set(rows.filter((r) => !r.ok).map((r) => r.webhook_id))].filter(
      (id) => !succeeded.includes(id),
    );
    if (succeeded.length)
      await tx.query(
        `update webhooks set failing_since = null where id = any($1::text[]) and failing_since is not null`,
        [succeeded],
      );
    if (failed.length) await markFailing(tx, failed, at);
  });
}

async function markFailing(tx: Sql, ids: string[], at: Date): Promise<void> {
  await tx.query(`update webhooks set failing_since = $2 where id = any($1::text[]) and failing_since is null`, [
    ids,
    at,
  ]);
  const disabled = await tx.query<{ id: string; url: string; created_by: string | null; failing_since: Date }>(
    `update webhooks set enabled = false, updated_at = $2,
            disabled_reason = 'Every delivery has failed for 3 days (since ' || to_char(failing_since at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC).'
      where id = any($1::text[]) and enabled and failing_since <= $3
     returning id, url, created_by, failing_since`,
    [ids, at, new Date(at.getTime() - DISABLE_AFTER_MS)],
  );
  for (const w of disabled) {
    await audit.record(tx, systemActor('webhook_failing'), {
      action: 'webhook.disabled',
      targetType: 'webhook',
      targetId: w.id,
      after: { enabled: false, failingSince: new Date(w.failing_since).toISOString() },
    });
    if (!w.created_by) continue;
    const [creator] = await tx.query<{ email: string; first_name: string; language: string | null }>(
      `select email, first_name, language from users where id = $1 and status = 'confirmed' and deleted_at is null`,
      [w.created_by],
    );
    if (!creator) continue;
    const mail = webhookDisabledEmail({
      to: { firstName: creator.first_name, language: creator.language },
      org: await getSettings(tx),
      url: w.url,
      since: new Date(w.failing_since),
    });
    await enqueue(tx, {
      userId: w.created_by,
      to: creator.email,
      kind: 'webhook_disabled',
      category: 'notification',
      ...mail,
    });
  }
}

/** The job: fan out, then deliver what is due, until nothing is left or the job is stopped. */
export async function runWebhooks(db: Db, opts: DeliverOptions = {}): Promise<number> {
  let handled = 0;
  for (;;) {
    if (opts.signal?.aborted) return handled;
    const fanned = await fanOut(db, (opts.now ?? clockNow)());
    const sent = await deliverDue(db, opts);
    handled += sent;
    if (fanned < 0 && sent === 0) return handled;
  }
}
