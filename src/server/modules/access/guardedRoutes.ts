import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../../core/actor';
import { actorOf } from '../../core/request';
import { assertCan, type Ability } from './policy';

/** The caller of a route that needs `ability`: 401 when nobody is signed in, 403 without the ability. */
export function actorAllowedTo(req: FastifyRequest, ability: Ability): Actor {
  const actor = actorOf(req);
  assertCan(actor, ability);
  return actor;
}

/**
 * A section of the organisation's settings at one path, for those with `settings.manage`: `get` declares its
 * GET, `patch` or `put` the write that answers with what is now saved. The schemas validate the body and the
 * answer as on any route; their types are checked here, at `read` and `save`.
 */
export function settingsSection<S extends z.ZodType>(
  api: FastifyInstance,
  at: { path: string; tags: string[]; schema: S },
) {
  const { path, tags } = at;
  const response: { 200: z.ZodType } = { 200: at.schema };
  const write =
    (method: 'PATCH' | 'PUT') =>
    <B extends z.ZodType>(body: B, save: (actor: Actor, body: z.output<B>) => Promise<z.input<S>>) =>
      api.route({
        method,
        url: path,
        schema: { tags, body: body as z.ZodType, response },
        handler: async (req) => save(actorAllowedTo(req, 'settings.manage'), req.body as z.output<B>),
      });
  return {
    get: (read: () => Promise<z.input<S>>) =>
      api.get(path, { schema: { tags, response } }, async (req) => {
        assertCan(actorOf(req), 'settings.manage');
        return read();
      }),
    patch: write('PATCH'),
    put: write('PUT'),
  };
}
