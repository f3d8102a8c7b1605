import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { invalid } from '../../core/errors';
import { assertCan, visibleUsersSql } from '../access/policy';
import { getSettings } from '../settings/settings';
import type { Forecast, InactivePage, Movements, PendingInvitations } from '../../../common/contract/reports';
import { INVITABLE_STATUSES, type Status } from '../../../common/domain';
import { dayOf, liveCounts, readSnapshots, seatsOf } from './snapshots';
import { personName, TREND_DAYS } from './summary';

const DAY_MS = 86_400_000;

type PersonRow = { id: string; first_name: string; last_name: string; email: string | null };

/** Binds values for a statement: `p(v)` pushes v and returns its placeholder. */
export function binder(params: unknown[]) {
  return (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
}

const encodeCursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function decodeCursor(cursor: string): [string | null, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && (v[0] === null || typeof v[0] === 'string') && typeof v[1] === 'string')
      return v as [string | null, string];
  } catch {
    // falls through to the error
  }
  throw invalid('The cursor is not one this list gave out.', [{ field: 'cursor' }]);
}

export interface InactiveRow extends PersonRow {
  role: string;
  last_sign_in_at: Date | null;
  confirmed_at: Date | null;
}

/**
 * Confirmed people with no sign-in for `days` days, or never, within the caller's scope: those who never signed
 * in first, then the longest-absent, keyset-paged on (last sign-in, id) through users_last_sign_in_idx.
 */
export async function inactive(
  db: Sql,
  actor: Actor,
  at: Date,
  q: { days: number; limit: number; cursor?: string },
): Promise<InactivePage & { rows: InactiveRow[] }> {
  assertCan(actor, 'reports.view');
  const params: unknown[] = [];
  const p = binder(params);
  const scope = await visibleUsersSql(db, actor, p);
  const where = `u.deleted_at is null and u.status = 'confirmed' and ${scope}
    and (u.last_sign_in_at is null or u.last_sign_in_at < ${p(new Date(at.getTime() - q.days * DAY_MS))})`;
  const [{ total }] = (await db.query<{ total: number }>(
    `select count(*)::int as total from users u where ${where}`,
    params,
  )) as [{ total: number }];
  let after = '';
  if (q.cursor) {
    const [last, id] = decodeCursor(q.cursor);
    after =
      last === null
        ? ` and ((u.last_sign_in_at is null and u.id > ${p(id)}) or u.last_sign_in_at is not null)`
        : ` and u.last_sign_in_at is not null and (u.last_sign_in_at, u.id) > (${p(new Date(last))}, ${p(id)})`;
  }
  const rows = await db.query<InactiveRow>(
    `select u.id, u.first_name, u.last_name, u.email, u.role, u.last_sign_in_at, u.confirmed_at
       from users u where ${where}${after}
      order by u.last_sign_in_at asc nulls first, u.id
      limit ${p(q.limit + 1)}`,
    params,
  );
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    days: q.days,
    total,
    nextCursor:
      more && last
        ? encodeCursor([last.last_sign_in_at ? new Date(last.last_sign_in_at).toISOString() : null, last.id])
        : null,
    items: page.map((r) => ({
      id: r.id,
      name: personName(r),
      email: r.email,
      role: r.role,
      lastSignInAt: r.last_sign_in_at ? new Date(r.last_sign_in_at).toISOString() : null,
      confirmedAt: r.confirmed_at ? new Date(r.confirmed_at).toISOString() : null,
    })),
    rows: page,
  };
}

/** Pending invitations by the age of the person's last invitation, those whose link expired, the oldest first. */
export async function pendingInvitations(
  db: Sql,
  actor: Actor,
  at: Date,
  q: { limit: number },
): Promise<PendingInvitations> {
  assertCan(actor, 'reports.view');
  // The newest invitation per pending person: its link's expiry.
  const from = async (p: (v: unknown) => string) => `from users u
    left join lateral (select i.expires_at from invitations i where i.user_id = u.id order by i.created_at desc limit 1) i on true
    where u.deleted_at is null and u.status = 'invite_pending' and ${await visibleUsersSql(db, actor, p)}`;
  const aggParams: unknown[] = [];
  const a = binder(aggParams);
  const ago = (days: number) => a(new Date(at.getTime() - days * DAY_MS));
  const [agg] = await db.query<Record<string, number>>(
    `select count(*)::int as total,
            count(*) filter (where u.invited_at >= ${ago(7)} or u.invited_at is null)::int as under_7_days,
            count(*) filter (where u.invited_at < ${ago(7)} and u.invited_at >= ${ago(30)})::int as "7_to_30_days",
            count(*) filter (where u.invited_at < ${ago(30)} and u.invited_at >= ${ago(90)})::int as "30_to_90_days",
            count(*) filter (where u.invited_at < ${ago(90)})::int as over_90_days,
            count(*) filter (where i.expires_at <= ${a(at)})::int as link_expired
       ${await from(a)}`,
    aggParams,
  );
  const itemParams: unknown[] = [];
  const b = binder(itemParams);
  const items = await db.query<PersonRow & { invited_at: Date | null; expires_at: Date | null }>(
    `select u.id, u.first_name, u.last_name, u.email, u.invited_at, i.expires_at ${await from(b)}
      order by u.invited_at asc nulls first, u.id limit ${b(q.limit)}`,
    itemParams,
  );
  return {
    buckets: (['under_7_days', '7_to_30_days', '30_to_90_days', 'over_90_days'] as const).map((bucket) => ({
      bucket,
      people: agg![bucket]!,
    })),
    linkExpired: agg!.link_expired!,
    total: agg!.total!,
    items: items.map((r) => ({
      id: r.id,
      name: personName(r),
      email: r.email,
      invitedAt: r.invited_at ? new Date(r.invited_at).toISOString() : null,
      linkExpiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    })),
  };
}

/** The ids of pending people whose last invitation went out over `olderThanDays` days ago (oldest first). */
export async function pendingOlderThan(sql: Sql, at: Date, olderThanDays: number, max: number): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `select id from users where deleted_at is null and status = 'invite_pending' and invited_at < $1
      order by invited_at, id limit $2`,
    [new Date(at.getTime() - olderThanDays * DAY_MS), max],
  );
  return rows.map((r) => r.id);
}

const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/**
 * Joiners and leavers of the last `months` months (this one included) from the status history: a joiner is
 * confirmed from not yet confirmed (invitation accepted, single sign-on, password set), a leaver deactivated or
 * expired. Organisation-wide, as status history is.
 */
export async function movements(db: Sql, actor: Actor, at: Date, q: { months: number }): Promise<Movements> {
  assertCan(actor, 'reports.view');
  const first = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - (q.months - 1), 1));
  const rows = await db.query<{ month: string; joiners: number; leavers: number }>(
    `select to_char(at at time zone 'UTC', 'YYYY-MM') as month,
            count(*) filter (where to_status = 'confirmed'
                              and (from_status is null or from_status = any($3::text[])))::int as joiners,
            count(*) filter (where to_status in ('deactivated', 'expired'))::int as leavers
       from status_history where at >= $1 and at <= $2
      group by 1`,
    [first, at, INVITABLE_STATUSES],
  );
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const months = [];
  for (let i = 0; i < q.months; i++) {
    const month = monthOf(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i, 1)));
    const r = byMonth.get(month);
    months.push({ month, joiners: r?.joiners ?? 0, leavers: r?.leavers ?? 0 });
  }
  return { months };
}

/** Least-squares slope of seats per day over the snapshots (x in days); null with fewer than two days. */
export function slopePerDay(points: { day: string; seats: number }[]): number | null {
  if (points.length < 2) return null;
  const xs = points.map((pt) => Date.parse(pt.day) / DAY_MS);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = points.reduce((a, pt) => a + pt.seats, 0) / points.length;
  let num = 0;
  let den = 0;
  points.forEach((pt, i) => {
    num += (xs[i]! - mx) * (pt.seats - my);
    den += (xs[i]! - mx) ** 2;
  });
  return den === 0 ? null : num / den;
}

/**
 * Seats over the next `horizonDays`: seats used now, plus the trend of the snapshots, plus scheduled invitations
 * (when a pending invitation uses a seat and a scheduled one does not), minus end dates of people using a seat
 * (when an expired person does not). "You will pass N seats on <day>".
 */
export async function forecast(db: Sql, actor: Actor, at: Date, q: { horizonDays: number }): Promise<Forecast> {
  assertCan(actor, 'reports.view');
  const settings = await getSettings(db);
  const statuses = settings.seatStatuses as Status[];
  const counts = await liveCounts(db);
  const used = seatsOf(counts, statuses);
  const trend = (await readSnapshots(db, at, TREND_DAYS)).map((s) => ({
    day: s.day,
    seats: seatsOf(s.counts, statuses),
  }));
  const slope = slopePerDay(trend);
  const until = new Date(at.getTime() + q.horizonDays * DAY_MS);
  const gains =
    statuses.includes('invite_pending') && !statuses.includes('invite_scheduled')
      ? await db.query<{ day: string; n: number }>(
          `select to_char(invite_scheduled_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as n from users
            where status = 'invite_scheduled' and deleted_at is null and invite_scheduled_at > $1 and invite_scheduled_at <= $2
            group by 1`,
          [at, until],
        )
      : [];
  const losses = !statuses.includes('expired')
    ? await db.query<{ day: string; n: number }>(
        `select to_char(expires_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as n from users
          where expires_at > $1 and expires_at <= $2 and deleted_at is null and status = any($3::text[])
          group by 1`,
        [at, until, statuses],
      )
    : [];
  const delta = new Map<string, number>();
  for (const g of gains) delta.set(g.day, (delta.get(g.day) ?? 0) + g.n);
  for (const l of losses) delta.set(l.day, (delta.get(l.day) ?? 0) - l.n);
  const points: { day: string; seats: number }[] = [];
  let passesLimitOn: string | null = settings.seatLimit !== null && used > settings.seatLimit ? dayOf(at) : null;
  let running = used;
  for (let d = 0; d <= q.horizonDays; d++) {
    const day = dayOf(new Date(at.getTime() + d * DAY_MS));
    if (d > 0) running += delta.get(day) ?? 0;
    const seats = Math.max(0, Math.round(running + (slope ?? 0) * d));
    if (passesLimitOn === null && settings.seatLimit !== null && seats > settings.seatLimit) passesLimitOn = day;
    if (d % 7 === 0 || d === q.horizonDays) points.push({ day, seats });
  }
  return {
    seats: { used, limit: settings.seatLimit, statuses },
    trendPerDay: slope === null ? null : Math.round(slope * 100) / 100,
    scheduledInvitations: gains.reduce((n, g) => n + g.n, 0),
    expiring: losses.reduce((n, l) => n + l.n, 0),
    points,
    passesLimitOn,
    horizonDays: q.horizonDays,
  };
}
