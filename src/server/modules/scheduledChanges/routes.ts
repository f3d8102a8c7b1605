import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { noContent } from '../../../common/contract/common';
import {
  changeParams,
  createScheduledChangeSchema,
  scheduledChangeListSchema,
  scheduledChangeSchema,
} from '../../../common/contract/lifecycle';
import { cancelChange, listChanges, scheduleChange } from './service';

const userParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['scheduled-changes'];

/** Effective-dated changes on a profile (docs/decisions/024-lifecycle-rules.md). */
export async function scheduledChangeRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/users/:id/scheduled-changes',
    { schema: { tags, params: userParams, response: { 200: scheduledChangeListSchema } } },
    async (req) => ({ items: await listChanges(db, actorOf(req), req.params.id) }),
  );

  r.post(
    '/users/:id/scheduled-changes',
    {
      // A scheduled role change hands out credentials on its date (http/auth.ts `credentials`).
      config: { credentials: true },
      schema: {
        tags,
        params: userParams,
        body: createScheduledChangeSchema,
        response: { 201: scheduledChangeSchema },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const out = await db.tx((tx) => scheduleChange(tx, actor, req.params.id, req.body));
      return reply.status(201).send(out);
    },
  );

  r.delete(
    '/users/:id/scheduled-changes/:changeId',
    { schema: { tags, params: changeParams, response: { 204: noContent } } },
    async (req, reply) => {
      const actor = actorOf(req);
      await db.tx((tx) => cancelChange(tx, actor, req.params.id, req.params.changeId));
      return reply.status(204).send();
    },
  );
}
