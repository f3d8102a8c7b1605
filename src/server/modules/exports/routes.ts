import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { auditExportQuerySchema, exportAudit, exportUsers, userExportQuerySchema } from './exports';
import { sendTable } from './download';

/** Downloads of the People list and the audit log (docs/decisions/012-exports-and-activity.md). */
export async function exportRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get('/users/export', { schema: { tags: ['users'], querystring: userExportQuerySchema } }, async (req, reply) =>
    sendTable(reply, await exportUsers(db, actorOf(req), req.query)),
  );

  r.get('/audit/export', { schema: { tags: ['audit'], querystring: auditExportQuerySchema } }, async (req, reply) =>
    sendTable(reply, await exportAudit(db, actorOf(req), req.query)),
  );
}
