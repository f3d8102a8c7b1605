import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import {
  bulkActionSchema,
  bulkCreatedSchema,
  bulkImpactSchema,
  createBulkActionSchema,
} from '../../../common/contract/bulkActions';
import { sendTable } from '../exports/download';
import { RESULTS_HEADER, resultBatches } from './results';
import { getBulkAction, requestUndo, startBulkAction } from './service';

const idParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['bulk-actions'];

/** Bulk actions as jobs (docs/api.md "Bulk actions"). */
export async function bulkActionRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/bulk-actions',
    {
      // invite and set_role hand out credentials (http/auth.ts `credentials`).
      config: { credentials: true },
      schema: { tags, body: createBulkActionSchema, response: { 200: bulkImpactSchema, 202: bulkCreatedSchema } },
    },
    async (req, reply) => {
      const out = await startBulkAction(db, actorOf(req), req.body);
      return 'dryRun' in out ? reply.status(200).send(out.dryRun) : reply.status(202).send(out);
    },
  );

  r.get('/bulk-actions/:id', { schema: { tags, params: idParams, response: { 200: bulkActionSchema } } }, async (req) =>
    getBulkAction(db, actorOf(req), req.params.id),
  );

  r.get(
    '/bulk-actions/:id/results.csv',
    { schema: { tags, params: idParams, produces: ['text/csv'] } },
    async (req, reply) => {
      const { fileBase, batches } = await resultBatches(db, actorOf(req), req.params.id);
      return sendTable(reply, { format: 'csv', fileBase, sheetName: 'Results', header: RESULTS_HEADER, batches });
    },
  );

  r.post(
    '/bulk-actions/:id/undo',
    { schema: { tags, params: idParams, response: { 202: bulkActionSchema } } },
    async (req, reply) => reply.status(202).send(await requestUndo(db, actorOf(req), req.params.id)),
  );
}
