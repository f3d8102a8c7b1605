import client from 'prom-client';
import type { Db } from '../db/index';
import { listJobs, type JobRow } from './store';

/**
 * Per-job figures on /metrics, read from the jobs table at scrape time, so they count every process's
 * runs (a counter in memory would count only this one's): runs, failures, the last run's lag, runs in progress.
 */
export function registerJobMetrics(registry: client.Registry, db: Db): void {
  // One read of the jobs table per scrape, shared by the gauges below.
  let read: Promise<JobRow[]> | null = null;
  const rows = () => {
    read ??= listJobs(db, new Date()).finally(() => setImmediate(() => (read = null)));
    return read;
  };
  const gauge = (name: string, help: string, value: (r: JobRow) => number | null) =>
    new client.Gauge({
      name,
      help,
      labelNames: ['job'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const r of await rows()) {
          const v = value(r);
          if (v !== null) this.set({ job: r.name }, v);
        }
      },
    });
  gauge('roster_job_runs', 'Runs of each background job, all processes, since it was first declared', (r) => r.runs);
  gauge('roster_job_failures', 'Failed runs of each background job, all processes', (r) => r.failures);
  gauge('roster_job_lag_seconds', 'How late the last run of each job started after it was due', (r) =>
    r.last_lag_ms === null ? null : r.last_lag_ms / 1000,
  );
  gauge('roster_job_running', 'Processes running each job now', (r) => r.running);
}
