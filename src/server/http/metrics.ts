import type { FastifyInstance, FastifyRequest } from 'fastify';
import cluster from 'node:cluster';
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
  const workerId = cluster.isWorker ? process.env.ROSTER_WORKER_ID : undefined;
  if (workerId) {
    // One of several processes (cluster.ts): every series says which, and a scrape gathers them all.
    registry.setDefaultLabels({ worker: workerId });
    new client.AggregatorRegistry(); // answers the primary's requests for this process's series
    client.AggregatorRegistry.setRegistries([registry]);
  }
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
    return workerId ? allWorkersMetrics() : registry.metrics();
  });
}

/** A worker's request to the primary for every worker's series, and its answer (cluster.ts). */
export const METRICS_REQUEST = 'roster:metrics';
export interface MetricsMessage {
  type: typeof METRICS_REQUEST;
  id: number;
  text?: string;
  error?: string;
}

let nextRequest = 0;
const waiting = new Map<number, (m: MetricsMessage) => void>();
let listening = false;

function allWorkersMetrics(): Promise<string> {
  if (!listening) {
    listening = true;
    process.on('message', (m: MetricsMessage) => {
      if (m?.type === METRICS_REQUEST) waiting.get(m.id)?.(m);
    });
  }
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error('The other worker processes did not answer for /metrics within 10 s.'));
    }, 10_000);
    waiting.set(id, (m) => {
      clearTimeout(timer);
      waiting.delete(id);
      if (m.error) reject(new Error(m.error));
      else resolve(m.text ?? '');
    });
    process.send!({ type: METRICS_REQUEST, id });
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
