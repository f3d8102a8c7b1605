import { z } from 'zod';
import type { Db, Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { forbidden } from '../../core/errors';
import { readEvents } from '../../core/events';
import { EVENT_TYPES, type EventType } from '../../core/eventCatalogue';
import { toPublicEvent, type PublicEvent } from './projection';

/**
 * The event feed (`GET /api/v1/events`, docs/decisions/018-event-feed-and-webhooks.md): the domain_events outbox
 * read in cursor order through the public projection. A reader stores `nextCursor` and asks again with it.
 */

export const FEED_MAX_LIMIT = 1000;

export const feedQuerySchema = z
  .object({
    after: z
      .string()
      .regex(/^\d{1,18}$/, 'A cursor is a nextCursor from an earlier page (digits).')
      .optional(),
    limit: z.coerce.number().int().min(1).max(FEED_MAX_LIMIT).default(100),
    types: z
      .string()
      .max(2000)
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        const types = [...new Set(v.split(',').map((t) => t.trim()))].filter(Boolean);
        const unknown = types.filter((t) => !(EVENT_TYPES as string[]).includes(t));
        if (unknown.length) ctx.addIssue({ code: 'custom', message: `Unknown event types: ${unknown.join(', ')}.` });
        return types as EventType[];
      }),
  })
  .strict();
export type FeedQuery = z.infer<typeof feedQuerySchema>;

/** Owners and Admins from a session of their own, and `events` tokens whose creator is still one. */
export function assertMayReadFeed(actor: Actor): void {
  const adminRole = actor.role === 'owner' || actor.role === 'admin';
  if (actor.type === 'token' && actor.tokenScope === 'events' && adminRole) return;
  if (actor.type === 'user' && adminRole && !actor.impersonatorId) return;
  throw forbidden('The event feed is for Owners, Admins and tokens with the events scope.');
}

export interface FeedPage {
  items: PublicEvent[];
  nextCursor: string;
}

/**
 * One page after `after`. The newest id is read first: every event up to it had committed then (commit order
 * is cursor order), so when a type filter leaves the page short the cursor may move on to it, and a reader
 * filtering on a rare type does not scan the same events again.
 */
export async function readFeed(sql: Sql, q: FeedQuery): Promise<FeedPage> {
  const after = Number(q.after ?? 0);
  const [head] = await sql.query<{ last: number | null }>(`select max(id) as last from domain_events`);
  const items = await readEvents(sql, { after, limit: q.limit, types: q.types });
  let next = items.length ? items[items.length - 1]!.id : after;
  if (items.length < q.limit && head?.last != null) next = Math.max(next, Number(head.last));
  return { items: items.map(toPublicEvent), nextCursor: String(next) };
}

/** Retention (settings `eventRetentionDays`): events older than that are removed, a batch at a time. */
export async function pruneEvents(db: Db, before: Date, batch = 10_000): Promise<number> {
  let removed = 0;
  for (;;) {
    const rows = await db.query<{ n: number }>(
      `with gone as (
         delete from domain_events where id in (
           select id from domain_events where occurred_at < $1 order by id limit $2)
         returning 1)
       select count(*)::int as n from gone`,
      [before, batch],
    );
    removed += rows[0]!.n;
    if (rows[0]!.n < batch) return removed;
  }
}
