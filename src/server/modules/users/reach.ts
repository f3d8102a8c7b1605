import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { reachSchema, type Reach } from '../../../common/contract/profiles';
import { holderFor } from '../access/reach';
import { can } from '../access/policy';
import type { ListQuery } from '../people/schemas';
import { countByStatus } from './list';

/**
 * GET /users/{id}/reach (docs/decisions/031-delegated-administration.md): the count the person's own People list
 * would show — the list's own count, run as them — and the list's filter that shows those people.
 */
export async function reachOf(sql: Sql, viewer: Actor, id: string): Promise<Reach> {
  const holder = await holderFor(sql, viewer, id);
  const { total } = await countByStatus(sql, holder, { sort: 'name', limit: 1 } as ListQuery);
  return { count: total, everyone: can(holder, 'people.view'), peopleQuery: `reachOf=${encodeURIComponent(id)}` };
}

export async function reachRoutes(api: FastifyInstance, { db }: AppContext) {
  api.withTypeProvider<ZodTypeProvider>().get(
    '/users/:id/reach',
    {
      schema: {
        tags: ['access'],
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: reachSchema },
      },
    },
    async (req) => reachOf(db, actorOf(req), req.params.id),
  );
}
