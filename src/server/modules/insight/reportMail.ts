import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { FORMATS, reportWordsIn, type Lang } from '../mail/i18n';
import type { ReportWords } from '../mail/lang/types';
import { linkTo } from '../mail/links';
import { escapeHtml } from '../mail/templates';
import type { Cadence, ScheduledReport } from '../../../common/contract/reportSchedules';
import { forecast, inactive, movements, pendingInvitations } from './reports';
import { summary } from './summary';

/** Days without a sign-in the inactive report's mail counts (the report page's default). */
const INACTIVE_DAYS = 90;
/** Days ahead the forecast's mail looks. */
const HORIZON_DAYS = 180;

/**
 * A scheduled report's mail in the recipient's language (docs/decisions/022-mail-languages.md; the words are
 * `report` in mail/lang/<language>.json): the report's headline figures and two links, to the report's page and to
 * its CSV. The CSV is linked, not attached: it is built when opened, under the reader's rights at that moment,
 * audited as a download, and no list of people waits in a mailbox.
 */
export async function reportMail(
  sql: Sql,
  actor: Actor,
  report: ScheduledReport,
  cadence: Cadence,
  at: Date,
  lang: Lang,
): Promise<{ subject: string; text: string; html: string }> {
  const w = reportWordsIn(lang);
  const numbers = new Intl.NumberFormat(w.locale);
  const write: Write = {
    n: (v) => numbers.format(v),
    // Calendar days ("2026-06-01") and months ("2026-06") are UTC dates.
    day: (d) => FORMATS[lang].date(new Date(`${d}T00:00:00Z`)),
    month: (m) =>
      new Date(`${m}-01T00:00:00Z`).toLocaleDateString(w.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  };
  const { lines, page, csv } = await FIGURES[report](sql, actor, at, w, write);
  const name = w.names[report];
  const subject = w.subject(name, cadence);
  const links = [{ label: w.open, url: linkTo(page) }, ...(csv ? [{ label: w.csv, url: linkTo(csv) }] : [])];
  const text = [
    w.heading(name, cadence),
    '',
    ...lines,
    '',
    ...links.map((l) => w.linkLine(l.label, l.url)),
    '',
    w.why,
  ].join('\n');
  const html =
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#212529;max-width:560px">` +
    `<p>${escapeHtml(w.heading(name, cadence))}</p>` +
    `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` +
    links.map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`).join('') +
    `<p style="font-size:13px;color:#555">${escapeHtml(w.why)}</p></body></html>`;
  return { subject, text, html };
}

/** Numbers, days and months as the recipient's language writes them. */
type Write = { n: (v: number) => string; day: (d: string) => string; month: (m: string) => string };
type Figures = { lines: string[]; page: string; csv: string | null };

const FIGURES: Record<
  ScheduledReport,
  (sql: Sql, actor: Actor, at: Date, w: ReportWords, write: Write) => Promise<Figures>
> = {
  async summary(sql, actor, at, w, { n }) {
    const s = await summary(sql, actor, at);
    return {
      lines: [
        w.summary.seats(n(s.seats.used), s.seats.limit === null ? null : n(s.seats.limit)),
        w.summary.people(n(s.total), n(s.counts.confirmed), n(s.counts.invite_pending), n(s.counts.deactivated)),
        w.summary.pendingOver7Days(n(s.funnel.pendingOver7Days)),
        w.summary.endingWithin30Days(n(s.upcomingExpiries.within30Days)),
      ],
      page: '/home',
      csv: null,
    };
  },
  async inactive(sql, actor, at, w, { n }) {
    const r = await inactive(sql, actor, at, { days: INACTIVE_DAYS, limit: 1 });
    return {
      lines: [w.inactive(r.total, n(r.total), n(INACTIVE_DAYS))],
      page: '/reports/inactive',
      csv: `/api/v1/reports/inactive?days=${INACTIVE_DAYS}&format=csv`,
    };
  },
  async 'pending-invitations'(sql, actor, at, w, { n }) {
    const r = await pendingInvitations(sql, actor, at, { limit: 1 });
    const b = Object.fromEntries(r.buckets.map((x) => [x.bucket, x.people]));
    return {
      lines: [
        w.pending.total(
          n(r.total),
          n(b.under_7_days!),
          n(b['7_to_30_days']!),
          n(b['30_to_90_days']!),
          n(b.over_90_days!),
        ),
        w.pending.linksExpired(n(r.linkExpired)),
      ],
      page: '/reports/pending-invitations',
      csv: '/api/v1/reports/pending-invitations?format=csv',
    };
  },
  async movements(sql, actor, at, w, { n, month }) {
    const r = await movements(sql, actor, at, { months: 2 });
    return {
      lines: r.months.map((m) => w.movements(month(m.month), n(m.joiners), n(m.leavers))),
      page: '/reports/movements',
      csv: '/api/v1/reports/movements?months=12&format=csv',
    };
  },
  async forecast(sql, actor, at, w, { n, day }) {
    const r = await forecast(sql, actor, at, { horizonDays: HORIZON_DAYS });
    return {
      lines: [
        w.forecast.seats(n(r.seats.used), r.seats.limit === null ? null : n(r.seats.limit)),
        r.passesLimitOn ? w.forecast.passesOn(day(r.passesLimitOn)) : w.forecast.within(n(HORIZON_DAYS)),
      ],
      page: '/reports/forecast',
      csv: `/api/v1/reports/forecast?horizonDays=${HORIZON_DAYS}&format=csv`,
    };
  },
};
