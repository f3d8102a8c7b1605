import type { Sql } from '../../db/index';
import { now } from '../../core/clock';
import * as outbox from '../mail/outbox';
import { FORMATS, type Lang, type MailKind } from '../mail/i18n';
import { linkTo } from '../mail/links';
import { base, renderMail } from '../mail/templates';
import { getSettings } from '../settings/settings';
import { NOTIFICATION_INFO, type NotificationKind } from '../../../common/contract/notifications';
import { optedOut } from './preferences';

/** Who a notification goes to: what its mail needs of them. */
export interface NotifiedPerson {
  id: string;
  email: string | null;
  first_name: string;
  language: string | null;
}

export interface Notification {
  kind: Exclude<NotificationKind, 'invitation_reminder'>;
  /** Names what the notification is about: a second notify with the same key queues nothing (notification_log). */
  key: string;
  to: NotifiedPerson;
  /** The kind's own values, per language (names, dates in the recipient's language). */
  vars: (lang: Lang) => Record<string, string>;
  /** The call to action's path, if any. */
  path?: string;
  /** The person the mail is about (a report), erased with them. */
  about?: string;
}

/**
 * The key of "your report's access ends on …" to a manager: once per report and end date, whoever sends it (the
 * expiry warnings' sweep or the reminder lifecycle rule), so a manager is not told twice about the same date.
 * The SQL form reads the report as `u`.
 */
export const reportLeavingKey = (userId: string, expiresAt: Date) =>
  `manager_report_leaving:${userId}:${Math.floor(expiresAt.getTime() / 1000)}`;
export const REPORT_LEAVING_KEY_SQL = `'manager_report_leaving:' || u.id || ':' || floor(extract(epoch from u.expires_at))::bigint`;

/**
 * Queues a notification's mail in the caller's transaction, once per key (two processes at once: the second
 * insert waits for the first one's commit, then finds the key), unless the recipient turned the kind off where
 * the organisation allows it. Whether it still goes out (the recipient's status, a break for notification
 * mail) is decided at send time by the mail worker. Returns whether a mail was queued.
 */
export async function notify(tx: Sql, n: Notification): Promise<boolean> {
  if (!n.to.email) return false;
  // The key is taken even when the person turned the kind off: the notification is handled, and sweeps move on.
  const logged = await tx.query(
    `insert into notification_log (key, kind, user_id, created_at) values ($1, $2, $3, $4)
     on conflict (key) do nothing returning key`,
    [n.key, n.kind, n.to.id, now()],
  );
  if (!logged.length) return false;
  if (await optedOut(tx, n.to.id, n.kind)) return false;
  const { lang, vars } = base({ firstName: n.to.first_name, language: n.to.language }, await getSettings(tx));
  const mail = renderMail(n.kind as MailKind, lang, { ...vars, ...n.vars(lang) }, n.path ? linkTo(n.path) : undefined);
  await outbox.enqueue(tx, {
    ...mail,
    userId: n.to.id,
    to: n.to.email,
    aboutUserId: n.about,
    kind: n.kind,
    category: NOTIFICATION_INFO[n.kind].category === 'security' ? 'security' : 'notification',
  });
  return true;
}

/** Records a key without sending (a reminder overtaken by a later one); true when it was new. */
export async function markDone(tx: Sql, key: string, kind: NotificationKind, userId: string | null): Promise<boolean> {
  const rows = await tx.query(
    `insert into notification_log (key, kind, user_id, created_at) values ($1, $2, $3, $4)
     on conflict (key) do nothing returning key`,
    [key, kind, userId, now()],
  );
  return rows.length > 0;
}

export const dateIn = (lang: Lang, d: Date | string) => FORMATS[lang].date(new Date(d));
export const dateTimeIn = (lang: Lang, d: Date) => FORMATS[lang].dateTime(d);

/** A person's display name for someone else's mail. */
export const nameOf = (u: { first_name: string; last_name: string }) => `${u.first_name} ${u.last_name}`.trim() || '—';
