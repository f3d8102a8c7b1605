import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../core/context';
import { actorOf } from '../core/request';
import { notFound } from '../core/errors';
import { assertOwner } from '../modules/access/policy';
import * as audit from '../modules/audit/audit';
import { runnerOf } from '../scheduler/runner';
import { listJobs, type JobRow } from '../scheduler/store';

const iso = z.string().nullable();
export const jobSchema = z.object({
  name: z.string(),
  description: z.string(),
  /** Seconds between scheduled runs; null: runs only when triggered (or ROSTER_JOB_INTERVAL=0). */
  everySeconds: z.number().nullable(),
  concurrency: z.number().int(),
  /** Processes running it now (lock rows held). */
  running: z.number().int(),
  nextRunAt: iso,
  lastStartedAt: iso,
  lastFinishedAt: iso,
  lastStatus: z.enum(['ok', 'failed']).nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().int().nullable(),
  /** How late the last run started after it was due. */
  lastLagMs: z.number().int().nullable(),
  lastHandled: z.number().int().nullable(),
  runs: z.number().int(),
  failures: z.number().int(),
  /** Failures since the last success, while retries are still due. */
  failuresInRow: z.number().int(),
});
export type JobDto = z.infer<typeof jobSchema>;

const at = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toDto(r: JobRow, description: string): JobDto {
  return {
    name: r.name,
    description,
    everySeconds: r.every_seconds,
    concurrency: r.concurrency,
    running: r.running,
    nextRunAt: at(r.next_run_at),
    lastStartedAt: at(r.last_started_at),
    lastFinishedAt: at(r.last_finished_at),
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastDurationMs: r.last_duration_ms,
    lastLagMs: r.last_lag_ms,
    lastHandled: r.last_handled,
    runs: r.runs,
    failures: r.failures,
    failuresInRow: r.attempts,
  };
}

/** `GET /api/v1/jobs` and `POST /api/v1/jobs/{name}/run`: the background jobs and their last outcome (Owners only). */
export async function jobRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const describe = (name: string) => runnerOf(db)?.declared(name)?.description ?? '';

  r.get(
    '/jobs',
    { schema: { tags: ['jobs'], response: { 200: z.object({ items: z.array(jobSchema) }) } } },
    async (req) => {
      assertOwner(actorOf(req), 'see the background jobs');
      return { items: (await listJobs(db, new Date())).map((j) => toDto(j, describe(j.name))) };
    },
  );

  r.post(
    '/jobs/:name/run',
    { schema: { tags: ['jobs'], params: z.object({ name: z.string().min(1).max(63) }), response: { 202: jobSchema } } },
    async (req, reply) => {
      const actor = actorOf(req);
      assertOwner(actor, 'run a background job');
      const runner = runnerOf(db);
      if (!runner?.declared(req.params.name)) throw notFound('Job');
      await db.tx((tx) =>
        audit.record(tx, actor, { action: 'job.run_requested', targetType: 'job', targetId: req.params.name }),
      );
      await runner.trigger(req.params.name);
      const row = (await listJobs(db, new Date())).find((j) => j.name === req.params.name)!;
      return reply.status(202).send(toDto(row, describe(row.name)));
    },
  );
}
