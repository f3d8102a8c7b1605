import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { assertCan } from '../access/policy';
import { getSettings } from '../settings/settings';
import type { Summary } from '../../../common/contract/reports';
import { INACTIVE_STATUSES, type Status } from '../../../common/domain';
import { dayOf, FUNNEL_DAYS, liveCounts, readSnapshots, seatsOf, takeDailySnapshot, type Snapshot } from './snapshots';

const DAY_MS = 86_400_000;
export const TREND_DAYS = 90;
const EXPIRY_DAYS = 30;
/** People whose end date no longer matters; a deactivated person may be reactivated before it, so they stay listed. */
const ENDED: readonly Status[] = INACTIVE_STATUSES.filter((s) => s !== 'deactivated');

export const personName = (r: { first_name: string; last_name: string; email: string | null }): string =>
  `${r.first_name} ${r.last_name}`.trim() || r.email || '(no name)';

/**
 * Home's data (GET /reports/summary): the organisation now from the count changes the triggers keep, the 90-day
 * trend, weekly sign-ins and the invitation funnel from the daily snapshots (insight_snapshots), the rest from
 * narrow index ranges; never a scan of users or of history. Owners, Admins and HR, whose scope is everyone.
 */
export async function summary(db: Sql, actor: Actor, at: Date): Promise<Summary> {
  assertCan(actor, 'reports.view');
  // Home does not wait for the job: the day's first view takes the snapshot if no process has (one key lookup after).
  await takeDailySnapshot(db, at);
  const settings = await getSettings(db);
  const seatStatuses = settings.seatStatuses as Status[];
  const [counts, snapshots, pending, signedInNow, expiries, changes, checklist] = await Promise.all([
    liveCounts(db),
    readSnapshots(db, at, TREND_DAYS),
    pendingByAge(db, at),
    db.query<{ n: number }>(
      `select count(*)::int as n from users where deleted_at is null and last_sign_in_at >= $1 and last_sign_in_at <= $2`,
      [new Date(at.getTime() - 7 * DAY_MS), at],
    ),
    upcomingExpiries(db, at),
    recentChanges(db),
    firstRunChecklist(db, settings),
  ]);
  // Weekly sign-ins: the snapshots a whole number of weeks before today, and today's live count.
  const today = dayOf(at);
  const weeks = snapshots
    .filter((s) => Math.round((Date.parse(today) - Date.parse(s.day)) / DAY_MS) % 7 === 0 && s.day !== today)
    .map((s) => ({ weekEnding: s.day, people: s.signedIn7d }));
  weeks.push({ weekEnding: today, people: signedInNow[0]!.n });
  return {
    asOf: at.toISOString(),
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    seats: { used: seatsOf(counts, seatStatuses), limit: settings.seatLimit, statuses: seatStatuses },
    trend: snapshots.map((s) => ({ day: s.day, counts: s.counts, seats: seatsOf(s.counts, seatStatuses) })),
    funnel: { ...latestFunnel(snapshots), pending: counts.invite_pending, ...pending },
    signInsByWeek: weeks,
    upcomingExpiries: expiries,
    recentChanges: changes,
    checklist,
  };
}

/** The funnel of the newest snapshot that has one (rows written before migration 034 have none). */
function latestFunnel(snapshots: Snapshot[]) {
  const funnel = snapshots.findLast((s) => s.funnel)?.funnel;
  return { days: FUNNEL_DAYS, ...(funnel ?? { sent: 0, accepted: 0, medianHoursToAccept: null }) };
}

/** Pending people whose last invitation is over 7 and 30 days old: an index-only range of users_pending_invited_idx. */
async function pendingByAge(sql: Sql, at: Date) {
  const [row] = await sql.query<{ over7: number; over30: number }>(
    `select count(*)::int as over7, count(*) filter (where invited_at < $2)::int as over30
       from users where status = 'invite_pending' and deleted_at is null and invited_at < $1`,
    [new Date(at.getTime() - 7 * DAY_MS), new Date(at.getTime() - 30 * DAY_MS)],
  );
  return { pendingOver7Days: row!.over7, pendingOver30Days: row!.over30 };
}

async function upcomingExpiries(sql: Sql, at: Date): Promise<Summary['upcomingExpiries']> {
  const until = new Date(at.getTime() + EXPIRY_DAYS * DAY_MS);
  const rows = await sql.query<{
    id: string;
    first_name: string;
    last_name: string;
    email: string | null;
    status: Status;
    expires_at: Date;
    total: number;
  }>(
    `select id, first_name, last_name, email, status, expires_at, count(*) over ()::int as total
       from users
      where expires_at > $1 and expires_at <= $2 and deleted_at is null and status <> all($3::text[])
      order by expires_at, id limit 5`,
    [at, until, ENDED],
  );
  return {
    within30Days: rows[0]?.total ?? 0,
    next: rows.map((r) => ({
      id: r.id,
      name: personName(r),
      email: r.email,
      status: r.status,
      expiresAt: new Date(r.expires_at).toISOString(),
    })),
  };
}

async function recentChanges(sql: Sql): Promise<Summary['recentChanges']> {
  const rows = await sql.query<{
    at: Date;
    user_id: string;
    first_name: string;
    last_name: string;
    email: string | null;
    from_status: Status | null;
    to_status: Status;
    event: string;
  }>(
    `select h.at, h.user_id, u.first_name, u.last_name, u.email, h.from_status, h.to_status, h.event
       from status_history h join users u on u.id = h.user_id
      where u.deleted_at is null
      order by h.id desc limit 8`,
  );
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    person: { id: r.user_id, name: personName(r), email: r.email },
    fromStatus: r.from_status,
    toStatus: r.to_status,
    event: r.event,
  }));
}

/** The first-run checklist: each step is done once something exists that it would have made. */
async function firstRunChecklist(
  sql: Sql,
  settings: Awaited<ReturnType<typeof getSettings>>,
): Promise<Summary['checklist']> {
  const [row] = await sql.query<{ people: boolean; invited: boolean; scim: boolean; teams: boolean }>(
    `select exists (select 1 from users where role <> 'owner' and deleted_at is null) as people,
            exists (select 1 from invitations) as invited,
            exists (select 1 from api_tokens where revoked_at is null and scopes @> '["scim"]'::jsonb) as scim,
            exists (select 1 from teams) as teams`,
  );
  return {
    peopleAdded: row!.people,
    invited: row!.invited,
    signInSetUp: Boolean(settings.sso.issuer && settings.sso.clientId) || settings.saml.enabled,
    hrSyncConnected: row!.scim,
    teamsCreated: row!.teams,
  };
}
