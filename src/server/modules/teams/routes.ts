import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../core/actor';
import type { AppContext } from '../../core/context';
import type { Sql } from '../../db/index';
import { actorOf } from '../../core/request';
import { can } from '../access/policy';
import { assertCanManageTeam, canManageTeam, teamManagement } from '../access/teams';
import * as joins from './joinRequests';
import * as members from './members';
import { findTeamWithCounts, JOIN_POLICIES, listTeams, toTeamDto } from './repo';
import { noContent } from '../../../common/contract/common';
import {
  joinRequestListSchema,
  joinRequestSchema,
  teamDetailSchema,
  teamListSchema,
  teamManagerListSchema,
  teamMemberPageSchema,
  teamMembershipSchema,
  teamSchema,
} from '../../../common/contract/teams';
import { createTeam, deleteTeam, updateTeam } from './service';

const id = z.string().min(1).max(100);
const idParams = z.object({ id });
const memberParams = z.object({ id, userId: id });
const requestParams = z.object({ id, requestId: id });
const name = z.string().trim().min(1, 'A name is required.').max(200);
const userBody = z.object({ userId: id }).strict();
type MembershipChange = (tx: Sql, actor: Actor, teamId: string, userId: string) => Promise<unknown>;
const boolString = z.enum(['true', 'false']).transform((v) => v === 'true');

export async function teamRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['teams'];

  /** `POST /teams/{id}/<kind>` (201 with the pair) and `DELETE /teams/{id}/<kind>/{userId}` (204), each in a transaction. */
  const membershipRoutes = (
    kind: 'members' | 'managers',
    add: MembershipChange,
    remove: MembershipChange,
    addConfig: FastifyContextConfig = {},
  ) => {
    r.post(
      `/teams/:id/${kind}`,
      {
        config: addConfig,
        schema: { tags, params: idParams, body: userBody, response: { 201: teamMembershipSchema } },
      },
      async (req, reply) => {
        await db.tx((tx) => add(tx, actorOf(req), req.params.id, req.body.userId));
        return reply.status(201).send({ teamId: req.params.id, userId: req.body.userId });
      },
    );
    r.delete(
      `/teams/:id/${kind}/:userId`,
      { schema: { tags, params: memberParams, response: { 204: noContent } } },
      async (req, reply) => {
        await db.tx((tx) => remove(tx, actorOf(req), req.params.id, req.params.userId));
        return reply.status(204).send();
      },
    );
  };

  /** Every signed-in person sees the tree (to find teams to join); `mine=true` keeps the teams they manage. */
  r.get(
    '/teams',
    {
      schema: {
        tags,
        querystring: z.object({ mine: boolString.optional() }).strict(),
        response: { 200: teamListSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { manages, mine } = await teamManagement(db, actor);
      const rows = (await listTeams(db)).filter((t) => !req.query.mine || mine(t.path));
      const items = rows.map((t) => ({ ...toTeamDto(t), canManage: manages(t.path) }));
      return { items, nextCursor: null, total: items.length };
    },
  );

  r.post(
    '/teams',
    {
      schema: {
        tags,
        body: z
          .object({ name, parentId: id.nullable().optional(), joinPolicy: z.enum(JOIN_POLICIES).optional() })
          .strict(),
        response: { 201: teamSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(toTeamDto(await db.tx((tx) => createTeam(tx, actorOf(req), req.body)))),
  );

  r.get('/teams/:id', { schema: { tags, params: idParams, response: { 200: teamDetailSchema } } }, async (req) => {
    const actor = actorOf(req);
    const team = await findTeamWithCounts(db, req.params.id);
    return {
      ...toTeamDto(team),
      canManage: await canManageTeam(db, actor, team.id),
      managers: await members.listManagers(db, actor, team.id),
    };
  });

  r.patch(
    '/teams/:id',
    {
      schema: {
        tags,
        params: idParams,
        body: z
          .object({
            name: name.optional(),
            parentId: id.nullable().optional(),
            joinPolicy: z.enum(JOIN_POLICIES).optional(),
          })
          .strict(),
        response: { 200: teamSchema },
      },
    },
    async (req) => toTeamDto(await db.tx((tx) => updateTeam(tx, actorOf(req), req.params.id, req.body))),
  );

  r.delete(
    '/teams/:id',
    {
      schema: {
        tags,
        params: idParams,
        querystring: z
          .object({
            subteams: z.enum(['move_to_parent', 'delete']).optional(),
            members: z.enum(['move_to_parent', 'remove']).optional(),
          })
          .strict(),
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await db.tx((tx) => deleteTeam(tx, actorOf(req), req.params.id, req.query));
      return reply.status(204).send();
    },
  );

  r.get(
    '/teams/:id/members',
    {
      schema: {
        tags,
        params: idParams,
        querystring: z
          .object({
            includeSubteams: boolString.optional(),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            cursor: z.string().max(500).optional(),
          })
          .strict(),
        response: { 200: teamMemberPageSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      if (!can(actor, 'people.view')) await assertCanManageTeam(db, actor, req.params.id);
      const team = await findTeamWithCounts(db, req.params.id);
      const page = await members.listMembers(db, team.id, {
        includeSubteams: req.query.includeSubteams ?? false,
        limit: req.query.limit,
        cursor: req.query.cursor,
      });
      return { ...page, total: req.query.includeSubteams ? team.member_count_with_subteams! : team.member_count! };
    },
  );

  membershipRoutes('members', members.addMember, members.removeMember, { credentials: true });

  r.get(
    '/teams/:id/managers',
    { schema: { tags, params: idParams, response: { 200: teamManagerListSchema } } },
    async (req) => {
      const items = await members.listManagers(db, actorOf(req), req.params.id);
      return { items, nextCursor: null, total: items.length };
    },
  );

  membershipRoutes('managers', members.addManager, members.removeManager);

  r.get(
    '/teams/:id/join-requests',
    {
      schema: {
        tags,
        params: idParams,
        querystring: z.object({ status: z.enum(['pending', 'approved', 'declined']).optional() }).strict(),
        response: { 200: joinRequestListSchema },
      },
    },
    async (req) => {
      const items = await joins.listRequests(db, actorOf(req), req.params.id, req.query.status);
      return { items, nextCursor: null, total: items.length };
    },
  );

  /** The caller asks to join (on_request) or joins at once (open: the request comes back approved). */
  r.post(
    '/teams/:id/join-requests',
    { schema: { tags, params: idParams, response: { 201: joinRequestSchema } } },
    async (req, reply) =>
      reply
        .status(201)
        .send(joins.toRequestDto(await db.tx((tx) => joins.requestToJoin(tx, actorOf(req), req.params.id)))),
  );

  for (const action of ['approve', 'decline'] as const) {
    r.post(
      `/teams/:id/join-requests/:requestId/${action}`,
      { schema: { tags, params: requestParams, response: { 200: joinRequestSchema } } },
      async (req) =>
        joins.toRequestDto(
          await db.tx((tx) =>
            joins.decide(tx, actorOf(req), req.params.id, req.params.requestId, action === 'approve'),
          ),
        ),
    );
  }
}
