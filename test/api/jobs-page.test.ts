import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/index';
import { ROSTER_JOBS } from '../../src/server/jobs/catalog';
import { declareJob } from '../../src/server/scheduler/registry';
import { JobRunner } from '../../src/server/scheduler/runner';
import { insertUser, OWNER, startTestApp, type Client, type TestApp, type TestDb } from '../helpers/harness';
import { expectError } from '../helpers/api';

let t: TestApp;
let owner: Client;
beforeAll(async () => {
  t = await startTestApp({ METRICS_PUBLIC: 'true' });
  owner = await t.as(OWNER.email, OWNER.password);
});
afterAll(() => t.stop());

const jobNamed = async (name: string) =>
  ((await owner.get('/api/v1/jobs')).body.items as any[]).find((j) => j.name === name);

it('lists every declared job to an Owner, and to nobody else', async () => {
  const res = await owner.get('/api/v1/jobs');
  expect(res.status).toBe(200);
  const names = res.body.items.map((j: any) => j.name);
  for (const job of ROSTER_JOBS) expect(names).toContain(job.name);
  // ROSTER_JOB_INTERVAL=0 in tests: nothing is scheduled, jobs run when triggered.
  expect(res.body.items.find((j: any) => j.name === 'mail-delivery')).toMatchObject({
    everySeconds: null,
    concurrency: 4,
    running: 0,
    description: expect.any(String),
  });

  const admin = await insertUser(t.db, { role: 'admin' });
  expectError(await (await t.as(admin.email)).get('/api/v1/jobs'), 403, 'forbidden');
  expectError(await t.anon().get('/api/v1/jobs'), 401, 'unauthenticated');
});

it('a job that throws is retried by its policy, and its failures show on the jobs page and in /metrics', async () => {
  let time = Date.now();
  let fail = true;
  const flaky = declareJob({
    name: 'test-flaky',
    description: 'Fails while the directory is down.',
    every: 'interval',
    leaseSeconds: 30,
    concurrency: 1,
    retry: { attempts: 3, backoffSeconds: [10, 60] },
    async run() {
      if (fail) throw new Error('the directory server is down');
      return 7;
    },
  });
  const other: Db = await (t.db as TestDb).reopen();
  const runner = new JobRunner({
    db: other,
    transport: t.transport,
    jobs: [flaky],
    intervalSeconds: 0,
    now: () => new Date(time),
  });
  await runner.start();
  const runDue = async () => {
    await runner.tick();
    await runner.idle();
  };
  try {
    await runner.trigger(flaky.name);
    await runner.idle();
    const first = await jobNamed(flaky.name);
    expect(first).toMatchObject({
      runs: 1,
      failures: 1,
      failuresInRow: 1,
      lastStatus: 'failed',
      lastError: 'Error: the directory server is down',
    });
    expect(first.nextRunAt).toBe(new Date(time + 10_000).toISOString());

    // Not before its back-off…
    time += 9_000;
    await runDue();
    expect(await jobNamed(flaky.name)).toMatchObject({ runs: 1 });
    // …then retried, with the next back-off.
    time += 1_000;
    await runDue();
    const second = await jobNamed(flaky.name);
    expect(second).toMatchObject({ runs: 2, failures: 2, failuresInRow: 2 });
    expect(second.nextRunAt).toBe(new Date(time + 60_000).toISOString());
    // The third failure uses up the policy: no more retries (and with no schedule, no next run).
    time += 60_000;
    await runDue();
    expect(await jobNamed(flaky.name)).toMatchObject({
      runs: 3,
      failures: 3,
      failuresInRow: 0,
      lastStatus: 'failed',
      nextRunAt: null,
    });
    time += 3_600_000;
    await runDue();
    expect(await jobNamed(flaky.name)).toMatchObject({ runs: 3 });

    const metrics = (await t.anon().get('/metrics')).body as string;
    expect(metrics).toContain('roster_job_runs{job="test-flaky"} 3');
    expect(metrics).toContain('roster_job_failures{job="test-flaky"} 3');
    expect(metrics).toMatch(/roster_job_lag_seconds\{job="test-flaky"\} \d/);

    fail = false;
    await runner.trigger(flaky.name);
    await runner.idle();
    expect(await jobNamed(flaky.name)).toMatchObject({
      runs: 4,
      failures: 3,
      lastStatus: 'ok',
      lastError: null,
      lastHandled: 7,
    });
  } finally {
    await runner.stop();
    await other.close();
  }
});

it('"Run now" starts a job at once for an Owner, and is audited', async () => {
  const res = await owner.post('/api/v1/jobs/end-breaks/run');
  expect(res.status).toBe(202);
  expect(res.body.name).toBe('end-breaks');
  await t.jobs.idle();
  expect(await jobNamed('end-breaks')).toMatchObject({ runs: 1, lastStatus: 'ok' });
  const [entry] = await t.db.query(
    `select action, target_type, target_id from audit_log where action = 'job.run_requested'`,
  );
  expect(entry).toEqual({ action: 'job.run_requested', target_type: 'job', target_id: 'end-breaks' });

  expectError(await owner.post('/api/v1/jobs/no-such-job/run'), 404, 'not_found');
  const admin = await insertUser(t.db, { role: 'admin' });
  expectError(await (await t.as(admin.email)).post('/api/v1/jobs/end-breaks/run'), 403, 'forbidden');
});
