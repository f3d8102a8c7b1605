import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { eventFeedSchema } from '../../../common/contract/integrations';
import { assertMayReadFeed, feedQuerySchema, readFeed } from './feed';

/** The organisation's event feed (docs/decisions/018-event-feed-and-webhooks.md). */
export async function eventRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/events',
    { schema: { tags: ['events'], querystring: feedQuerySchema, response: { 200: eventFeedSchema } } },
    async (req) => {
      assertMayReadFeed(actorOf(req));
      return readFeed(db, req.query);
    },
  );
}
