/** Webhooks and the event feed (Owners and Admins): docs/api.md, docs/decisions/018-event-feed-and-webhooks.md. */
import type { z } from 'zod';
import { http } from '../../common/api/client';
import type {
  eventFeedSchema,
  webhookDeliveryPageSchema,
  webhookSecretSchema,
  Webhook,
  WebhookDelivery,
} from '../../../common/contract/integrations';

export type { Webhook, WebhookDelivery };
export { EVENT_TYPE_NAMES } from '../../../common/contract/integrations';
export type WebhookSecret = z.infer<typeof webhookSecretSchema>;
export type DeliveryPage = z.infer<typeof webhookDeliveryPageSchema>;
export type EventFeedPage = z.infer<typeof eventFeedSchema>;

export interface WebhookInput {
  url: string;
  events: string[];
  description?: string | null;
}

export const webhooksApi = {
  list: () => http.get<{ items: Webhook[] }>('/webhooks'),
  create: (body: WebhookInput) => http.post<WebhookSecret>('/webhooks', body),
  update: (id: string, body: Partial<WebhookInput> & { enabled?: boolean }) =>
    http.patch<Webhook>(`/webhooks/${encodeURIComponent(id)}`, body),
  remove: (id: string) => http.del<void>(`/webhooks/${encodeURIComponent(id)}`),
  rotate: (id: string) => http.post<WebhookSecret>(`/webhooks/${encodeURIComponent(id)}/rotate-secret`),
  deliveries: (id: string, cursor?: string) =>
    http.get<DeliveryPage>(`/webhooks/${encodeURIComponent(id)}/deliveries`, cursor ? { cursor } : undefined),
  retry: (id: string, deliveryId: string) =>
    http.post<WebhookDelivery>(
      `/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`,
    ),
  events: (after?: string, types?: string[]) =>
    http.get<EventFeedPage>('/events', {
      ...(after ? { after } : {}),
      limit: 50,
      ...(types?.length ? { types: types.join(',') } : {}),
    }),
};
