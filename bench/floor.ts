/**
 * The floor of the fast-path bench (bench/fastPath.ts), as its own process: a bare Fastify route doing what a
 * signed-in read of one person cannot avoid — the session looked up by its cookie, then
 * `select * from users where id = $1` — through pg against Roster's own database. No validation, no policy,
 * no logging. Prints `listening <port>` on stdout once every process listens.
 *
 * With BENCH_FLOOR_WORKERS > 1 it runs that many processes on one port with node:cluster, as
 * `roster serve --workers N` does (src/server/cluster.ts): what more processes give on this machine when
 * the request itself costs next to nothing, to compare Roster's own scaling with.
 *
 *   DATABASE_URL (required)   BENCH_FLOOR_POOL (10, per process)   BENCH_FLOOR_WORKERS (1)
 */
import cluster from 'node:cluster';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import pg from 'pg';

const WORKERS = Math.max(1, Number(process.env.BENCH_FLOOR_WORKERS ?? 1));

if (WORKERS > 1 && cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < WORKERS; i++) {
    cluster.fork().on('message', (m: { port?: number }) => {
      // Workers asking for port 0 share the one port the primary picked.
      if (m.port && ++ready === WORKERS) process.stdout.write(`listening ${m.port}\n`);
    });
  }
  cluster.on('exit', () => {
    if (!stopping) process.exit(1);
  });
  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 200).unref();
    cluster.on('exit', () => {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  await serve();
}

async function serve() {
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.BENCH_FLOOR_POOL ?? 10),
  });
  const app = Fastify();
  app.get<{ Params: { id: string } }>('/floor/users/:id', async (req, reply) => {
    const cookie = /(?:^|;\s*)roster_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (!cookie) return reply.status(401).send({ error: 'no session' });
    const hash = createHash('sha256').update(cookie).digest('hex');
    const session = await pool.query(`select user_id from sessions where id_hash = $1 and expires_at > now()`, [hash]);
    if (!session.rows[0]) return reply.status(401).send({ error: 'no session' });
    const user = await pool.query(`select * from users where id = $1`, [req.params.id]);
    if (!user.rows[0]) return reply.status(404).send({ error: 'not found' });
    return user.rows[0];
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  if (cluster.isWorker) process.send!({ port });
  else process.stdout.write(`listening ${port}\n`);
  const stop = async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}
