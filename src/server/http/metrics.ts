import type { FastifyInstance, FastifyRequest } from 'fastify';
import client from 'prom-client';
import type { Db } from '../db/index';
import { registerJobMetrics } from '../scheduler/metrics';
import { authenticateToken, bearerOf } from './auth';
import { AppError } from '../core/errors';

/**
 * Prometheus metrics at /metrics: request latency by route, process metrics, users by status, background jobs.
 * Users by status is organisation data, so scraping needs a token with the `metrics` scope, unless
 * METRICS_PUBLIC=true says the port is only reachable from a private network.
 */
export function registerMetrics(app: FastifyInstance, db: Db, opts: { public: boolean }) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const duration = new client.Histogram({
    name: 'roster_http_request_duration_seconds',
    help: 'HTTP request duration by route and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new client.Gauge({
    name: 'roster_users',
    help: 'Users by lifecycle status (deleted users excluded)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.query<{ status: string; n: number }>(
        `select status, count(*)::int as n from users where deleted_at is null group by status`,
      );
      for (const r of rows) this.set({ status: r.status }, r.n);
    },
  });
  registerJobMetrics(registry, db);
  app.addHook('onResponse', async (req, reply) => {
    duration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  const onRequest = opts.public ? [] : [async (req: FastifyRequest) => assertMetricsToken(db, req)];
  app.get('/metrics', { schema: { hide: true }, onRequest }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

async function assertMetricsToken(db: Db, req: FastifyRequest): Promise<void> {
  const bearer = bearerOf(req);
  if (!bearer)
    throw new AppError(
      'unauthenticated',
      'Metrics need an API token with the metrics scope (Authorization: Bearer …).',
    );
  if (!(await authenticateToken(db, bearer, 'metrics')))
    throw new AppError(
      'unauthenticated',
      'The token is not valid, has been revoked, or does not have the metrics scope.',
    );
}
