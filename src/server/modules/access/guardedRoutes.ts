import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
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
        actorAllowedTo(req, 'settings.manage');
        return read();
      }),
    patch: write('PATCH'),
    put: write('PUT'),
  };
}

/** The `:id` of a resource in a path. */
export const idParams = z.object({ id: z.string().min(1).max(100) });

/**
 * GETs of one resource by its `:id`, under `tags`: each answers what `read` finds for the caller and that id
 * (`read` checks the caller's right and scope, as every use case does).
 */
export const readsById =
  (api: FastifyInstance, tags: string[]) =>
  <S extends z.ZodType>(path: string, response: S, read: (actor: Actor, id: string) => Promise<z.input<S>>) => {
    const answer: z.ZodType = response;
    api.get(path, { schema: { tags, params: idParams, response: { 200: answer } } }, async (req) =>
      read(actorOf(req), (req.params as z.output<typeof idParams>).id),
    );
  };
