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

const idParams = z.object({ id: z.string().min(1).max(100) });

/** Permission profiles (Settings) and their assignments on a profile (docs/decisions/031-delegated-administration.md). */
export async function profileRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['access'];

  r.get(
    '/permission-profiles',
    { schema: { tags, response: { 200: listOf(permissionProfileSchema) } } },
    async (req) => ({ items: await listProfiles(db, actorOf(req)) }),
  );
  r.post(
    '/permission-profiles',
    { schema: { tags, body: permissionProfileBody, response: { 201: permissionProfileSchema } } },
    async (req, reply) => reply.status(201).send(await db.tx((tx) => createProfile(tx, actorOf(req), req.body))),
  );
  r.patch(
    '/permission-profiles/:id',
    { schema: { tags, params: idParams, body: permissionProfilePatch, response: { 200: permissionProfileSchema } } },
    async (req) => db.tx((tx) => updateProfile(tx, actorOf(req), req.params.id, req.body)),
  );
  r.delete(
    '/permission-profiles/:id',
    { schema: { tags, params: idParams, response: { 204: noContent } } },
    async (req, reply) => {
      await db.tx((tx) => deleteProfile(tx, actorOf(req), req.params.id));
      return reply.status(204).send();
    },
  );

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
