import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { noContent } from '../../../common/contract/common';
import {
  createPeopleViewBody,
  peopleColumnsSchema,
  peopleViewListSchema,
  peopleViewSchema,
  putPeopleColumnsBody,
  updatePeopleViewBody,
} from '../../../common/contract/peopleViews';
import { getPeopleColumns, setPeopleColumns } from './peopleColumns';
import { createView, deleteView, listViews, updateView } from './peopleViews';

const tags = ['people views'];
const idParams = z.object({ id: z.string().min(1).max(100) });

/** The People list's chosen columns (per person) and its saved views (docs/decisions/026-people-list-views.md). */
export async function peopleViewRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get('/me/people-columns', { schema: { tags, response: { 200: peopleColumnsSchema } } }, async (req) =>
    getPeopleColumns(db, actorOf(req)),
  );
  r.put(
    '/me/people-columns',
    { schema: { tags, body: putPeopleColumnsBody, response: { 200: peopleColumnsSchema } } },
    async (req) => db.tx((tx) => setPeopleColumns(tx, actorOf(req), req.body.columns)),
  );

  r.get('/people-views', { schema: { tags, response: { 200: peopleViewListSchema } } }, async (req) =>
    listViews(db, actorOf(req)),
  );
  r.post(
    '/people-views',
    { schema: { tags, body: createPeopleViewBody, response: { 201: peopleViewSchema } } },
    async (req, reply) => reply.code(201).send(await db.tx((tx) => createView(tx, actorOf(req), req.body))),
  );
  r.patch(
    '/people-views/:id',
    { schema: { tags, params: idParams, body: updatePeopleViewBody, response: { 200: peopleViewSchema } } },
    async (req) => db.tx((tx) => updateView(tx, actorOf(req), req.params.id, req.body)),
  );
  r.delete(
    '/people-views/:id',
    { schema: { tags, params: idParams, response: { 204: noContent } } },
    async (req, reply) => {
      await db.tx((tx) => deleteView(tx, actorOf(req), req.params.id));
      return reply.code(204).send();
    },
  );
}
