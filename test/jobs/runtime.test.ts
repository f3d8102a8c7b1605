import { expect, it } from 'vitest';
import type { Db } from '../../src/server/db/index';
import { declareJob, type JobContext } from '../../src/server/scheduler/registry';
import { JobRunner } from '../../src/server/scheduler/runner';
import { listJobs } from '../../src/server/scheduler/store';
import { createTransport } from '../../src/server/modules/mail/transport';
import { useTwoProcesses } from '../helpers/useApp';

// Two runners as two processes would have them: two connection pools on one PostgreSQL database (on
// PGlite, two runners sharing the one connection). Each has its own clock, so a lease can run out
// without the test waiting for it.
const { db, second } = useTwoProcesses();
const quiet = { info: () => {} };

function clock() {
  let t = Date.now();
  return { now: () => new Date(t), advance: (seconds: number) => void (t += seconds * 1000) };
}

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const runnerOn = (on: Db, job: ReturnType<typeof declareJob>, now: () => Date) =>
  new JobRunner({ db: on, transport: createTransport(on, undefined, quiet), jobs: [job], intervalSeconds: 0, now });

it('takes over a job whose lease ran out (its holder stopped renewing it) and the old holder is told to stop', async () => {
  const a = clock();
  const b = clock();
  const release = gate();
  const starts: string[] = [];
  const aborted = gate();
  const job = declareJob({
    name: 'test-takeover',
    description: 'test',
    every: 'interval',
    leaseSeconds: 3,
    concurrency: 1,
    retry: { attempts: 1, backoffSeconds: [1] },
    async run(ctx: JobContext) {
      const who = ctx.db === db ? 'A' : 'B';
      starts.push(who);
      if (who === 'A') ctx.signal.addEventListener('abort', () => aborted.open());
      await Promise.race([release.opened, new Promise((r) => ctx.signal.addEventListener('abort', r))]);
      return 0;
    },
  });
  // A's clock stands still: its heartbeats renew the lease only up to A's "now" + 3 s — as if it had crashed.
  const runA = runnerOn(db, job, a.now);
  const runB = runnerOn(second, job, b.now);
  await runA.start();
  await runB.start();
  try {
    await runA.trigger(job.name);
    expect(starts).toEqual(['A']);

    // Within the lease, B may not start it: never two runs at once.
    b.advance(2);
    await runB.trigger(job.name);
    expect(starts).toEqual(['A']);

    b.advance(2); // past A's lease
    await runB.trigger(job.name);
    expect(starts).toEqual(['A', 'B']);
    const [row] = await db.query<{ lease_owner: string }>(`select lease_owner from job_leases where name = $1`, [
      job.name,
    ]);
    expect(row!.lease_owner).toBe(runB.owner);

    // A's next heartbeat finds the lease gone and aborts its run.
    await aborted.opened;
    release.open();
    await Promise.all([runA.idle(), runB.idle()]);
    const [after] = await listJobs(db, b.now()).then((rows) => rows.filter((r) => r.name === job.name));
    expect(after).toMatchObject({ runs: 2, running: 0 });
  } finally {
    release.open();
    await runA.stop();
    await runB.stop();
  }
});

it('never runs a job twice at once across two runners triggered together', async () => {
  const c = clock();
  let running = 0;
  let most = 0;
  let runs = 0;
  const job = declareJob({
    name: 'test-exclusive',
    description: 'test',
    every: 'interval',
    leaseSeconds: 30,
    concurrency: 1,
    retry: { attempts: 1, backoffSeconds: [1] },
    async run(ctx) {
      running++;
      most = Math.max(most, running);
      runs++;
      // Work that spans a few round trips to the database, as a real sweep does.
      for (let i = 0; i < 3; i++) await ctx.db.query('select 1');
      running--;
      return 1;
    },
  });
  const runA = runnerOn(db, job, c.now);
  const runB = runnerOn(second, job, c.now);
  await runA.start();
  await runB.start();
  try {
    for (let i = 0; i < 20; i++) await Promise.all([runA.trigger(job.name), runB.trigger(job.name)]);
    await Promise.all([runA.idle(), runB.idle()]);
    await Promise.all([runA.idle(), runB.idle()]);
  } finally {
    await runA.stop();
    await runB.stop();
  }
  expect(most).toBe(1);
  expect(runs).toBeGreaterThan(0);
  const [row] = (await listJobs(db, c.now())).filter((r) => r.name === job.name);
  expect(row).toMatchObject({ runs, failures: 0, running: 0, last_status: 'ok' });
});

it('stopping a runner aborts its run, records it and frees the lease for the next runner at once', async () => {
  const c = clock();
  const job = declareJob({
    name: 'test-stop',
    description: 'test',
    every: 'interval',
    leaseSeconds: 600,
    concurrency: 1,
    retry: { attempts: 1, backoffSeconds: [1] },
    // The first runner's run lasts until it is told to stop; the second's ends at once.
    run: (ctx) =>
      ctx.db === db
        ? new Promise<number>((resolve) => ctx.signal.addEventListener('abort', () => resolve(0)))
        : Promise.resolve(1),
  });
  const runA = runnerOn(db, job, c.now);
  await runA.start();
  await runA.trigger(job.name);
  await runA.stop();
  const runB = runnerOn(second, job, c.now);
  await runB.start();
  try {
    await runB.trigger(job.name);
    await runB.idle();
    const [row] = (await listJobs(db, c.now())).filter((r) => r.name === job.name);
    expect(row).toMatchObject({ runs: 2, running: 0, last_handled: 1, last_status: 'ok' });
  } finally {
    await runB.stop();
  }
});
