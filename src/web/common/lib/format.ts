import dayjs from 'dayjs';
import { ROLE_LABELS, STATUS_LABELS, type Role, type Status } from '../../../common/domain';
import type { Team } from '../api/organising';

export function fullName(u: { firstName?: string | null; lastName?: string | null; email?: string | null }): string {
  const name = [u.firstName, u.lastName].filter(Boolean).join(' ').trim();
  return name || u.email || 'Unnamed person';
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('D MMM YYYY, HH:mm') : iso;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('D MMM YYYY') : iso;
}

export function statusLabel(s: string | null | undefined): string {
  if (!s) return '—';
  return STATUS_LABELS[s as Status] ?? s;
}

export function roleLabel(r: string | null | undefined): string {
  if (!r) return '—';
  return ROLE_LABELS[r as Role] ?? r;
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
