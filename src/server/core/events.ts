import type { Sql } from '../db/index';
import type { Actor } from './actor';
import { EVENT_CATALOGUE, type DomainEvent, type EventData, type EventType } from './eventCatalogue';

/**
 * Domain events (docs/decisions/014-domain-events.md): publish() writes them to the `domain_events` outbox in the
 * caller's transaction and runs the in-process subscribers there, so the change, its events and their
 * effects commit or roll back together. Each event's cursor (`id`) comes from a counter row the publishing
 * transaction keeps locked until it ends: events become visible in cursor order, and a reader following
 * the cursor never skips one.
 */

export type { DomainEvent, EventType } from './eventCatalogue';

/** The counter row every publisher increments (one organisation today; one row per organisation later). */
const COUNTER_SCOPE = 'events';

export interface PublishedEvent<T extends EventType = EventType> {
  id: number;
  type: T;
  subjectId: string;
  data: EventData<T>;
}

/** Reacts to events of one type inside the publishing transaction; gets every event of one publish call at once. */
export type Subscriber<T extends EventType> = (tx: Sql, actor: Actor, events: PublishedEvent<T>[]) => Promise<void>;

const subscribers = new Map<EventType, Subscriber<any>[]>();
let sealed = false;

/**
 * Registers an in-transaction subscriber; handlers of one type run in registration order. Only at
 * start-up (each module's subscriptions.ts, wired once by src/server/subscriptions.ts): afterwards the
 * registry is sealed, and the same handler cannot be registered twice.
 */
export function subscribe<T extends EventType>(type: T, handler: Subscriber<T>): void {
  if (sealed) throw new Error(`Subscribers are registered at start-up only (subscribe to ${type} came late).`);
  const list = subscribers.get(type) ?? [];
  if (list.includes(handler)) throw new Error(`This handler already subscribes to ${type}.`);
  subscribers.set(type, [...list, handler]);
}

/** Ends start-up registration: from now on events may be published, and nothing more subscribes. */
export function sealSubscriptions(): void {
  sealed = true;
}

export function subscriptionsSealed(): boolean {
  return sealed;
}

/** How many handlers react to `type` (start-up checks and tests). */
export function subscriberCount(type: EventType): number {
  return subscribers.get(type)?.length ?? 0;
}

/** Publishes one event in the caller's transaction. */
export async function publish(tx: Sql, actor: Actor, event: DomainEvent): Promise<PublishedEvent> {
  return (await publishMany(tx, actor, [event]))[0]!;
}

/**
 * Publishes events by one actor in two statements whatever their number (the counter moves by all of
 * them at once, one insert writes them), then runs each type's subscribers once with that type's events.
 * Every payload is checked against the catalogue first: a bad one is a programming error and throws.
 */
export async function publishMany(tx: Sql, actor: Actor, events: readonly DomainEvent[]): Promise<PublishedEvent[]> {
  if (!events.length) return [];
  // A process that publishes before its subscribers are registered would silently skip their effects.
  if (!sealed)
    throw new Error('Domain events published before start-up registered their subscribers (registerModules).');
  const checked = events.map((e) => ({ ...e, data: EVENT_CATALOGUE[e.type].data.parse(e.data) }));
  // The row lock taken here is held until commit: see the note at the top of this file.
  const [counter] = await tx.query<{ last: number }>(
    `update event_counters set last = last + $2 where scope = $1 returning last`,
    [COUNTER_SCOPE, checked.length],
  );
  if (!counter) throw new Error(`The event counter "${COUNTER_SCOPE}" is missing (migration 019).`);
  const published = checked.map(
    (e, k) =>
      ({
        id: counter.last - checked.length + 1 + k,
        type: e.type,
        subjectId: e.subjectId,
        data: e.data,
      }) as PublishedEvent,
  );
  await tx.query(
    `insert into domain_events (id, type, occurred_at, actor_type, actor_id, impersonator_id, cause, subject_type, subject_id, data)
     select e.id, e.type, $1, $2, $3, $4, $5, e.subject_type, e.subject_id, e.data
       from json_to_recordset($6::json) as e(id bigint, type text, subject_type text, subject_id text, data jsonb)`,
    [
      new Date(),
      actor.type,
      actor.type === 'token' ? (actor.tokenId ?? null) : actor.userId,
      actor.impersonatorId ?? null,
      actor.cause ?? null,
      JSON.stringify(
        published.map((e) => ({
          id: e.id,
          type: e.type,
          subject_type: EVENT_CATALOGUE[e.type].subject,
          subject_id: e.subjectId,
          data: e.data,
        })),
      ),
    ],
  );
  const byType = new Map<EventType, PublishedEvent[]>();
  for (const e of published) byType.set(e.type, [...(byType.get(e.type) ?? []), e]);
  for (const [type, batch] of byType)
    for (const handler of subscribers.get(type) ?? []) await handler(tx, actor, batch);
  return published;
}

/**
 * For a statement that produces many events at once (group membership over a whole group): CTEs to append to
 * its WITH list that publish one event per row of `rows` (columns `type`, `subject_id`, `data`) without
 * the rows leaving the database: the counter moves by their number (not touched when there are none) and
 * they are inserted, in the same statement. The SQL must build the catalogue's payloads (it is not checked
 * here), and only types nobody subscribes to may be published this way, since no handler could run.
 */
export function publishInStatement(
  rows: string,
  types: readonly EventType[],
  actor: Actor,
  bind: (v: unknown) => string,
): string {
  if (!sealed)
    throw new Error('Domain events published before start-up registered their subscribers (registerModules).');
  const subscribed = types.filter((t) => subscriberCount(t));
  if (subscribed.length) throw new Error(`${subscribed.join(', ')} have subscribers: publish them with publishMany.`);
  const subjectType = `case r.type ${types.map((t) => `when ${bind(t)}::text then ${bind(EVENT_CATALOGUE[t].subject)}::text`).join(' ')} end`;
  return `event_rows as materialized (select row_number() over () as n, r.* from (${rows}) r),
     event_counter as (
       update event_counters set last = last + (select count(*) from event_rows)
        where scope = ${bind(COUNTER_SCOPE)} and exists (select 1 from event_rows) returning last),
     published_events as (
       insert into domain_events (id, type, occurred_at, actor_type, actor_id, impersonator_id, cause, subject_type, subject_id, data)
       select c.last - (select count(*) from event_rows) + r.n, r.type, ${bind(new Date())}::timestamptz, ${bind(actor.type)}::text,
         ${bind(actor.type === 'token' ? (actor.tokenId ?? null) : actor.userId)}::text, ${bind(actor.impersonatorId ?? null)}::text,
         ${bind(actor.cause ?? null)}::text, ${subjectType}::text, r.subject_id, r.data
       from event_rows r cross join event_counter c)`;
}

/** An event as the feed shows it. */
export interface FeedItem {
  id: number;
  type: EventType;
  occurredAt: string;
  actor: { type: Actor['type']; id: string | null; impersonatorId: string | null; cause: string | null };
  subject: { type: string; id: string };
  data: Record<string, unknown>;
}

interface EventRow {
  id: number;
  type: EventType;
  occurred_at: Date;
  actor_type: Actor['type'];
  actor_id: string | null;
  impersonator_id: string | null;
  cause: string | null;
  subject_type: string;
  subject_id: string;
  data: Record<string, unknown>;
}

const toFeedItem = (r: EventRow): FeedItem => ({
  id: Number(r.id),
  type: r.type,
  occurredAt: new Date(r.occurred_at).toISOString(),
  actor: { type: r.actor_type, id: r.actor_id, impersonatorId: r.impersonator_id, cause: r.cause },
  subject: { type: r.subject_type, id: r.subject_id },
  data: r.data,
});

/**
 * Events after cursor `after`, in cursor order, optionally of some types only (`GET /api/v1/events`,
 * modules/events/feed.ts): the next page starts after the last id returned.
 */
export async function readEvents(
  sql: Sql,
  opts: { after?: number; limit?: number; types?: readonly EventType[] } = {},
): Promise<FeedItem[]> {
  const rows = await sql.query<EventRow>(
    `select * from domain_events where id > $1 and ($2::text[] is null or type = any($2::text[])) order by id limit $3`,
    [opts.after ?? 0, opts.types?.length ? opts.types : null, opts.limit ?? 100],
  );
  return rows.map(toFeedItem);
}

/** The events with these ids that are still kept (webhook deliveries), in cursor order. */
export async function readEventsById(sql: Sql, ids: readonly number[]): Promise<FeedItem[]> {
  if (!ids.length) return [];
  const rows = await sql.query<EventRow>(`select * from domain_events where id = any($1::bigint[]) order by id`, [ids]);
  return rows.map(toFeedItem);
}
