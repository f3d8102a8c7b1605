import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { forbidden, invalid, notFound } from '../../core/errors';
import { now } from '../../core/clock';
import * as audit from '../audit/audit';
import { openSealed, seal } from '../mail/secrets';
import type {
  Webhook,
  WebhookDelivery,
  webhookInputSchema,
  webhookPatchSchema,
} from '../../../common/contract/integrations';
import { isPrivateAddress } from './address';
import net from 'node:net';

/** Webhooks (docs/decisions/018-event-feed-and-webhooks.md): receivers, their secrets, their delivery log. */

/** After a rotation the previous secret signs deliveries too, this long. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

/** Owners and Admins, from a session or an `api` token. */
export function assertMayManageWebhooks(actor: Actor): void {
  if ((actor.role === 'owner' || actor.role === 'admin') && !actor.impersonatorId) return;
  throw forbidden('Webhooks are managed by Owners and Admins.');
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** http(s) only, no credentials in the URL, and no literal private address unless allowed. */
export function checkUrl(url: string, allowPrivate: boolean): void {
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw invalid('A webhook URL starts with https:// (or http://).', [{ field: 'url', message: 'Not http(s).' }]);
  if (u.username || u.password)
    throw invalid('Put no user name or password in a webhook URL; deliveries are signed.', [{ field: 'url' }]);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (
    !allowPrivate &&
    (host === 'localhost' || host.endsWith('.localhost') || (net.isIP(host) && isPrivateAddress(host)))
  )
    throw invalid('Webhooks are not delivered to private, loopback or link-local addresses.', [
      { field: 'url', message: 'Private address.' },
    ]);
}

interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_until: Date | null;
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toDto(w: WebhookRow, at = now()): Webhook {
  const until = w.previous_secret_until && new Date(w.previous_secret_until) > at ? w.previous_secret_until : null;
  return {
    id: w.id,
    url: w.url,
    events: w.events,
    description: w.description,
    enabled: w.enabled,
    disabledReason: w.disabled_reason,
    failingSince: iso(w.failing_since),
    previousSecretUntil: iso(until),
    createdBy: w.created_by,
    createdAt: iso(w.created_at)!,
    updatedAt: iso(w.updated_at)!,
  };
}

/** The secrets that sign a delivery now: the current one, and the previous one during a rotation. */
export function signingSecrets(
  w: Pick<WebhookRow, 'secret_sealed' | 'previous_secret_sealed' | 'previous_secret_until'>,
  at: Date,
): string[] {
  const secrets = [openSealed(w.secret_sealed)];
  if (w.previous_secret_sealed && w.previous_secret_until && new Date(w.previous_secret_until) > at)
    secrets.push(openSealed(w.previous_secret_sealed));
  return secrets;
}

const uniqueEvents = (events: readonly string[]) => (events.includes('*') ? ['*'] : [...new Set(events)]);

export async function createWebhook(
  tx: Sql,
  actor: Actor,
  input: z.infer<typeof webhookInputSchema>,
  allowPrivate: boolean,
): Promise<{ id: string; secret: string }> {
  checkUrl(input.url, allowPrivate);
  const id = randomUUID();
  const secret = newWebhookSecret();
  const at = now();
  const events = uniqueEvents(input.events);
  await tx.query(
    `insert into webhooks (id, url, events, description, secret_sealed, created_by, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7)`,
    [id, input.url, JSON.stringify(events), input.description ?? null, seal(secret), actor.userId, at],
  );
  await audit.recordCreated(tx, actor, 'webhook', id, { url: input.url, events });
  return { id, secret };
}

async function lockWebhook(tx: Sql, id: string): Promise<WebhookRow> {
  const [w] = await tx.query<WebhookRow>(`select * from webhooks where id = $1 for update`, [id]);
  if (!w) throw notFound('Webhook');
  return w;
}

export async function listWebhooks(sql: Sql): Promise<Webhook[]> {
  const at = now();
  return (await sql.query<WebhookRow>(`select * from webhooks order by created_at, id`)).map((w) => toDto(w, at));
}

export async function getWebhook(sql: Sql, id: string): Promise<Webhook> {
  const [w] = await sql.query<WebhookRow>(`select * from webhooks where id = $1`, [id]);
  if (!w) throw notFound('Webhook');
  return toDto(w);
}

export async function updateWebhook(
  tx: Sql,
  actor: Actor,
  id: string,
  patch: z.infer<typeof webhookPatchSchema>,
  allowPrivate: boolean,
): Promise<Webhook> {
  const w = await lockWebhook(tx, id);
  if (patch.url !== undefined) checkUrl(patch.url, allowPrivate);
  const events = patch.events ? uniqueEvents(patch.events) : w.events;
  const enabled = patch.enabled ?? w.enabled;
  const reenabled = enabled && !w.enabled;
  const [row] = await tx.query<WebhookRow>(
    `update webhooks set url = $2, events = $3, description = $4, enabled = $5,
            disabled_reason = case when $5 then null when $6 then disabled_reason else $7 end,
            failing_since = case when $8 then null else failing_since end, updated_at = $9
      where id = $1 returning *`,
    [
      id,
      patch.url ?? w.url,
      JSON.stringify(events),
      patch.description === undefined ? w.description : patch.description,
      enabled,
      !w.enabled,
      'Disabled by an administrator.',
      reenabled,
      now(),
    ],
  );
  const before = { url: w.url, events: w.events, description: w.description, enabled: w.enabled };
  const after = { url: row!.url, events: row!.events, description: row!.description, enabled: row!.enabled };
  await audit.recordChange(
    tx,
    actor,
    { action: 'webhook.updated', targetType: 'webhook', targetId: id },
    before,
    after,
  );
  return toDto(row!);
}

export async function deleteWebhook(tx: Sql, actor: Actor, id: string): Promise<void> {
  const w = await lockWebhook(tx, id);
  await tx.query(`delete from webhooks where id = $1`, [id]);
  await audit.recordDeleted(tx, actor, 'webhook', id, { url: w.url, events: w.events });
}

/** A new secret, returned once; the previous one keeps signing for ROTATION_OVERLAP_MS. */
export async function rotateSecret(tx: Sql, actor: Actor, id: string): Promise<{ id: string; secret: string }> {
  await lockWebhook(tx, id);
  const secret = newWebhookSecret();
  const at = now();
  await tx.query(
    `update webhooks set previous_secret_sealed = secret_sealed, previous_secret_until = $2, secret_sealed = $3,
            updated_at = $4 where id = $1`,
    [id, new Date(at.getTime() + ROTATION_OVERLAP_MS), seal(secret), at],
  );
  await audit.record(tx, actor, { action: 'webhook.secret_rotated', targetType: 'webhook', targetId: id });
  return { id, secret };
}

interface DeliveryRow {
  id: string;
  event_id: number;
  event_type: string;
  status: WebhookDelivery['status'];
  attempts: number;
  response_status: number | null;
  duration_ms: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  created_at: Date;
}

const deliveryDto = (d: DeliveryRow): WebhookDelivery => ({
  id: d.id,
  eventId: String(d.event_id),
  eventType: d.event_type,
  status: d.status,
  attempts: d.attempts,
  responseStatus: d.response_status,
  durationMs: d.duration_ms,
  lastError: d.last_error,
  lastAttemptAt: iso(d.last_attempt_at),
  nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
  createdAt: iso(d.created_at)!,
});

/** The delivery log, newest event first; `cursor` is the last page's nextCursor. */
export async function listDeliveries(
  sql: Sql,
  webhookId: string,
  q: { cursor?: string; limit: number; status?: WebhookDelivery['status'] },
) {
  await getWebhook(sql, webhookId);
  const rows = await sql.query<DeliveryRow>(
    `select * from webhook_deliveries
      where webhook_id = $1 and ($2::bigint is null or event_id < $2) and ($3::text is null or status = $3)
      order by event_id desc limit $4`,
    [webhookId, q.cursor ?? null, q.status ?? null, q.limit + 1],
  );
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(deliveryDto),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.event_id) : null,
  };
}

/** "Retry now": the delivery is due at once again (also after it failed for good); same webhook-id. */
export async function retryDelivery(tx: Sql, actor: Actor, webhookId: string, deliveryId: string) {
  const [row] = await tx.query<DeliveryRow>(
    `update webhook_deliveries set status = 'pending', next_attempt_at = $3, locked_until = null
      where id = $1 and webhook_id = $2 returning *`,
    [deliveryId, webhookId, now()],
  );
  if (!row) throw notFound('Delivery');
  await audit.record(tx, actor, {
    action: 'webhook.delivery_retried',
    targetType: 'webhook',
    targetId: webhookId,
    after: { deliveryId, eventId: String(row.event_id) },
  });
  return deliveryDto(row);
}

/** Webhooks switched off since `since` (after 3 days of failures, or by an admin): a figure of the daily digest. */
export async function webhooksDisabledSince(sql: Sql, since: Date): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    `select count(*)::int as n from webhooks where not enabled and updated_at >= $1`,
    [since],
  );
  return row!.n;
}
