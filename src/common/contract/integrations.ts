import { z } from 'zod';
import { listOf, timestamp } from './common';

/**
 * The event feed and webhooks (docs/decisions/018-event-feed-and-webhooks.md): what integrations read.
 * The event types are the server's catalogue (core/eventCatalogue.ts; test/events/feed.test.ts checks they match).
 */
export const EVENT_TYPE_NAMES = [
  'user.created',
  'user.updated',
  'user.status_changed',
  'user.password_changed',
  'user.deleted',
  'user.restored',
  'user.anonymised',
  'team.member_added',
  'team.member_removed',
  'team.manager_added',
  'team.manager_removed',
  'group.member_joined',
  'group.member_left',
] as const;

export const publicEventSchema = z.object({
  /** The cursor position of this event (digits). */
  id: z.string(),
  type: z.enum(EVENT_TYPE_NAMES),
  occurredAt: timestamp,
  actor: z.object({
    type: z.enum(['user', 'token', 'system']),
    id: z.string().nullable(),
    impersonatorId: z.string().nullable(),
    cause: z.string().nullable(),
  }),
  subject: z.object({ type: z.string(), id: z.string() }),
  data: z.record(z.string(), z.unknown()),
});
export type PublicEventDto = z.infer<typeof publicEventSchema>;

/** A page of the feed: `nextCursor` is always set; ask again with `after=<nextCursor>`. */
export const eventFeedSchema = z.object({ items: z.array(publicEventSchema), nextCursor: z.string() });

export const webhookEventsSchema = z
  .array(z.union([z.literal('*'), z.enum(EVENT_TYPE_NAMES)]))
  .min(1)
  .max(EVENT_TYPE_NAMES.length + 1);

export const webhookInputSchema = z
  .object({
    url: z.url().max(2000),
    events: webhookEventsSchema,
    description: z.string().trim().max(500).nullable().optional(),
  })
  .strict();

export const webhookPatchSchema = z
  .object({
    url: z.url().max(2000).optional(),
    events: webhookEventsSchema.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  /** Why it was disabled ("failing for 3 days", or by whom), when it is. */
  disabledReason: z.string().nullable(),
  /** The first failure since the last success, while it keeps failing. */
  failingSince: timestamp.nullable(),
  /** While a rotation's previous secret still signs deliveries. */
  previousSecretUntil: timestamp.nullable(),
  createdBy: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Webhook = z.infer<typeof webhookSchema>;
export const webhookListSchema = listOf(webhookSchema);

/** The signing secret comes back once, here (creation and rotation), and never again. */
export const webhookSecretSchema = z.object({ id: z.string(), secret: z.string() });

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const webhookDeliverySchema = z.object({
  /** The webhook-id header: the same on every attempt. */
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastAttemptAt: timestamp.nullable(),
  nextAttemptAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
export const webhookDeliveryPageSchema = z.object({
  items: z.array(webhookDeliverySchema),
  nextCursor: z.string().nullable(),
});
