import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import type { Actor } from '../../core/actor';
import { forbidden, notFound } from '../../core/errors';
import { can, canSee } from '../access/policy';
import { findUser } from '../people/repo';
import * as groups from './service';
import { noContent } from '../../../common/contract/common';
import {
  groupEventPageSchema,
  groupListSchema,
  groupMemberPageSchema,
  groupPreviewSchema,
  groupSchema,
  userGroupsSchema,
} from '../../../common/contract/groups';

const idParams = z.object({ id: z.string().min(1).max(100) });
const name = z.string().trim().min(1, 'A name is required.').max(200);
/** Rules are validated by the rules module, which reports errors at the JSON path of the bad node. */
const rules = z.unknown();
const page = z
  .object({ limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.string().max(500).optional() })
  .strict();

export async function groupRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['groups'];

  r.get('/groups', { schema: { tags, response: { 200: groupListSchema } } }, async (req) => {
    const items = await groups.listGroups(db, actorOf(req));
    return { items, nextCursor: null, total: items.length };
  });

  r.post(
    '/groups',
    { schema: { tags, body: z.object({ name, rules }).strict(), response: { 201: groupSchema } } },
    async (req, reply) => {
      const g = await db.tx((tx) => groups.createGroup(tx, actorOf(req), req.body));
      return reply.status(201).send(groups.toGroupDto(g));
    },
  );

  r.post(
    '/groups/preview',
    {
      schema: {
        tags,
        body: z.object({ rules, sampleSize: z.number().int().min(0).max(50).optional() }).strict(),
        response: { 200: groupPreviewSchema },
      },
    },
    async (req) => groups.preview(db, actorOf(req), req.body.rules, req.body.sampleSize),
  );

  r.get('/groups/:id', { schema: { tags, params: idParams, response: { 200: groupSchema } } }, async (req) =>
    groups.toGroupDto(await groups.getGroup(db, actorOf(req), req.params.id)),
  );

  r.patch(
    '/groups/:id',
    {
      schema: {
        tags,
        params: idParams,
        body: z.object({ name: name.optional(), rules: rules.optional() }).strict(),
        response: { 200: groupSchema },
      },
    },
    async (req) =>
      groups.toGroupDto(await db.tx((tx) => groups.updateGroup(tx, actorOf(req), req.params.id, req.body))),
  );

  r.delete('/groups/:id', { schema: { tags, params: idParams, response: { 204: noContent } } }, async (req, reply) => {
    await db.tx((tx) => groups.deleteGroup(tx, actorOf(req), req.params.id));
    return reply.status(204).send();
  });

  r.get(
    '/groups/:id/members',
    { schema: { tags, params: idParams, querystring: page, response: { 200: groupMemberPageSchema } } },
    async (req) => groups.listMembers(db, actorOf(req), req.params.id, req.query),
  );

  r.get(
    '/groups/:id/events',
    { schema: { tags, params: idParams, querystring: page, response: { 200: groupEventPageSchema } } },
    async (req) => {
      await groups.getGroup(db, actorOf(req), req.params.id);
      return groups.listEvents(db, { groupId: req.params.id }, req.query);
    },
  );

  /** A user's groups now and their join/leave history: group managers, or the user themselves. */
  r.get(
    '/users/:id/groups',
    { schema: { tags, params: idParams, response: { 200: userGroupsSchema } } },
    async (req) => {
      await assertMayReadUserGroups(actorOf(req), req.params.id);
      return { items: await groups.groupsOfUser(db, req.params.id) };
    },
  );

  r.get(
    '/users/:id/group-events',
    { schema: { tags, params: idParams, querystring: page, response: { 200: groupEventPageSchema } } },
    async (req) => {
      await assertMayReadUserGroups(actorOf(req), req.params.id);
      return groups.listEvents(db, { userId: req.params.id }, req.query);
    },
  );

  async function assertMayReadUserGroups(actor: Actor, id: string) {
    const user = await findUser(db, id);
    if (!user || !(await canSee(db, actor, user))) throw notFound('User');
    if (!can(actor, 'groups.manage') && actor.userId !== id) throw forbidden();
  }
}
