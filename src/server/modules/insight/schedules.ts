import { randomUUID } from 'node:crypto';
import type { Db, Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { invalid, notFound } from '../../core/errors';
import * as audit from '../audit/audit';
import { assertCan, ROLE_ABILITIES } from '../access/policy';
import * as outbox from '../mail/outbox';
import { pickLang } from '../mail/i18n';
import { getSettings } from '../settings/settings';
import type {
  Cadence,
  CreateReportSchedule,
  ReportSchedule,
  ScheduledReport,
} from '../../../common/contract/reportSchedules';
import type { Role } from '../../../common/domain';
import { dayOf } from './snapshots';
import { personName } from './summary';
import { reportMail } from './reportMail';

/** The roles that may read reports: the only people a report may be mailed to. */
const READERS = (Object.keys(ROLE_ABILITIES) as Role[]).filter((r) => ROLE_ABILITIES[r].has('reports.view'));

/**
 * The period `at` falls in, by its key (a week by its Monday, a month as YYYY-MM, UTC), and the day the next
 * one starts: a schedule's mail goes out once per period, from the first job run of its first day.
 */
export function periodOf(cadence: Cadence, at: Date): { key: string; nextOn: string } {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  if (cadence === 'monthly') return { key: dayOf(at).slice(0, 7), nextOn: dayOf(new Date(Date.UTC(y, m + 1, 1))) };
  const monday = new Date(Date.UTC(y, m, at.getUTCDate() - ((at.getUTCDay() + 6) % 7)));
  return { key: dayOf(monday), nextOn: dayOf(new Date(monday.getTime() + 7 * 86_400_000)) };
}

/** Every schedule with its recipients, whoever set it up: Owners, Admins and HR share them. */
export async function listSchedules(sql: Sql, actor: Actor, at: Date): Promise<ReportSchedule[]> {
  assertCan(actor, 'reports.view');
  const rows = await sql.query<{
    id: string;
    report: ScheduledReport;
    cadence: Cadence;
    created_at: Date;
    last_sent_at: Date | null;
    recipients: { id: string; first_name: string; last_name: string; email: string | null }[];
  }>(
    `select s.id, s.report, s.cadence, s.created_at, s.last_sent_at,
            coalesce((select json_agg(json_build_object('id', u.id, 'first_name', u.first_name, 'last_name', u.last_name,
                                                        'email', u.email) order by u.sort_name)
                        from report_schedule_recipients r join users u on u.id = r.user_id
                       where r.schedule_id = s.id), '[]') as recipients
       from report_schedules s order by s.created_at, s.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    report: r.report,
    cadence: r.cadence,
    recipients: r.recipients.map((p) => ({ id: p.id, name: personName(p), email: p.email })),
    createdAt: new Date(r.created_at).toISOString(),
    lastSentAt: r.last_sent_at ? new Date(r.last_sent_at).toISOString() : null,
    nextOn: periodOf(r.cadence, at).nextOn,
  }));
}

/**
 * A new schedule. Its recipients must be able to read reports now (confirmed Owners, Admins or HR); the first
 * mail goes at the start of the next period.
 */
export async function createSchedule(
  db: Db,
  actor: Actor,
  input: CreateReportSchedule,
  at: Date,
): Promise<ReportSchedule> {
  assertCan(actor, 'reports.view');
  const ids = [...new Set(input.recipientIds)];
  const id = randomUUID();
  await db.tx(async (tx) => {
    const readers = await eligible(tx, ids);
    if (readers.length !== ids.length)
      throw invalid('Reports can be sent only to confirmed Owners, Admins and HR.', [{ field: 'recipientIds' }]);
    await tx.query(
      `insert into report_schedules (id, report, cadence, created_by, created_at, last_period) values ($1, $2, $3, $4, $5, $6)`,
      [id, input.report, input.cadence, actor.userId, at, periodOf(input.cadence, at).key],
    );
    await tx.query(`insert into report_schedule_recipients (schedule_id, user_id) select $1, unnest($2::text[])`, [
      id,
      ids,
    ]);
    await audit.recordCreated(tx, actor, 'report_schedule', id, {
      report: input.report,
      cadence: input.cadence,
      recipientIds: ids,
    });
  });
  return (await listSchedules(db, actor, at)).find((s) => s.id === id)!;
}

export async function deleteSchedule(db: Db, actor: Actor, id: string): Promise<void> {
  assertCan(actor, 'reports.view');
  await db.tx(async (tx) => {
    const [gone] = await tx.query<{ report: string; cadence: string }>(
      `delete from report_schedules where id = $1 returning report, cadence`,
      [id],
    );
    if (!gone) throw notFound('Report schedule');
    await audit.recordDeleted(tx, actor, 'report_schedule', id, gone);
  });
}

type Reader = { id: string; role: Role; email: string; first_name: string; last_name: string; language: string | null };

/** Of these people, those who may read reports now: confirmed, not deleted, a reading role, an address. */
function eligible(sql: Sql, ids: string[]): Promise<Reader[]> {
  return sql.query<Reader>(
    `select id, role, email, first_name, last_name, language from users
      where id = any($1::text[]) and status = 'confirmed' and deleted_at is null and email is not null
        and role = any($2::text[])`,
    [ids, READERS],
  );
}

/**
 * The `report-emails` job: each schedule whose period has moved on since its last mail takes the new period
 * (one conditional update: of two processes, one gets the row and the other's update finds it taken) and,
 * in the same transaction, queues its report to each recipient who may still read reports. The mail worker
 * checks the recipient's status again when it sends. Returns the mails queued.
 */
export async function sendDueReports(db: Db, at: Date): Promise<number> {
  const schedules = await db.query<{ id: string; cadence: Cadence }>(`select id, cadence from report_schedules`);
  let queued = 0;
  for (const s of schedules) {
    const period = periodOf(s.cadence, at).key;
    queued += await db.tx(async (tx) => {
      const [taken] = await tx.query<{ report: ScheduledReport }>(
        `update report_schedules set last_period = $2, last_sent_at = $3
          where id = $1 and last_period <> $2 returning report`,
        [s.id, period, at],
      );
      if (!taken) return 0;
      const ids = await tx.query<{ user_id: string }>(
        `select user_id from report_schedule_recipients where schedule_id = $1`,
        [s.id],
      );
      const readers = await eligible(
        tx,
        ids.map((r) => r.user_id),
      );
      const { defaultLanguage } = await getSettings(tx);
      for (const r of readers) {
        // Each recipient's own view of the report, as they would see it signed in, in their language.
        const actor: Actor = { type: 'user', userId: r.id, role: r.role, cause: 'report_schedule' };
        const lang = pickLang(r.language, defaultLanguage);
        const mail = await reportMail(tx, actor, taken.report, s.cadence, at, lang);
        await outbox.enqueue(tx, {
          userId: r.id,
          to: r.email,
          kind: 'scheduled_report',
          category: 'notification',
          ...mail,
        });
      }
      return readers.length;
    });
  }
  return queued;
}
