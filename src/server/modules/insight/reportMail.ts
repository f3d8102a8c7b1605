import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { linkTo } from '../mail/links';
import type { Cadence, ScheduledReport } from '../../../common/contract/reportSchedules';
import { forecast, inactive, movements, pendingInvitations } from './reports';
import { summary } from './summary';

/** Days without a sign-in the inactive report's mail counts (the report page's default). */
const INACTIVE_DAYS = 90;

const n = (v: number) => v.toLocaleString('en-GB');

/**
 * A scheduled report's mail (one place for its wording, for translation later): the report's headline figures
 * and two links, to the report's page and to its CSV. The CSV is linked, not attached: it is built when opened,
 * under the reader's rights at that moment, audited as a download, and no list of people waits in a mailbox.
 */
export async function reportMail(
  sql: Sql,
  actor: Actor,
  report: ScheduledReport,
  cadence: Cadence,
  at: Date,
): Promise<{ subject: string; text: string }> {
  const { title, lines, page, csv } = await FIGURES[report](sql, actor, at);
  const text = [
    `Your ${cadence} report: ${title}`,
    '',
    ...lines,
    '',
    `Open the report: ${linkTo(page)}`,
    ...(csv ? [`Download it as CSV (sign in first): ${linkTo(csv)}`] : []),
    '',
    'You receive this because an administrator scheduled it for you. Owners, Admins and HR can change it on the Reports page.',
  ].join('\n');
  return { subject: `${title} — ${cadence} report`, text };
}

type Figures = { title: string; lines: string[]; page: string; csv: string | null };

const FIGURES: Record<ScheduledReport, (sql: Sql, actor: Actor, at: Date) => Promise<Figures>> = {
  async summary(sql, actor, at) {
    const s = await summary(sql, actor, at);
    return {
      title: 'Organisation summary',
      lines: [
        `Seats used: ${n(s.seats.used)}${s.seats.limit === null ? '' : ` of ${n(s.seats.limit)}`}`,
        `People: ${n(s.total)} (confirmed ${n(s.counts.confirmed)}, invitation pending ${n(s.counts.invite_pending)}, deactivated ${n(s.counts.deactivated)})`,
        `Invitations pending over 7 days: ${n(s.funnel.pendingOver7Days)}`,
        `Access ending within 30 days: ${n(s.upcomingExpiries.within30Days)}`,
      ],
      page: '/home',
      csv: null,
    };
  },
  async inactive(sql, actor, at) {
    const r = await inactive(sql, actor, at, { days: INACTIVE_DAYS, limit: 1 });
    return {
      title: 'Inactive people',
      lines: [`${n(r.total)} confirmed people have not signed in for ${INACTIVE_DAYS} days, or never.`],
      page: '/reports/inactive',
      csv: `/api/v1/reports/inactive?days=${INACTIVE_DAYS}&format=csv`,
    };
  },
  async 'pending-invitations'(sql, actor, at) {
    const r = await pendingInvitations(sql, actor, at, { limit: 1 });
    const b = Object.fromEntries(r.buckets.map((x) => [x.bucket, x.people]));
    return {
      title: 'Pending invitations',
      lines: [
        `Pending invitations: ${n(r.total)} (under 7 days ${n(b.under_7_days!)}, 7 to 30 days ${n(b['7_to_30_days']!)}, 30 to 90 days ${n(b['30_to_90_days']!)}, over 90 days ${n(b.over_90_days!)})`,
        `Links expired: ${n(r.linkExpired)}`,
      ],
      page: '/reports/pending-invitations',
      csv: '/api/v1/reports/pending-invitations?format=csv',
    };
  },
  async movements(sql, actor, at) {
    const r = await movements(sql, actor, at, { months: 2 });
    return {
      title: 'Joiners and leavers',
      lines: r.months.map((m) => `${m.month}: ${n(m.joiners)} joiners, ${n(m.leavers)} leavers`),
      page: '/reports/movements',
      csv: '/api/v1/reports/movements?months=12&format=csv',
    };
  },
  async forecast(sql, actor, at) {
    const r = await forecast(sql, actor, at, { horizonDays: 180 });
    return {
      title: 'Seats forecast',
      lines: [
        `Seats used now: ${n(r.seats.used)}${r.seats.limit === null ? '' : ` of ${n(r.seats.limit)}`}`,
        r.passesLimitOn
          ? `At this pace you will pass your seat limit on ${r.passesLimitOn}.`
          : 'You will not pass your seat limit within 180 days.',
      ],
      page: '/reports/forecast',
      csv: '/api/v1/reports/forecast?horizonDays=180&format=csv',
    };
  },
};
