import dayjs from 'dayjs';
import { ROLES, STATUSES } from '../../../common/domain';
import type { Team } from '../api/organising';
import { i18next, intlLocale } from '../../i18n';

// Dates, numbers and labels in the UI's language (docs/decisions/021-languages.md).

export function fullName(u: { firstName?: string | null; lastName?: string | null; email?: string | null }): string {
  const name = [u.firstName, u.lastName].filter(Boolean).join(' ').trim();
  return name || u.email || i18next.t('common:unnamedPerson');
}

const DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

function formatWith(iso: string | null | undefined, options: Intl.DateTimeFormatOptions): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(intlLocale(), options).format(d);
}

export const formatDateTime = (iso: string | null | undefined) => formatWith(iso, { ...DATE, ...TIME });
export const formatDate = (iso: string | null | undefined) => formatWith(iso, DATE);
export const formatTime = (iso: string | null | undefined) => formatWith(iso, TIME);

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(intlLocale()).format(n);
}

/** A share (0.42) as the language writes a percentage: "42%", "42 %". */
export function formatPercent(share: number): string {
  return new Intl.NumberFormat(intlLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

// Calendar days and months ("2026-03-15", "2026-03") name no time zone: read and written in UTC, so the day
// stays the same wherever the browser is.
const calendar = (value: string, options: Intl.DateTimeFormatOptions) => {
  const d = new Date(`${value}${value.length === 7 ? '-01' : ''}T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? value
    : new Intl.DateTimeFormat(intlLocale(), { ...options, timeZone: 'UTC' }).format(d);
};

/** "2026-03-15" -> "15 Mar" / "15 mars" / "15. März": a chart's day axis. */
export const formatDayMonth = (day: string) => calendar(day, { day: 'numeric', month: 'short' });
/** "2026-03" -> "Mar 2026" / "mars 2026" / "März 2026". */
export const formatMonth = (month: string) => calendar(month, { month: 'short', year: 'numeric' });
/** "2026-03-15" -> the day as formatDate writes it, without moving it across midnight. */
export const formatDay = (day: string) => calendar(day, DATE);

export function statusLabel(s: string | null | undefined): string {
  if (!s) return '—';
  return (STATUSES as readonly string[]).includes(s) ? i18next.t(`common:status.${s}`) : s;
}

export function roleLabel(r: string | null | undefined): string {
  if (!r) return '—';
  return (ROLES as readonly string[]).includes(r) ? i18next.t(`common:role.${r}`) : r;
}

/** "2024-05-01T10:00" (datetime-local value, local time) -> ISO UTC string. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = dayjs(value);
  return d.isValid() ? d.toISOString() : undefined;
}

/** ISO -> value for <input type="datetime-local">. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DDTHH:mm') : '';
}

/** ISO or date -> value for <input type="date">. */
export function isoToDateInput(iso: string | null | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD') : '';
}

export function humanize(code: string | null | undefined): string {
  if (!code) return '—';
  const s = code.replace(/[_.-]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Select options for teams, labelled "Parent › Child" so teams with the same name under different parents can be told apart. */
export function teamSelectData(teams: Team[]): { value: string; label: string }[] {
  const byId = new Map(teams.map((t) => [t.id, t.name]));
  return teams.map((t) => ({
    value: t.id,
    label: [...t.ancestorIds.map((id) => byId.get(id) ?? '…'), t.name].join(' › '),
  }));
}

/** A list typed as text (comma-, semicolon- or space-separated): its entries, trimmed, empty ones dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}
