import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { idParams, readsById } from '../access/guardedRoutes';
import type { Actor } from '../../core/actor';
import { AppError, invalid, notFound } from '../../core/errors';
import { assertNotSelf, can, relationTo } from '../access/policy';
import { personActions } from '../access/people';
import { assertCanManageTeam } from '../access/teams';
import { addMemberInScope } from '../teams/members';
import { findTeam } from '../teams/repo';
import * as invitations from '../invitations/invitations';
import { countByStatus, listUsersJson } from './list';
import { findUser, toDto, type UserRow } from '../people/repo';
import { BULK_ACTIONS, LIFECYCLE_ACTIONS, actionPath, type LifecycleAction } from '../../../common/contract/actions';
import { noContent } from '../../../common/contract/common';
import {
  bulkResultSchema,
  invitationHistorySchema,
  statusCountsSchema,
  statusHistorySchema,
  userDetailSchema,
  userPageSchema,
  userSchema,
} from '../../../common/contract/users';
import { createUserSchema, listQuerySchema, updateUserSchema } from '../people/schemas';
import { createUser, deleteUser, loadForChange, performAction, updateUser } from './service';
import { previewHandOver } from './handOver';
import { userRelations } from './relations';
import { userRelationsSchema } from '../../../common/contract/relations';
import { handOverPlanSchema, handOverPreviewSchema } from '../../../common/contract/handOver';

/** Sends text that is already the answer's JSON (Fastify sends a string with a JSON content type as it is). */
function sendJsonText(reply: FastifyReply, json: string) {
  return reply.type('application/json; charset=utf-8').send(json);
}

/** Actions that hand out a credential (see `credentials` in http/auth.ts). */
const CREDENTIAL_ACTIONS: readonly LifecycleAction[] = ['invite', 'set_password'];
const actionBody = z
  .object({
    at: z.iso.datetime({ offset: true }).optional(),
    password: z.string().max(200).optional(),
    /** Deactivate only: who takes over their reports and teams (GET /users/{id}/hand-over previews it). */
    handOver: handOverPlanSchema.optional(),
  })
  .strict()
  .optional();
// Null: a DELETE without a body, as before hand-overs.
const deleteBody = z.object({ handOver: handOverPlanSchema.optional() }).strict().nullish();
const handOverQuery = z.object({ to: z.string().min(1).max(100).optional() }).strict();

const bulkSchema = z
  .object({
    action: z.enum(BULK_ACTIONS),
    userIds: z.array(z.string().min(1).max(100)).min(1).max(1000),
    /** For set_expiry: the new expiry (null clears it). */
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
    /** For add_to_team: the team (the caller must manage it). */
    teamId: z.string().min(1).max(100).optional(),
  })
  .strict()
  .refine((b) => b.action !== 'set_expiry' || b.expiresAt !== undefined, {
    message: 'expiresAt is required for set_expiry.',
    path: ['expiresAt'],
  })
  .refine((b) => b.action !== 'add_to_team' || b.teamId !== undefined, {
    message: 'teamId is required for add_to_team.',
    path: ['teamId'],
  });

export async function userRoutes(api: FastifyInstance, { db, config }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const detail = async (actor: Actor, u: UserRow) => ({
    ...toDto(u),
    allowedActions: personActions(actor, u, await relationTo(db, actor, u)),
  });

  r.get(
    '/users',
    { schema: { tags: ['users'], querystring: listQuerySchema, response: { 200: userPageSchema } } },
    // Already JSON, written by PostgreSQL from toDto's declaration (docs/decisions/028-list-page-cpu.md): a string
    // with a JSON content type is sent as it is, past the schema's serializer.
    async (req, reply) => sendJsonText(reply, await listUsersJson(db, actorOf(req), req.query, config.listTotalBound)),
  );

  r.get(
    '/users/counts',
    { schema: { tags: ['users'], querystring: listQuerySchema, response: { 200: statusCountsSchema } } },
    async (req) => countByStatus(db, actorOf(req), req.query),
  );

  r.post(
    '/users',
    { schema: { tags: ['users'], body: createUserSchema, response: { 201: userSchema } } },
    async (req, reply) => {
      const user = await db.tx((tx) => createUser(tx, actorOf(req), req.body));
      return reply.status(201).send(toDto(user));
    },
  );

  r.get(
    '/users/:id',
    { schema: { tags: ['users'], params: idParams, response: { 200: userDetailSchema } } },
    async (req) => {
      const actor = actorOf(req);
      const user = await findUser(db, req.params.id, { includeDeleted: can(actor, 'people.delete') });
      if (!user) throw notFound('User');
      const rel = await relationTo(db, actor, user, { managerPath: user.manager_path });
      if (!rel.visible) throw notFound('User');
      return { ...toDto(user), allowedActions: personActions(actor, user, rel) };
    },
  );

  /** Manager chain, direct reports, teams and groups, as far as the caller sees (./relations.ts). */
  readsById(api, ['users'])('/users/:id/relations', userRelationsSchema, (actor, id) => userRelations(db, actor, id));

  r.patch(
    '/users/:id',
    {
      config: { credentials: true },
      schema: { tags: ['users'], params: idParams, body: updateUserSchema, response: { 200: userDetailSchema } },
    },
    async (req) => {
      const actor = actorOf(req);
      return detail(actor, await db.tx((tx) => updateUser(tx, actor, req.params.id, req.body)));
    },
  );

  r.delete(
    '/users/:id',
    { schema: { tags: ['users'], params: idParams, body: deleteBody, response: { 204: noContent } } },
    async (req, reply) => {
      await db.tx((tx) => deleteUser(tx, actorOf(req), req.params.id, req.body?.handOver));
      return reply.status(204).send();
    },
  );

  r.get(
    '/users/:id/hand-over',
    {
      schema: {
        tags: ['users'],
        params: idParams,
        querystring: handOverQuery,
        response: { 200: handOverPreviewSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      // Read-only, but in a transaction: the preview locks what it reads as the change would, then rolls back.
      return db.tx(async (tx) => {
        const user = await loadForChange(tx, actor, req.params.id, 'people.lifecycle');
        assertNotSelf(actor, user.id);
        return previewHandOver(tx, actor, user, req.query.to === undefined ? undefined : { to: req.query.to });
      });
    },
  );

  for (const action of LIFECYCLE_ACTIONS) {
    r.post(
      `/users/:id/${actionPath(action)}`,
      {
        config: { credentials: CREDENTIAL_ACTIONS.includes(action) },
        schema: { tags: ['lifecycle'], params: idParams, body: actionBody, response: { 200: userDetailSchema } },
      },
      async (req) => {
        const actor = actorOf(req);
        if (req.body?.handOver && action !== 'deactivate')
          throw invalid('Only deactivation takes a hand-over.', [{ field: 'handOver' }]);
        const user = await db.tx((tx) => performAction(tx, actor, req.params.id, action, req.body ?? {}));
        return detail(actor, user);
      },
    );
  }

  r.get(
    '/users/:id/status-history',
    { schema: { tags: ['users'], params: idParams, response: { 200: statusHistorySchema } } },
    async (req) => {
      await assertVisible(actorOf(req), req.params.id);
      const rows = await db.query(
        `select from_status, to_status, event, actor_id, at from status_history where user_id = $1 order by at desc, id desc`,
        [req.params.id],
      );
      return {
        items: rows.map((h: any) => ({
          fromStatus: h.from_status,
          toStatus: h.to_status,
          event: h.event,
          actorId: h.actor_id,
          at: h.at.toISOString(),
        })),
      };
    },
  );

  r.get(
    '/users/:id/invitations',
    { schema: { tags: ['users'], params: idParams, response: { 200: invitationHistorySchema } } },
    async (req) => {
      await assertVisible(actorOf(req), req.params.id);
      return { items: await invitations.historyFor(db, req.params.id) };
    },
  );

  r.post(
    '/users/bulk',
    {
      config: { credentials: true },
      schema: { tags: ['users'], body: bulkSchema, response: { 200: bulkResultSchema } },
    },
    async (req) => {
      const actor = actorOf(req);
      const { action, expiresAt, teamId } = req.body;
      // The team is checked once (unknown: 404, not managed by the actor: 403); then each person.
      if (action === 'add_to_team')
        await db.tx(async (tx) => assertCanManageTeam(tx, actor, (await findTeam(tx, teamId!)).id));
      const results = [];
      // One transaction per user: one refusal does not undo the others, and each result is reported.
      for (const userId of [...new Set(req.body.userIds)]) {
        try {
          await db.tx<unknown>((tx) =>
            action === 'set_expiry'
              ? updateUser(tx, actor, userId, { expiresAt })
              : action === 'add_to_team'
                ? addMemberInScope(tx, actor, teamId!, userId)
                : performAction(tx, actor, userId, action, {}),
          );
          results.push({ userId, ok: true });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push({ userId, ok: false, error: { code: err.code, message: err.message } });
        }
      }
      return { results, succeeded: results.filter((x) => x.ok).length, failed: results.filter((x) => !x.ok).length };
    },
  );

  async function assertVisible(actor: Actor, id: string) {
    const user = await findUser(db, id, { includeDeleted: can(actor, 'people.delete') });
    if (!user || !(await relationTo(db, actor, user)).visible) throw notFound('User');
  }
}
