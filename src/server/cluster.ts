/**
 * `roster serve --workers N` (ROSTER_WORKERS): N processes serving one port through node:cluster, on PostgreSQL
 * (docs/decisions/019-fast-path.md). The primary migrates and creates the first Owner once, then forks the
 * workers and serves nothing itself: each worker is a whole Roster (its own pool, its own job runner — jobs are
 * claimed with leases, decision 002), started by main.ts's serve(). A worker that dies is started again.
 * /metrics answered by any worker carries every worker's series, labelled `worker` (http/metrics.ts asks the
 * primary, which gathers them over IPC).
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { ensureFirstOwner } from './bootstrap';
import type { Config } from './core/config';
import { connect } from './db/index';
import { migrate } from './db/migrate';
import { registerSubscriptions } from './subscriptions';
import { METRICS_REQUEST, type MetricsMessage } from './http/metrics';

/** What a worker tells the primary once it listens. */
export const WORKER_LISTENING = 'roster:listening';

export async function servePrimary(
  config: Config,
  printOwner: (o: Awaited<ReturnType<typeof ensureFirstOwner>>) => void,
) {
  registerSubscriptions();
  const db = await connect({ databaseUrl: config.databaseUrl, poolSize: 2 });
  try {
    await migrate(db);
    printOwner(await ensureFirstOwner(db, { ownerEmail: config.ownerEmail, ownerPassword: config.ownerPassword }));
  } finally {
    await db.close();
  }

  const aggregator = new AggregatorRegistry();
  let stopping = false;
  let listening = 0;
  const fork = (id: number): Worker => {
    const worker = cluster.fork({ ROSTER_WORKER_ID: String(id) });
    worker.on('message', (m: MetricsMessage | { type: string }) => {
      if (m.type === WORKER_LISTENING && ++listening === config.workers)
        process.stdout.write(
          `Roster is running at ${config.publicUrl} — data: PostgreSQL (DATABASE_URL); ${config.workers} worker processes.\n`,
        );
      if (m.type === METRICS_REQUEST) {
        const { id: requestId } = m as MetricsMessage;
        aggregator.clusterMetrics().then(
          (text) => worker.send({ type: METRICS_REQUEST, id: requestId, text }),
          (err: Error) => worker.send({ type: METRICS_REQUEST, id: requestId, error: err.message }),
        );
      }
    });
    let listened = false;
    worker.on('message', (m: { type: string }) => {
      if (m.type === WORKER_LISTENING) listened = true;
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      if (!listened) {
        // It could not start (its error is on stderr): starting it again would fail the same way.
        process.stderr.write(`Roster worker ${id} could not start; stopping.\n`);
        shutdown(1);
        return;
      }
      process.stderr.write(`Roster worker ${id} ended (${signal ?? `exit code ${code}`}); starting it again.\n`);
      setTimeout(() => !stopping && fork(id), 1000).unref();
    });
    return worker;
  };
  for (let i = 1; i <= config.workers; i++) fork(i);

  function shutdown(code = 0) {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    let left = workers.length;
    if (!left) process.exit(code);
    for (const w of workers) {
      w.once('exit', () => --left === 0 && process.exit(code));
      w.process.kill('SIGTERM');
    }
  }
  process.on('SIGINT', () => shutdown());
  process.on('SIGTERM', () => shutdown());
}
