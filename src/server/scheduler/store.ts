import type { Db } from '../db/index';
import { holderIsDead } from './holder';

/**
 * The jobs table and its lock rows (migration 020). Every timestamp is the runner's clock passed as a
 * parameter, never `now()` in SQL, so the runner's view of time is the only one (and tests can move it).
 */
export interface Claim {
  slot: number;
  /** next_run_at as this claim set it: a trigger during the run changes it, and finish then keeps the trigger. */
  plannedNext: Date | null;
  /** Failures in a row before this run. */
  failuresInRow: number;
  tookOver: boolean;
}

export interface JobRow {
  name: string;
  every_seconds: number | null;
  concurrency: number;
  next_run_at: Date | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_status: 'ok' | 'failed' | null;
  last_error: string | null;
  last_lag_ms: number | null;
  last_duration_ms: number | null;
  last_handled: number | null;
  attempts: number;
  runs: number;
  failures: number;
  running: number;
}

const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

/**
 * One row per job and one lock row per slot of its concurrency; a new job is first due at `firstRunAt`. A
 * process that runs jobs only when triggered (everySeconds null: the CLI) leaves the schedule as it was.
 */
export async function ensureJob(
  db: Db,
  name: string,
  everySeconds: number | null,
  concurrency: number,
  firstRunAt: Date | null,
): Promise<void> {
  await db.tx(async (tx) => {
    await tx.query(
      `insert into jobs (name, every_seconds, concurrency, next_run_at) values ($1, $2, $3, $4)
       on conflict (name) do update set every_seconds = coalesce(excluded.every_seconds, jobs.every_seconds), concurrency = excluded.concurrency,
         next_run_at = coalesce(jobs.next_run_at, excluded.next_run_at)`,
      [name, everySeconds, concurrency, firstRunAt],
    );
    await tx.query(
      `insert into job_leases (name, slot) select $1, s from generate_series(0, $2 - 1) s on conflict do nothing`,
      [name, concurrency],
    );
    await tx.query(`delete from job_leases where name = $1 and slot >= $2 and lease_owner is null`, [
      name,
      concurrency,
    ]);
  });
}

/** Names of the given jobs due at `now`, and when the next of the others is due. */
export async function dueJobs(db: Db, names: string[], now: Date): Promise<{ due: string[]; nextAt: Date | null }> {
  const rows = await db.query<{ name: string; next_run_at: Date | null }>(
    `select name, next_run_at from jobs where name = any($1::text[])`,
    [names],
  );
  const due = rows.filter((r) => r.next_run_at && new Date(r.next_run_at) <= now).map((r) => r.name);
  const later = rows
    .filter((r) => r.next_run_at && new Date(r.next_run_at) > now)
    .map((r) => new Date(r.next_run_at!).getTime());
  return { due, nextAt: later.length ? new Date(Math.min(...later)) : null };
}

/**
 * Claims a run of a due job: its row (SKIP LOCKED, so two claimers never wait on each other) and a lock
 * row that is free, expired, or held by a holder known to be gone. Null when the job is not due or every
 * slot is busy.
 */
export async function claimRun(
  db: Db,
  name: string,
  owner: string,
  now: Date,
  leaseSeconds: number,
  everySeconds: number | null,
): Promise<Claim | null> {
  return db.tx(async (tx) => {
    const [job] = await tx.query<{ next_run_at: Date; attempts: number }>(
      `select next_run_at, attempts from jobs where name = $1 and next_run_at <= $2 for update skip locked`,
      [name, now],
    );
    if (!job) return null;
    const slots = await tx.query<{ slot: number; lease_owner: string | null; lease_until: Date | null }>(
      `select slot, lease_owner, lease_until from job_leases where name = $1 order by slot for update skip locked`,
      [name],
    );
    const free = slots.find((s) => !s.lease_owner || new Date(s.lease_until!) < now || holderIsDead(s.lease_owner));
    if (!free) return null;
    await tx.query(
      `update job_leases set lease_owner = $3, lease_until = $4, heartbeat_at = $5, started_at = $5 where name = $1 and slot = $2`,
      [name, free.slot, owner, plus(now, leaseSeconds), now],
    );
    const plannedNext = everySeconds ? plus(now, everySeconds) : null;
    await tx.query(`update jobs set next_run_at = $2, last_started_at = $3, last_lag_ms = $4 where name = $1`, [
      name,
      plannedNext,
      now,
      Math.max(0, now.getTime() - new Date(job.next_run_at).getTime()),
    ]);
    return { slot: free.slot, plannedNext, failuresInRow: job.attempts, tookOver: !!free.lease_owner };
  });
}

/** Extends a lease; false when it is no longer ours (it expired and another process took it over). */
export async function renewLease(
  db: Db,
  name: string,
  slot: number,
  owner: string,
  now: Date,
  leaseSeconds: number,
): Promise<boolean> {
  const rows = await db.query(
    `update job_leases set lease_until = $4, heartbeat_at = $5 where name = $1 and slot = $2 and lease_owner = $3 returning slot`,
    [name, slot, owner, plus(now, leaseSeconds), now],
  );
  return rows.length > 0;
}

export interface Outcome {
  error: string | null;
  handled: number;
  durationMs: number;
  /** Failures in a row after this run (0 after a success, or once the retries are used up). */
  failuresInRow: number;
  nextRunAt: Date | null;
}

/**
 * Records a finished run and frees its lock row (if still ours); a trigger that came during the run is
 * kept. Returns when the job is next due.
 */
export async function finishRun(
  db: Db,
  name: string,
  claim: Claim,
  owner: string,
  now: Date,
  o: Outcome,
): Promise<Date | null> {
  return db.tx(async (tx) => {
    await tx.query(
      `update job_leases set lease_owner = null, lease_until = null, heartbeat_at = null, started_at = null where name = $1 and slot = $2 and lease_owner = $3`,
      [name, claim.slot, owner],
    );
    const [row] = await tx.query<{ next_run_at: Date | null }>(
      `update jobs set last_finished_at = $2, last_status = $3, last_error = $4, last_duration_ms = $5, last_handled = $6,
         runs = runs + 1, failures = failures + $7, attempts = $8,
         next_run_at = case when next_run_at is not distinct from $9 then $10 else next_run_at end
       where name = $1 returning next_run_at`,
      [
        name,
        now,
        o.error ? 'failed' : 'ok',
        o.error,
        o.durationMs,
        o.handled,
        o.error ? 1 : 0,
        o.failuresInRow,
        claim.plannedNext,
        o.nextRunAt,
      ],
    );
    return row?.next_run_at ? new Date(row.next_run_at) : null;
  });
}

/** Asks for a run at `now` (any process's runner may take it). False when no such job exists. */
export async function requestRun(db: Db, name: string, now: Date): Promise<boolean> {
  return (await db.query(`update jobs set next_run_at = $2 where name = $1 returning name`, [name, now])).length > 0;
}

/** Every job with its last outcome and how many lock rows are held now. */
export async function listJobs(db: Db, now: Date): Promise<JobRow[]> {
  return db.query<JobRow>(
    `select j.*, (select count(*)::int from job_leases l where l.name = j.name and l.lease_until > $1) as running from jobs j order by j.name`,
    [now],
  );
}
