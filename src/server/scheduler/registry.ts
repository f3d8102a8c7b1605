import type { Db } from '../db/index';
import type { Transport } from '../modules/mail/transport';

/**
 * A declared background job (docs/decisions/002-job-runtime.md). The runner decides WHEN it runs —
 * on its schedule, when triggered, or again after a failure — and records HOW it went; the job itself
 * claims its rows (FOR UPDATE SKIP LOCKED), which is what keeps several processes from doing anything twice.
 */
export interface JobContext {
  db: Db;
  transport: Transport;
  /** Aborted when the process stops or the lease was lost to another process: stop at the next safe point. */
  signal: AbortSignal;
}

export interface RetryPolicy {
  /** Runs in a row that may fail before the job waits for its next scheduled run. */
  attempts: number;
  /** Seconds to wait before retry n (1-based): the nth entry, the last one repeated. */
  backoffSeconds: readonly number[];
}

export interface JobSpec {
  name: string;
  /** Seconds between runs (from the end of one to the start of the next); 'interval' = ROSTER_JOB_INTERVAL. */
  every: number | 'interval';
  /** Seconds a claim lasts without a heartbeat; the runner renews it every third of that while the job runs. */
  leaseSeconds: number;
  /** How many processes may run the job at once (one lock row per slot). */
  concurrency: number;
  retry: RetryPolicy;
  /** What the jobs page says the job does. */
  description: string;
  /** Does the work; returns how many items it handled. */
  run(ctx: JobContext): Promise<number>;
}

const NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Checks a job declaration once, where it is written, so a bad one fails at start-up rather than at its first run. */
export function declareJob(spec: JobSpec): Readonly<JobSpec> {
  if (!NAME.test(spec.name)) throw new Error(`Job name "${spec.name}" must be lower-case letters, digits and dashes.`);
  if (!(spec.leaseSeconds >= 1)) throw new Error(`Job ${spec.name}: leaseSeconds must be at least 1.`);
  if (!Number.isInteger(spec.concurrency) || spec.concurrency < 1)
    throw new Error(`Job ${spec.name}: concurrency must be a positive integer.`);
  if (!Number.isInteger(spec.retry.attempts) || spec.retry.attempts < 1 || !spec.retry.backoffSeconds.length)
    throw new Error(`Job ${spec.name}: retry needs at least one attempt and one back-off delay.`);
  if (spec.every !== 'interval' && !(spec.every > 0)) throw new Error(`Job ${spec.name}: every must be positive.`);
  return Object.freeze({ ...spec, retry: Object.freeze({ ...spec.retry }) });
}

/** Seconds to wait after the nth failure in a row. */
export const backoffAfter = (retry: RetryPolicy, failures: number): number =>
  retry.backoffSeconds[Math.min(failures, retry.backoffSeconds.length) - 1]!;
