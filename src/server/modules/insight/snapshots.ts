import type { Db, Sql } from '../../db/index';
import { STATUSES, type Status } from '../../../common/domain';
import type { StatusCounts } from '../../../common/contract/reports';

/** A UTC day as `YYYY-MM-DD`. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

const WEEK_MS = 7 * 86_400_000;

/**
 * The day's snapshot of the organisation (migration 026): counts by status and the people who signed in
 * during the past week, in one set-based statement. The day's primary key makes it exactly once: whichever
 * process inserts first writes it, another (at the same time or later that day) does nothing. Returns 1 when
 * this call wrote the day's row, else 0.
 */
export async function takeDailySnapshot(db: Db, at: Date): Promise<number> {
  const day = dayOf(at);
  // The usual case after the first run of the day: nothing to count.
  const [taken] = await db.query(`select 1 from insight_snapshots where day = $1`, [day]);
  if (taken) return 0;
  const rows = await db.query(
    `insert into insight_snapshots (day, taken_at, counts, signed_in_7d)
     select $1, $2,
            coalesce((select jsonb_object_agg(status, n) from
                       (select status, count(*) as n from users where deleted_at is null group by status) c), '{}'::jsonb),
            (select count(*) from users where deleted_at is null and last_sign_in_at >= $3)
     on conflict (day) do nothing
     returning day`,
    [day, at, new Date(at.getTime() - WEEK_MS)],
  );
  return rows.length;
}

/** Every status with its count (0 when absent). */
export function fullCounts(partial: Partial<Record<string, number>>): StatusCounts {
  return Object.fromEntries(STATUSES.map((s) => [s, Number(partial[s] ?? 0)])) as StatusCounts;
}

export const seatsOf = (counts: StatusCounts, statuses: readonly Status[]): number =>
  statuses.reduce((n, s) => n + counts[s], 0);

export interface Snapshot {
  day: string;
  counts: StatusCounts;
  signedIn7d: number;
}

/** The snapshots of the last `days` days up to `at`, oldest first. */
export async function readSnapshots(sql: Sql, at: Date, days: number): Promise<Snapshot[]> {
  const rows = await sql.query<{ day: string; counts: Record<string, number>; signed_in_7d: number }>(
    `select day, counts, signed_in_7d from insight_snapshots where day > $1 and day <= $2 order by day`,
    [dayOf(new Date(at.getTime() - days * 86_400_000)), dayOf(at)],
  );
  return rows.map((r) => ({ day: r.day, counts: fullCounts(r.counts), signedIn7d: r.signed_in_7d }));
}
