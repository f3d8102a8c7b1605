import type { Db } from '../db/index';
import { AppError } from '../core/errors';

/**
 * Whether a long job's unexpected error is its process going away (the runner was stopped, or the pool closed
 * under it). Then the job is not marked failed: its lease lapses and another process takes it over.
 */
export async function isShuttingDown(db: Db, signal: AbortSignal): Promise<boolean> {
  try {
    await db.query('select 1');
    return signal.aborted;
  } catch {
    return true;
  }
}

/**
 * What a failed job records: a refusal's code and message as they are, anything else as `internal_error` with
 * the job's own words. The unexpected error is logged by its message only: SQL errors name constraints, never
 * the row values.
 */
export function jobFailure(err: unknown, job: string, unexpected: string): { code: string; message: string } {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  process.emitWarning(`${job} failed: ${err instanceof Error ? err.message : String(err)}`);
  return { code: 'internal_error', message: unexpected };
}
