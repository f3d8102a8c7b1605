import { USER_FIELDS_WITH_VALUES, type EventType } from '../../core/eventCatalogue';
import type { FeedItem } from '../../core/events';

/**
 * What the event feed and webhooks show of each event type (docs/decisions/018-event-feed-and-webhooks.md).
 * The catalogue (core/eventCatalogue.ts) already keeps personal values and notes out of the outbox; this is a
 * second wall: each type names the `data` keys that leave Roster, so a key added to the outbox later stays
 * inside until someone decides here that readers may see it. Readers are Owners, Admins and `events` tokens.
 */
type Projection = (data: Record<string, unknown>) => Record<string, unknown>;

const pick =
  (...keys: string[]): Projection =>
  (data) =>
    Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k]]));

const WITH_VALUES = new Set<string>(USER_FIELDS_WITH_VALUES);

export const PUBLIC_PROJECTION: Record<EventType, Projection> = {
  'user.created': pick('status', 'role'),
  // Changed fields are named; values only for the fields the catalogue allows (role, manager, break, expiry…).
  'user.updated': (data) => ({
    fields: Array.isArray(data.fields) ? data.fields.filter((f): f is string => typeof f === 'string') : [],
    changes: Object.fromEntries(
      Object.entries((data.changes as Record<string, unknown> | undefined) ?? {}).filter(([k]) => WITH_VALUES.has(k)),
    ),
  }),
  'user.status_changed': pick('from', 'to', 'cause'),
  'user.password_changed': pick(),
  'user.deleted': pick(),
  'user.restored': pick(),
  'user.anonymised': pick(),
  'team.member_added': pick('userId'),
  'team.member_removed': pick('userId'),
  'team.manager_added': pick('userId'),
  'team.manager_removed': pick('userId'),
  'group.member_joined': pick('userId', 'cause'),
  'group.member_left': pick('userId', 'cause'),
};

/** The event as integrations receive it (the feed's items, a webhook delivery's body). */
export interface PublicEvent {
  id: string;
  type: EventType;
  occurredAt: string;
  actor: { type: FeedItem['actor']['type']; id: string | null; impersonatorId: string | null; cause: string | null };
  subject: { type: string; id: string };
  data: Record<string, unknown>;
}

export function toPublicEvent(e: FeedItem): PublicEvent {
  const project = PUBLIC_PROJECTION[e.type] ?? pick();
  return {
    id: String(e.id),
    type: e.type,
    occurredAt: e.occurredAt,
    actor: { type: e.actor.type, id: e.actor.id, impersonatorId: e.actor.impersonatorId, cause: e.actor.cause },
    subject: { type: e.subject.type, id: e.subject.id },
    data: project(e.data ?? {}),
  };
}
