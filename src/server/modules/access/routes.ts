import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { grantSchema, noteSchema } from '../../../common/contract/access';
import { listOf, noContent } from '../../../common/contract/common';
import { addGrant, grantInputSchema, listGrants, removeGrant } from './grants';
import { addNote, listNotes, noteInputSchema } from './notes';

const idParams = z.object({ id: z.string().min(1).max(100) });

/** Grants and notes: the access features that sit on a user's profile. */
export async function accessRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/users/:id/grants',
    { schema: { tags: ['access'], params: idParams, response: { 200: listOf(grantSchema) } } },
    async (req) => ({ items: await listGrants(db, actorOf(req), req.params.id) }),
  );
  r.post(
    '/users/:id/grants',
    {
      config: { credentials: true },
      schema: { tags: ['access'], params: idParams, body: grantInputSchema, response: { 201: grantSchema } },
    },
    async (req, reply) =>
      reply.status(201).send(await db.tx((tx) => addGrant(tx, actorOf(req), req.params.id, req.body))),
  );
  r.delete(
    '/users/:id/grants/:grantId',
    {
      schema: {
        tags: ['access'],
        params: idParams.extend({ grantId: z.string().max(100) }),
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await db.tx((tx) => removeGrant(tx, actorOf(req), req.params.id, req.params.grantId));
      return reply.status(204).send();
    },
  );

  r.get(
    '/users/:id/notes',
    { schema: { tags: ['access'], params: idParams, response: { 200: listOf(noteSchema) } } },
    async (req) => ({ items: await listNotes(db, actorOf(req), req.params.id) }),
  );
  r.post(
    '/users/:id/notes',
    { schema: { tags: ['access'], params: idParams, body: noteInputSchema, response: { 201: noteSchema } } },
    async (req, reply) =>
      reply.status(201).send(await db.tx((tx) => addNote(tx, actorOf(req), req.params.id, req.body.body))),
  );
}
