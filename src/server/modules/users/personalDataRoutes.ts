import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { exportPersonalData } from '../../core/personalData';
import type { Sql } from '../../db/index';
import { actorOf } from '../../core/request';
import type { Actor } from '../../core/actor';
import { notFound } from '../../core/errors';
import { assertCanActOn, can } from '../access/policy';
import * as audit from '../audit/audit';
import { findUser } from '../people/repo';

const idParams = z.object({ id: z.string().min(1).max(100) });
const personalDataSchema = z.object({
  userId: z.string(),
  exportedAt: z.string(),
  /** By module, then table: what the personal-data registry's exporters return (core/personalData.ts). */
  data: z.record(z.string(), z.record(z.string(), z.unknown())),
});

/**
 * GDPR access request: everything Roster holds about the person, notes included, secrets shown as "set".
 * Owners and Admins only (the people.delete ability, with anonymisation; docs/product-rules.md §2 keeps
 * the audit log and notes of Owners from HR), out of scope → 404; the export is audited.
 */
export async function exportUserData(tx: Sql, actor: Actor, id: string): Promise<z.infer<typeof personalDataSchema>> {
  const user = await findUser(tx, id, { includeDeleted: can(actor, 'people.delete') });
  if (!user) throw notFound('User');
  await assertCanActOn(tx, actor, user, 'people.delete');
  const data = await exportPersonalData(tx, { id: user.id, emailNormalized: user.email_normalized });
  await audit.record(tx, actor, { action: 'user.personal_data_exported', targetType: 'user', targetId: user.id });
  return { userId: user.id, exportedAt: new Date().toISOString(), data };
}

export async function personalDataRoutes(api: FastifyInstance, { db }: AppContext) {
  api
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/users/:id/personal-data',
      { schema: { tags: ['users'], params: idParams, response: { 200: personalDataSchema } } },
      async (req, reply) => {
        const body = await db.tx((tx) => exportUserData(tx, actorOf(req), req.params.id));
        // Opened as a link, the browser saves it as a file.
        return reply
          .header('content-disposition', `attachment; filename="personal-data-${body.userId}.json"`)
          .send(body);
      },
    );
}
