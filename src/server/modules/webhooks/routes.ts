import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import {
  DELIVERY_STATUSES,
  webhookDeliveryPageSchema,
  webhookDeliverySchema,
  webhookInputSchema,
  webhookListSchema,
  webhookPatchSchema,
  webhookSchema,
  webhookSecretSchema,
} from '../../../common/contract/integrations';
import { noContent } from '../../../common/contract/common';
import {
  assertMayManageWebhooks,
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  retryDelivery,
  rotateSecret,
  updateWebhook,
} from './service';

const idParams = z.object({ id: z.string().min(1).max(100) });
const deliveryParams = idParams.extend({ deliveryId: z.string().min(1).max(100) });
const deliveriesQuery = z
  .object({
    cursor: z
      .string()
      .regex(/^\d{1,18}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    status: z.enum(DELIVERY_STATUSES).optional(),
  })
  .strict();

/** Webhooks (docs/decisions/018-event-feed-and-webhooks.md): Owners and Admins only. */
export async function webhookRoutes(api: FastifyInstance, { db, config }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const allowPrivate = config.webhookAllowPrivate;
  const tags = ['webhooks'];
  /** The caller, once they may manage webhooks. */
  const manager = (req: FastifyRequest) => {
    const actor = actorOf(req);
    assertMayManageWebhooks(actor);
    return actor;
  };

  r.post(
    '/webhooks',
    { schema: { tags, body: webhookInputSchema, response: { 201: webhookSecretSchema } } },
    async (req, reply) => {
      const actor = manager(req);
      return reply.status(201).send(await db.tx((tx) => createWebhook(tx, actor, req.body, allowPrivate)));
    },
  );
  r.get('/webhooks', { schema: { tags, response: { 200: webhookListSchema } } }, async (req) => {
    manager(req);
    return { items: await listWebhooks(db) };
  });
  r.get('/webhooks/:id', { schema: { tags, params: idParams, response: { 200: webhookSchema } } }, async (req) => {
    manager(req);
    return getWebhook(db, req.params.id);
  });
  r.patch(
    '/webhooks/:id',
    { schema: { tags, params: idParams, body: webhookPatchSchema, response: { 200: webhookSchema } } },
    async (req) => {
      const actor = manager(req);
      return db.tx((tx) => updateWebhook(tx, actor, req.params.id, req.body, allowPrivate));
    },
  );
  r.delete(
    '/webhooks/:id',
    { schema: { tags, params: idParams, response: { 204: noContent } } },
    async (req, reply) => {
      const actor = manager(req);
      await db.tx((tx) => deleteWebhook(tx, actor, req.params.id));
      return reply.status(204).send();
    },
  );
  r.post(
    '/webhooks/:id/rotate-secret',
    { schema: { tags, params: idParams, response: { 201: webhookSecretSchema } } },
    async (req, reply) => {
      const actor = manager(req);
      return reply.status(201).send(await db.tx((tx) => rotateSecret(tx, actor, req.params.id)));
    },
  );
  r.get(
    '/webhooks/:id/deliveries',
    { schema: { tags, params: idParams, querystring: deliveriesQuery, response: { 200: webhookDeliveryPageSchema } } },
    async (req) => {
      manager(req);
      return listDeliveries(db, req.params.id, req.query);
    },
  );
  r.post(
    '/webhooks/:id/deliveries/:deliveryId/retry',
    { schema: { tags, params: deliveryParams, response: { 200: webhookDeliverySchema } } },
    async (req) => {
      const actor = manager(req);
      return db.tx((tx) => retryDelivery(tx, actor, req.params.id, req.params.deliveryId));
    },
  );
}
