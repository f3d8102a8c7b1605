/**
 * The floor of the fast-path bench (bench/fastPath.ts), as its own process: a bare Fastify route doing what a
 * signed-in read of one person cannot avoid — the session looked up by its cookie, then
 * `select * from users where id = $1` — through pg against Roster's own database. No validation, no policy,
 * no logging. Prints `listening <port>` on stdout.
 *
 *   DATABASE_URL (required)   BENCH_FLOOR_POOL (10)
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import pg from 'pg';

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
process.stdout.write(`listening ${(app.server.address() as AddressInfo).port}\n`);
const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
