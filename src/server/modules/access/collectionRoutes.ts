import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../../core/actor';
import { actorOf } from '../../core/request';
import type { Db, Sql } from '../../db/index';
import { noContent } from '../../../common/contract/common';
import { idParams } from './guardedRoutes';

/**
 * A collection of things at `path` (permission profiles, saved People views): `list` declares its GET, `create`
 * the POST that answers 201, `update` the PATCH of `path/:id` and `remove` its DELETE (204). Each use case
 * checks the caller's right; the writes run in a transaction. The schemas validate the bodies and the answers as
 * on any route; their types are checked here, at the use cases.
 */
export function collectionRoutes<S extends z.ZodType>(
  api: FastifyInstance,
  db: Db,
  at: { path: string; tags: string[]; item: S },
) {
  const { path, tags } = at;
  const item: z.ZodType = at.item;
  const byId = `${path}/:id`;
  const idOf = (params: unknown) => (params as z.output<typeof idParams>).id;
  return {
    list: <L extends z.ZodType>(schema: L, list: (actor: Actor) => Promise<z.input<L>>) => {
      const answer: z.ZodType = schema;
      api.get(path, { schema: { tags, response: { 200: answer } } }, async (req) => list(actorOf(req)));
    },
    create: <B extends z.ZodType>(
      body: B,
      create: (tx: Sql, actor: Actor, input: z.output<B>) => Promise<z.input<S>>,
    ) =>
      api.post(path, { schema: { tags, body: body as z.ZodType, response: { 201: item } } }, async (req, reply) =>
        reply.status(201).send(await db.tx((tx) => create(tx, actorOf(req), req.body as z.output<B>))),
      ),
    update: <B extends z.ZodType>(
      body: B,
      update: (tx: Sql, actor: Actor, id: string, input: z.output<B>) => Promise<z.input<S>>,
    ) =>
      api.patch(
        byId,
        { schema: { tags, params: idParams, body: body as z.ZodType, response: { 200: item } } },
        async (req) => db.tx((tx) => update(tx, actorOf(req), idOf(req.params), req.body as z.output<B>)),
      ),
    remove: (remove: (tx: Sql, actor: Actor, id: string) => Promise<void>) =>
      api.delete(byId, { schema: { tags, params: idParams, response: { 204: noContent } } }, async (req, reply) => {
        await db.tx((tx) => remove(tx, actorOf(req), idOf(req.params)));
        return reply.status(204).send();
      }),
  };
}
