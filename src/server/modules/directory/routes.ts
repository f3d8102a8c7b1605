import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { directoryPageSchema } from '../../../common/contract/directory';
import { searchDirectory } from './directory';

const query = z
  .object({
    q: z.string().max(200).optional(),
    teamId: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export async function directoryRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/directory',
    { schema: { tags: ['directory'], querystring: query, response: { 200: directoryPageSchema } } },
    async (req) => searchDirectory(db, actorOf(req), req.query),
  );
}
