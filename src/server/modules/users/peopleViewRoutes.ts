import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
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
import { collectionRoutes } from '../access/collectionRoutes';

const tags = ['people views'];

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

  const views = collectionRoutes(api, db, { path: '/people-views', tags, item: peopleViewSchema });
  views.list(peopleViewListSchema, (actor) => listViews(db, actor));
  views.create(createPeopleViewBody, createView);
  views.update(updatePeopleViewBody, updateView);
  views.remove(deleteView);
}
