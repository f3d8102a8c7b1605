import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { listOf, noContent } from '../../../common/contract/common';
import {
  permissionProfileBody,
  permissionProfilePatch,
  permissionProfileSchema,
  profileAssignmentBody,
  profileAssignmentSchema,
} from '../../../common/contract/profiles';
import {
  addAssignment,
  createProfile,
  deleteProfile,
  listAssignments,
  listProfiles,
  removeAssignment,
  updateProfile,
} from './profiles';
import { collectionRoutes } from './collectionRoutes';
import { idParams } from './guardedRoutes';

/** Permission profiles (Settings) and their assignments on a profile (docs/decisions/031-delegated-administration.md). */
export async function profileRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['access'];

  const profiles = collectionRoutes(api, db, { path: '/permission-profiles', tags, item: permissionProfileSchema });
  profiles.list(listOf(permissionProfileSchema), async (actor) => ({ items: await listProfiles(db, actor) }));
  profiles.create(permissionProfileBody, createProfile);
  profiles.update(permissionProfilePatch, updateProfile);
  profiles.remove(deleteProfile);

  r.get(
    '/users/:id/profile-assignments',
    { schema: { tags, params: idParams, response: { 200: listOf(profileAssignmentSchema) } } },
    async (req) => ({ items: await listAssignments(db, actorOf(req), req.params.id) }),
  );
  r.post(
    '/users/:id/profile-assignments',
    {
      config: { credentials: true },
      schema: { tags, params: idParams, body: profileAssignmentBody, response: { 201: profileAssignmentSchema } },
    },
    async (req, reply) =>
      reply.status(201).send(await db.tx((tx) => addAssignment(tx, actorOf(req), req.params.id, req.body))),
  );
  r.delete(
    '/users/:id/profile-assignments/:assignmentId',
    {
      schema: {
        tags,
        params: idParams.extend({ assignmentId: z.string().max(100) }),
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await db.tx((tx) => removeAssignment(tx, actorOf(req), req.params.id, req.params.assignmentId));
      return reply.status(204).send();
    },
  );
}
