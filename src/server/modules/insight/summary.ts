import type { Db, Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { assertCan } from '../access/policy';
import { getSettings } from '../settings/settings';
import type { Summary } from '../../../common/contract/reports';
import { INACTIVE_STATUSES, type Status } from '../../../common/domain';
import { dayOf, fullCounts, readSnapshots, seatsOf } from './snapshots';

const DAY_MS = 86_400_000;
export const TREND_DAYS = 90;
const FUNNEL_DAYS = 90;
const EXPIRY_DAYS = 30;
/** People whose end date no longer matters; a deactivated person may be reactivated before it, so they stay listed. */
const ENDED: readonly Status[] = INACTIVE_STATUSES.filter((s) => s !== 'deactivated');

export const personName = (r: { first_name: string; last_name: string; email: string | null }): string =>
  `${r.first_name} ${r.last_name}`.trim() || r.email || '(no name)';

/** Counts by status now, people not deleted: an index-only scan of users_live_status_idx (migration 002). */
export async function liveCounts(sql: Sql) {
  const rows = await sql.query<{ status: string; n: number }>(
    `select status, count(*)::int as n from users where deleted_at is null group by status`,
  );
  return fullCounts(Object.fromEntries(rows.map((r) => [r.status, r.n])));
}

/**
 * Home's data (GET /reports/summary): the organisation now, plus the 90-day trend and weekly sign-ins read from
 * the daily snapshots (insight_snapshots), never a scan of history. Owners, Admins and HR, whose scope is everyone.
 */
export async function summary(db: Db, actor: Actor, at: Date): Promise<Summary> {
  assertCan(actor, 'reports.view');
  const settings = await getSettings(db);
  const seatStatuses = settings.seatStatuses as Status[];
  const [counts, snapshots, funnel, signedInNow, expiries, changes, checklist] = await Promise.all([
    liveCounts(db),
    readSnapshots(db, at, TREND_DAYS),
    invitationFunnel(db, at),
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
    funnel,
    signInsByWeek: weeks,
    upcomingExpiries: expiries,
    recentChanges: changes,
    checklist,
  };
}

/**
 * People sent an invitation in the last 90 days, those of them who accepted one, and the median time from the
 * accepted invitation being sent to its use; pending people by the age of their last invitation.
 */
async function invitationFunnel(sql: Sql, at: Date): Promise<Summary['funnel']> {
  const since = new Date(at.getTime() - FUNNEL_DAYS * DAY_MS);
  const [sent] = await sql.query<{ sent: number; accepted: number; median_hours: number | null }>(
    `select count(distinct user_id)::int as sent,
            count(distinct user_id) filter (where state = 'used')::int as accepted,
            (percentile_cont(0.5) within group (order by extract(epoch from used_at - created_at))
               filter (where state = 'used')) / 3600 as median_hours
       from invitations where created_at >= $1 and created_at <= $2`,
    [since, at],
  );
  const [pending] = await sql.query<{ pending: number; over7: number; over30: number }>(
    `select count(*)::int as pending,
            count(*) filter (where invited_at < $1)::int as over7,
            count(*) filter (where invited_at < $2)::int as over30
       from users where deleted_at is null and status = 'invite_pending'`,
    [new Date(at.getTime() - 7 * DAY_MS), new Date(at.getTime() - 30 * DAY_MS)],
  );
  return {
    days: FUNNEL_DAYS,
    sent: sent!.sent,
    accepted: sent!.accepted,
    medianHoursToAccept: sent!.median_hours === null ? null : Math.round(Number(sent!.median_hours) * 10) / 10,
    pending: pending!.pending,
    pendingOver7Days: pending!.over7,
    pendingOver30Days: pending!.over30,
  };
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
