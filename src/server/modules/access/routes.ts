import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { accessExplanationSchema, grantSchema, noteSchema, personAccessSchema } from '../../../common/contract/access';
import { listOf, noContent } from '../../../common/contract/common';
import { addGrant, grantInputSchema, listGrants, removeGrant } from './grants';
import { addNote, deleteNote, listNotes, noteInputSchema, updateNote } from './notes';
import { explain, whoCanSee } from './explain';
import { idParams, readsById } from './guardedRoutes';

const noteParams = idParams.extend({ noteId: z.string().min(1).max(100) });

/** Grants and notes: the access features that sit on a user's profile. */
export async function accessRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const personRead = readsById(api, ['access']);

  // The access explainer (access/explain.ts): the policy's own answer, with the rules that decide it.
  personRead('/users/:id/access', personAccessSchema, (actor, id) => whoCanSee(db, actor, id));
  r.get(
    '/access/explain',
    {
      schema: {
        tags: ['access'],
        // Both are required; checked after the caller's right, so a caller without it learns nothing (403).
        querystring: z
          .object({ actor: z.string().max(100).optional(), target: z.string().max(100).optional() })
          .strict(),
        response: { 200: accessExplanationSchema },
      },
    },
    async (req) => explain(db, actorOf(req), req.query.actor, req.query.target),
  );

  personRead('/users/:id/grants', listOf(grantSchema), async (actor, id) => ({
    items: await listGrants(db, actor, id),
  }));
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

  personRead('/users/:id/notes', listOf(noteSchema), async (actor, id) => ({ items: await listNotes(db, actor, id) }));
  r.post(
    '/users/:id/notes',
    { schema: { tags: ['access'], params: idParams, body: noteInputSchema, response: { 201: noteSchema } } },
    async (req, reply) =>
      reply.status(201).send(await db.tx((tx) => addNote(tx, actorOf(req), req.params.id, req.body.body))),
  );
  // Changing a note: its author, an Admin or an Owner; each edit and the deletion are audited with the text.
  r.patch(
    '/users/:id/notes/:noteId',
    { schema: { tags: ['access'], params: noteParams, body: noteInputSchema, response: { 200: noteSchema } } },
    async (req) => db.tx((tx) => updateNote(tx, actorOf(req), req.params.id, req.params.noteId, req.body.body)),
  );
  r.delete(
    '/users/:id/notes/:noteId',
    { schema: { tags: ['access'], params: noteParams, response: { 204: noContent } } },
    async (req, reply) => {
      await db.tx((tx) => deleteNote(tx, actorOf(req), req.params.id, req.params.noteId));
      return reply.status(204).send();
    },
  );
}
