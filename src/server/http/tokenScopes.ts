import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { TokenScope } from '../../common/domain';
import { AppError } from '../core/errors';

/**
 * Which /api/v1 routes each token scope reaches (docs/decisions/018-event-feed-and-webhooks.md). One table, so
 * what a leaked token can do is read in one place and tested route by route (test/access/scopes.test.ts).
 * A token still acts with its creator's rights inside its scope: the policy checks run as for the creator.
 *
 * - `api`: every route except those that only a narrower scope reaches (the event feed).
 * - `learning`: report learning activity and read people.
 * - `events`: the event feed only.
 * `scim` and `metrics` tokens are not /api credentials at all (401): they open /scim/v2 and /metrics.
 */
export const API_TOKEN_SCOPES = ['api', 'learning', 'events'] as const satisfies readonly TokenScope[];
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

const ONLY: Record<Exclude<ApiTokenScope, 'api'>, readonly string[]> = {
  learning: ['GET /api/v1/users', 'GET /api/v1/users/:id', 'POST /api/v1/users/:id/learning-activity'],
  events: ['GET /api/v1/events'],
};

/** Routes an `api` token does not reach: those reserved to a narrower scope. */
const NOT_API = new Set(['GET /api/v1/events']);

/** Whether a token of `scope` reaches the route `METHOD /path` (the route's pattern, as registered). */
export function scopeReaches(scope: ApiTokenScope, route: string): boolean {
  if (scope === 'api') return !NOT_API.has(route);
  return ONLY[scope].includes(route);
}

/** Refuses (403) a token whose scope does not reach the route, before validation or the handler runs. */
export const tokenScopePlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    const scope = req.actor?.tokenScope;
    if (req.actor?.type !== 'token' || !scope || !req.routeOptions.url || req.routeOptions.config.public) return;
    if (!req.url.startsWith('/api/v1/')) return;
    const route = `${req.method === 'HEAD' ? 'GET' : req.method} ${req.routeOptions.url}`;
    if (!scopeReaches(scope as ApiTokenScope, route))
      throw new AppError('forbidden', `A token with the "${scope}" scope does not reach ${route}.`, {
        tokenScope: scope,
      });
  });
});
