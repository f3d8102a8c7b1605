import type { Sql } from '../../db/index';
import { STATUSES, type Status } from '../../../common/domain';
import type { StatusCounts } from '../../../common/contract/reports';

/** A UTC day as `YYYY-MM-DD`. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
export const FUNNEL_DAYS = 90;

/** The 90-day invitation funnel a snapshot holds (Home shows it as of the day's snapshot). */
export interface SnapshotFunnel {
  sent: number;
  accepted: number;
  medianHoursToAccept: number | null;
}

/**
 * The day's snapshot of the organisation (migrations 026, 034): counts by status, the people who signed in
 * during the past week, and the 90-day invitation funnel. The day's primary key makes it exactly once: whichever
 * process inserts first writes it, another (at the same time or later that day) does nothing. The first run of
 * the day also folds the count changes into one row per status. Returns 1 when this call wrote the day's row, else 0.
 */
export async function takeDailySnapshot(db: Sql, at: Date): Promise<number> {
  const day = dayOf(at);
  // The usual case after the first run of the day: nothing to count.
  const [taken] = await db.query(`select 1 from insight_snapshots where day = $1`, [day]);
  if (taken) return 0;
  const funnel = await invitationFunnel(db, at);
  const rows = await db.query(
    `insert into insight_snapshots (day, taken_at, counts, signed_in_7d, funnel)
     select $1, $2,
            coalesce((select jsonb_object_agg(status, n) from
                       (select status, count(*) as n from users where deleted_at is null group by status) c), '{}'::jsonb),
            (select count(*) from users where deleted_at is null and last_sign_in_at >= $3),
            $4
     on conflict (day) do nothing
     returning day`,
    [day, at, new Date(at.getTime() - WEEK_MS), JSON.stringify(funnel)],
  );
  if (rows.length) await foldCountChanges(db);
  return rows.length;
}

/**
 * People sent an invitation in the 90 days up to `at`, those of them who accepted one, and the median time from
 * the accepted invitation being sent to its use.
 */
async function invitationFunnel(sql: Sql, at: Date): Promise<SnapshotFunnel> {
  const [row] = await sql.query<{ sent: number; accepted: number; median_hours: number | null }>(
    `select count(distinct user_id)::int as sent,
            count(distinct user_id) filter (where state = 'used')::int as accepted,
            (percentile_cont(0.5) within group (order by extract(epoch from used_at - created_at))
               filter (where state = 'used')) / 3600 as median_hours
       from invitations where created_at >= $1 and created_at <= $2`,
    [new Date(at.getTime() - FUNNEL_DAYS * DAY_MS), at],
  );
  return {
    sent: row!.sent,
    accepted: row!.accepted,
    medianHoursToAccept: row!.median_hours === null ? null : Math.round(Number(row!.median_hours) * 10) / 10,
  };
}

/**
 * Replaces the count changes this transaction sees by one row per status, in one statement. Changes written
 * meanwhile by transactions not yet committed are not visible to the delete, so they stay and still count.
 */
async function foldCountChanges(sql: Sql): Promise<void> {
  await sql.query(
    `with gone as (delete from people_count_changes returning status, n)
     insert into people_count_changes (status, n) select status, sum(n) from gone group by status having sum(n) <> 0`,
  );
}

/**
 * People by status now, people not deleted: the sum of the count changes the triggers on users write
 * (migration 034), a few hundred rows at most between two daily folds, never a scan of users.
 */
export async function liveCounts(sql: Sql): Promise<StatusCounts> {
  const rows = await sql.query<{ status: string; n: number }>(
    `select status, sum(n)::int as n from people_count_changes group by status`,
  );
  return fullCounts(Object.fromEntries(rows.map((r) => [r.status, r.n])));
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
  /** Null in the rows written before migration 034. */
  funnel: SnapshotFunnel | null;
}

/** The snapshots of the last `days` days up to `at`, oldest first. */
export async function readSnapshots(sql: Sql, at: Date, days: number): Promise<Snapshot[]> {
  const rows = await sql.query<{
    day: string;
    counts: Record<string, number>;
    signed_in_7d: number;
    funnel: SnapshotFunnel | null;
  }>(`select day, counts, signed_in_7d, funnel from insight_snapshots where day > $1 and day <= $2 order by day`, [
    dayOf(new Date(at.getTime() - days * DAY_MS)),
    dayOf(at),
  ]);
  return rows.map((r) => ({ day: r.day, counts: fullCounts(r.counts), signedIn7d: r.signed_in_7d, funnel: r.funnel }));
}
