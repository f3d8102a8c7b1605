import type { Db } from '../db/index';
import { AppError } from '../core/errors';
import type { Transport } from '../modules/mail/transport';
import { newHolder, retireHolder } from './holder';
import { backoffAfter, type JobSpec } from './registry';
import { claimRun, dueJobs, ensureJob, finishRun, renewLease, requestRun, type Claim } from './store';

type Log = { error: (o: object, m: string) => void; info: (o: object, m: string) => void };

export interface RunnerOptions {
  db: Db;
  transport: Transport;
  jobs: readonly JobSpec[];
  /** ROSTER_JOB_INTERVAL: seconds between sweeps and between looks at the jobs table; 0 = no scheduled runs (triggers only). */
  intervalSeconds: number;
  log?: Log;
  /** The clock every job timestamp comes from (tests move it to expire leases without waiting). */
  now?: () => Date;
}

/** The first look at the jobs table after start-up (as the old sweep loop did). */
const FIRST_TICK_MS = 500;
/** Never look again sooner than this (a job due "now" that another process holds must not make a busy loop). */
const MIN_WAKE_MS = 50;
const runners = new WeakMap<Db, JobRunner>();

/**
 * One per process (docs/decisions/002-job-runtime.md): claims due jobs through their lock rows, runs
 * each with a heartbeat that extends its lease, retries a failed run by the job's policy and records the
 * outcome. A lease that expires (its holder crashed) is taken over by whichever runner looks next.
 */
export class JobRunner {
  readonly owner = newHolder();
  private readonly specs: Map<string, JobSpec>;
  private readonly running = new Map<string, Promise<void>>();
  private readonly claiming = new Set<string>();
  /** Ticks and triggers in flight (idle() waits for them). */
  private readonly pending = new Set<Promise<unknown>>();
  /** Local retry times, so a retry happens even with scheduled runs off. */
  private readonly retryAt = new Map<string, Date>();
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  /** When the timer fires (wall clock, ms). */
  private timerAt = 0;
  private readonly log: Log;
  readonly now: () => Date;

  constructor(private readonly opts: RunnerOptions) {
    this.specs = new Map(opts.jobs.map((j) => [j.name, j]));
    this.log = opts.log ?? { error: () => {}, info: () => {} };
    this.now = opts.now ?? (() => new Date());
  }

  /** The declaration of a job this runner runs. */
  declared(name: string): JobSpec | undefined {
    return this.specs.get(name);
  }

  /** Seconds between scheduled runs of a job, or null when scheduled runs are off. */
  everySeconds(spec: JobSpec): number | null {
    if (this.opts.intervalSeconds <= 0) return null;
    return spec.every === 'interval' ? this.opts.intervalSeconds : spec.every;
  }

  async start(): Promise<void> {
    const first = new Date(this.now().getTime() + FIRST_TICK_MS);
    for (const spec of this.specs.values()) {
      const every = this.everySeconds(spec);
      await ensureJob(this.opts.db, spec.name, every, spec.concurrency, every ? first : null);
    }
    runners.set(this.opts.db, this);
    if (this.opts.intervalSeconds > 0) this.wakeIn(FIRST_TICK_MS);
  }

  /** Asks for a run now; false when this process has no such job. Runs here unless another process gets to it first. */
  async trigger(name: string): Promise<boolean> {
    if (!this.specs.has(name) || this.stopping.signal.aborted) return false;
    await this.track(requestRun(this.opts.db, name, this.now()));
    // While it runs here, the run's end sees the request (finishRun keeps it) and starts the next one.
    if (!this.running.has(name)) await this.tick();
    return true;
  }

  /** Starts every due job not already running here; resolves once they have started (or were not claimable). */
  tick(): Promise<void> {
    return this.track(this.startDue());
  }

  /** Waits until the job (or every job) running here, and any run set off meanwhile, has finished (tests, the CLI). */
  async idle(name?: string): Promise<void> {
    for (;;) {
      if (this.pending.size) await Promise.allSettled([...this.pending]);
      const runs = [...this.running].filter(([n]) => !name || n === name).map(([, run]) => run);
      if (!runs.length && !this.pending.size) return;
      await Promise.allSettled(runs);
    }
  }

  /** Stops claiming, aborts what runs (each job stops at its next safe point) and waits for it to record its outcome. */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.idle();
    if (runners.get(this.opts.db) === this) runners.delete(this.opts.db);
    retireHolder(this.owner);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => {});
    return p;
  }

  private async startDue(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    const now = this.now();
    // Retries whose time has come are claimed now or, if another process holds the job, left to the schedule.
    for (const [name, at] of this.retryAt) if (at <= now) this.retryAt.delete(name);
    try {
      const { due, nextAt } = await dueJobs(this.opts.db, [...this.specs.keys()], now);
      for (const name of due) await this.tryStart(this.specs.get(name)!);
      this.scheduleWake(nextAt);
    } catch (err) {
      this.log.error({ error: describeError(err) }, 'job runner could not read the jobs table');
      this.scheduleWake(null);
    }
  }

  private async tryStart(spec: JobSpec): Promise<void> {
    // One run per job per process: a tick and a trigger racing here must not both claim a slot.
    if (this.running.has(spec.name) || this.claiming.has(spec.name)) return;
    this.claiming.add(spec.name);
    let claim: Claim | null;
    try {
      claim = await claimRun(
        this.opts.db,
        spec.name,
        this.owner,
        this.now(),
        spec.leaseSeconds,
        this.everySeconds(spec),
      );
    } finally {
      this.claiming.delete(spec.name);
    }
    if (!claim) return;
    this.retryAt.delete(spec.name);
    if (claim.tookOver) this.log.info({ job: spec.name }, 'job lease expired: taken over');
    const run = this.execute(spec, claim).then((next) => {
      this.running.delete(spec.name);
      // Asked for again while it ran (a trigger here or in another process): the next run starts now.
      if (next && next <= this.now()) void this.tick();
      else this.scheduleWake(next);
    });
    this.running.set(spec.name, run);
  }

  /** Runs one claimed run and records it; resolves to when the job is next due. */
  private async execute(spec: JobSpec, claim: Claim): Promise<Date | null> {
    const { db, transport } = this.opts;
    const ac = new AbortController();
    const abort = () => ac.abort();
    this.stopping.signal.addEventListener('abort', abort);
    const heartbeat = setInterval(
      () => {
        renewLease(db, spec.name, claim.slot, this.owner, this.now(), spec.leaseSeconds)
          .then((ours) => {
            if (!ours) ac.abort();
          })
          .catch(() => {});
      },
      (spec.leaseSeconds * 1000) / 3,
    );
    const startedAt = this.now();
    let handled = 0;
    let error: string | null = null;
    try {
      handled = await spec.run({ db, transport, signal: ac.signal });
    } catch (err) {
      error = describeError(err);
      this.log.error({ job: spec.name, error }, 'job failed');
    } finally {
      clearInterval(heartbeat);
      this.stopping.signal.removeEventListener('abort', abort);
    }
    const now = this.now();
    const failuresInRow = error ? claim.failuresInRow + 1 : 0;
    const retrying = error !== null && failuresInRow < spec.retry.attempts;
    const every = this.everySeconds(spec);
    const nextRunAt = retrying
      ? new Date(now.getTime() + backoffAfter(spec.retry, failuresInRow) * 1000)
      : every
        ? new Date(now.getTime() + every * 1000)
        : null;
    if (retrying) this.retryAt.set(spec.name, nextRunAt!);
    try {
      return await finishRun(db, spec.name, claim, this.owner, now, {
        error,
        handled,
        durationMs: now.getTime() - startedAt.getTime(),
        failuresInRow: retrying ? failuresInRow : 0,
        nextRunAt,
      });
    } catch (err) {
      // The database went away (shutdown): the lease expires and another run records the next outcome.
      this.log.error({ job: spec.name, error: describeError(err) }, 'job outcome not recorded');
      return null;
    }
  }

  /** Wakes at the earliest of: the next due job seen, a local retry, the polling interval. */
  private scheduleWake(nextAt: Date | null): void {
    if (this.stopping.signal.aborted) return;
    const now = this.now().getTime();
    const times = [...this.retryAt.values(), ...(this.opts.intervalSeconds > 0 && nextAt ? [nextAt] : [])].map(
      (d) => d.getTime() - now,
    );
    if (this.opts.intervalSeconds > 0) times.push(this.opts.intervalSeconds * 1000);
    if (!times.length) return;
    this.wakeIn(Math.max(0, Math.min(...times)));
  }

  private wakeIn(ms: number): void {
    const at = Date.now() + Math.max(ms, MIN_WAKE_MS);
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, at - Date.now());
    this.timer.unref();
  }
}

/** The runner serving this database in this process (routes trigger jobs through it). */
export const runnerOf = (db: Db): JobRunner | undefined => runners.get(db);

/** Asks for a run of `name` now: through this process's runner, or for whichever process runs jobs. */
export async function triggerJob(db: Db, name: string): Promise<boolean> {
  const runner = runnerOf(db);
  return runner ? runner.trigger(name) : requestRun(db, name, new Date());
}

/** What a failed run records and logs: the error's kind and message, never the rows it was working on. */
export function describeError(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`.slice(0, 500);
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 500);
  return String(err).slice(0, 500);
}
