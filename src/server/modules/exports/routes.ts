import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { auditExportQuerySchema, exportAudit, exportUsers, userExportQuerySchema, type TableExport } from './exports';
import { attachment, CONTENT_TYPES, tableStream } from './spreadsheet';

/** Downloads of the People list and the audit log (docs/decisions/012-exports-and-activity.md). */
export async function exportRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get('/users/export', { schema: { tags: ['users'], querystring: userExportQuerySchema } }, async (req, reply) =>
    download(reply, await exportUsers(db, actorOf(req), req.query)),
  );

  r.get('/audit/export', { schema: { tags: ['audit'], querystring: auditExportQuerySchema } }, async (req, reply) =>
    download(reply, await exportAudit(db, actorOf(req), req.query)),
  );
}

function download(reply: FastifyReply, e: TableExport) {
  return reply
    .header('content-type', CONTENT_TYPES[e.format])
    .header('content-disposition', attachment(e.fileBase, e.format))
    .header('cache-control', 'no-store')
    .send(tableStream(e.format, e.sheetName, e.header, e.batches));
}
