import type { Db, Sql } from '../../db/index';
import { systemActor } from '../../core/actor';
import { now } from '../../core/clock';
import { issue } from '../invitations/invitations';
import { findUser, type UserRow } from '../people/repo';
import { getSettings } from '../settings/settings';
import { phrasesIn } from '../mail/i18n';
import { dateIn, markDone, nameOf, notify, reportLeavingKey } from './engine';

/**
 * The time-based notifications (jobs/catalog.ts `notifications`), each a sweep: candidates are read without
 * locks, then each one is handled in its own transaction that locks the person, checks again and takes the
 * notification's key in notification_log, so two processes never send the same reminder twice.
 */

const BATCH = 200;
const DAY_MS = 86_400_000;

interface Candidate {
  id: string;
  key_base: string;
  elapsed_days: number;
}

/**
 * One sweep: the candidates `dueSql` selects (parameters: now, the first of `days`, all of them), read in batches
 * without locks; `handle` checks each again in its own transaction, the person's row locked (null: gone), and
 * says whether it sent something.
 */
async function sweepDue(
  db: Db,
  days: number[],
  dueSql: string,
  handle: (tx: Sql, c: Candidate, user: UserRow | null) => Promise<boolean>,
): Promise<number> {
  if (!days.length) return 0;
  let sent = 0;
  for (let round = 0; ; round++) {
    const due = await db.query<Candidate>(dueSql, [now(), days[0], days]);
    for (const c of due)
      if (await db.tx(async (tx) => handle(tx, c, await findUser(tx, c.id, { forUpdate: true })))) sent++;
    if (due.length < BATCH || round > 50) return sent;
  }
}

/** Invited people with a reminder day passed whose key is not taken yet, oldest invitation first. */
const INVITATION_REMINDERS_DUE = `select u.id, 'invitation_reminder:' || u.id || ':' || floor(extract(epoch from u.invited_at))::bigint as key_base,
              floor(extract(epoch from ($1::timestamptz - u.invited_at)) / 86400)::int as elapsed_days
         from users u
        where u.status = 'invite_pending' and u.deleted_at is null and u.email is not null
          and u.invited_at <= $1::timestamptz - make_interval(days => $2)
          and exists (select 1 from unnest($3::int[]) d(days)
                       where u.invited_at <= $1::timestamptz - make_interval(days => d.days)
                         and not exists (select 1 from notification_log l
                                          where l.key = 'invitation_reminder:' || u.id || ':' || floor(extract(epoch from u.invited_at))::bigint || ':' || d.days))
        order by u.invited_at limit ${BATCH}`;

/** Confirmed people whose end date is within a warning day not taken yet, soonest first. */
const EXPIRY_WARNINGS_DUE = `select u.id, 'access_expiry:' || u.id || ':' || floor(extract(epoch from u.expires_at))::bigint as key_base,
              ceil(extract(epoch from (u.expires_at - $1::timestamptz)) / 86400)::int as elapsed_days
         from users u
        where u.status = 'confirmed' and u.deleted_at is null and u.expires_at > $1::timestamptz
          and u.expires_at <= $1::timestamptz + make_interval(days => $2)
          and exists (select 1 from unnest($3::int[]) d(days)
                       where u.expires_at <= $1::timestamptz + make_interval(days => d.days)
                         and not exists (select 1 from notification_log l
                                          where l.key = 'access_expiry:' || u.id || ':' || floor(extract(epoch from u.expires_at))::bigint || ':' || d.days))
        order by u.expires_at limit ${BATCH}`;

/**
 * Invitation reminders: `invitationReminderDays` after the invitation was sent (default 3 and 7), a fresh link
 * with the reminder wording (invitations.issue: earlier links stop working). The days count from the invitation
 * an administrator sent; reminders do not move it, a new invitation starts again. When several are due at once
 * (the job was off), one reminder goes.
 */
export async function sendInvitationReminders(db: Db): Promise<number> {
  const { notifications } = await getSettings(db);
  const days = [...new Set(notifications.invitationReminderDays)].sort((a, b) => a - b);
  return sweepDue(db, days, INVITATION_REMINDERS_DUE, async (tx, c, user) => {
    if (!user || user.status !== 'invite_pending' || user.deleted_at || !user.email) return false;
    if (!(await takeKeys(tx, c, days, 'invitation_reminder', user.id))) return false;
    await issue(tx, systemActor('invitation_reminder'), user);
    return true;
  });
}

/** Takes the keys of every due day not taken yet; true when at least one was new (another process did not get there first). */
async function takeKeys(
  tx: Sql,
  c: Candidate,
  days: number[],
  kind: 'invitation_reminder' | 'access_expiry',
  userId: string,
): Promise<boolean> {
  let fresh = false;
  for (const d of days.filter((d) => (kind === 'invitation_reminder' ? d <= c.elapsed_days : d >= c.elapsed_days)))
    if (await markDone(tx, `${c.key_base}:${d}`, kind, userId)) fresh = true;
  return fresh;
}

/**
 * "Your access expires on …": `expiryWarningDays` before a confirmed person's end date (default 14 and 3), and
 * their manager hears it once, at the first warning. A changed end date starts again (the keys name the date).
 */
export async function sendExpiryWarnings(db: Db): Promise<number> {
  const { notifications } = await getSettings(db);
  const days = [...new Set(notifications.expiryWarningDays)].sort((a, b) => b - a);
  return sweepDue(db, days, EXPIRY_WARNINGS_DUE, async (tx, c, user) => {
    if (!user || user.status !== 'confirmed' || user.deleted_at || !user.expires_at) return false;
    const expiresAt = new Date(user.expires_at);
    if (!(await takeKeys(tx, c, days, 'access_expiry', user.id))) return false;
    await notify(tx, {
      kind: 'access_expiry',
      key: `${c.key_base}:mail:${Math.min(...days.filter((d) => d >= c.elapsed_days))}`,
      to: user,
      vars: (lang) => ({ expiresOn: dateIn(lang, expiresAt) }),
      path: '/me',
    });
    const manager = user.manager_id ? await findUser(tx, user.manager_id) : null;
    if (manager && !manager.deleted_at)
      await notify(tx, {
        kind: 'manager_report_leaving',
        key: reportLeavingKey(user.id, expiresAt),
        to: manager,
        vars: (lang) => ({
          reportName: nameOf(user),
          reason: phrasesIn(lang).accessEndsOn(dateIn(lang, expiresAt)),
        }),
        path: `/people/${user.id}`,
        about: user.id,
      });
    return true;
  });
}

/**
 * One figure of the administrators' daily digest. The digest counts what each source reports since the last
 * day; a module adds a source in jobs/catalog.ts (`DIGEST_SOURCES`) — the webhooks engine's "webhooks
 * disabled" is the one the template already names (`webhooksDisabled`, 0 until a source fills it).
 */
export interface DigestSource {
  /** The template variable it fills (admin_digest: pendingSignups, failedImports, scimErrors, webhooksDisabled). */
  variable: string;
  count(sql: Sql, since: Date): Promise<number>;
}
export const DIGEST_VARIABLES = ['pendingSignups', 'failedImports', 'scimErrors', 'webhooksDisabled'] as const;

/** The hour (UTC) from which the day's digest goes out. */
export const DIGEST_HOUR_UTC = 7;

/**
 * The administrators' daily digest: once per UTC day from DIGEST_HOUR_UTC, to every confirmed Owner and Admin,
 * when at least one figure is not zero. The day's key is taken first, so one process sends it.
 */
export async function sendDailyDigest(db: Db, sources: readonly DigestSource[], at = now()): Promise<number> {
  if (at.getUTCHours() < DIGEST_HOUR_UTC) return 0;
  const day = at.toISOString().slice(0, 10);
  return db.tx(async (tx) => {
    if (!(await markDone(tx, `admin_digest:${day}`, 'admin_digest', null))) return 0;
    const since = new Date(at.getTime() - DAY_MS);
    const figures: Record<string, string> = Object.fromEntries(DIGEST_VARIABLES.map((v) => [v, '0']));
    let total = 0;
    for (const s of sources) {
      const n = await s.count(tx, since);
      figures[s.variable] = String(n);
      total += n;
    }
    if (!total) return 0;
    const admins = await tx.query<{ id: string; email: string; first_name: string; language: string | null }>(
      `select id, email, first_name, language from users
        where role in ('owner', 'admin') and status = 'confirmed' and deleted_at is null and email is not null
        order by id`,
    );
    let sent = 0;
    for (const a of admins)
      if (
        await notify(tx, {
          kind: 'admin_digest',
          key: `admin_digest:${day}:${a.id}`,
          to: a,
          vars: () => figures,
          path: '/',
        })
      )
        sent++;
    return sent;
  });
}
