/** Background jobs (Owners only): what each does, how its last run went, and "Run now". */
import { http } from '../../common/api/client';

export interface Job {
  name: string;
  description: string;
  /** Seconds between scheduled runs; null: runs only when triggered. */
  everySeconds: number | null;
  concurrency: number;
  running: number;
  nextRunAt: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastStatus: 'ok' | 'failed' | null;
  lastError: string | null;
  lastDurationMs: number | null;
  lastLagMs: number | null;
  lastHandled: number | null;
  runs: number;
  failures: number;
  failuresInRow: number;
}

export const jobsApi = {
  list: () => http.get<{ items: Job[] }>('/jobs'),
  runNow: (name: string) => http.post<Job>(`/jobs/${encodeURIComponent(name)}/run`),
};
