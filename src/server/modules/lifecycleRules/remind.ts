import type { Sql } from '../../db/index';
import { phrasesIn } from '../mail/i18n';
import { dateIn, nameOf, notify, REPORT_LEAVING_KEY_SQL } from '../notifications/engine';
import { ruleWhere } from './selection';

interface Due {
  id: string;
  first_name: string;
  last_name: string;
  expires_at: Date;
  key: string;
  m_id: string;
  m_email: string;
  m_first_name: string;
  m_language: string | null;
}

/**
 * The reminder rule's run, in the caller's transaction (which holds the rule's row, so runs of this rule never
 * overlap): each person the rule selects has their manager told "their access ends on …", once per end date
 * (the key in notification_log, also taken when the manager turned this mail off; the expiry warnings' sweep
 * takes the same key, so whichever comes first tells the manager and the other does not). Returns who was covered.
 */
export async function remindManagers(tx: Sql, runId: string, days: number, at: Date): Promise<number> {
  const { where, params } = ruleWhere('remind_expiry', days, at);
  const due = await tx.query<Due>(
    `select u.id, u.first_name, u.last_name, u.expires_at, ${REPORT_LEAVING_KEY_SQL} as key,
            m.id as m_id, m.email as m_email, m.first_name as m_first_name, m.language as m_language
       from users u join users m on m.id = u.manager_id
      where ${where} order by u.expires_at, u.id`,
    params,
  );
  for (const d of due)
    await notify(tx, {
      kind: 'manager_report_leaving',
      key: d.key,
      to: { id: d.m_id, email: d.m_email, first_name: d.m_first_name, language: d.m_language },
      vars: (lang) => ({
        reportName: nameOf(d),
        reason: phrasesIn(lang).accessEndsOn(dateIn(lang, new Date(d.expires_at))),
      }),
      // Their team page, not the person's: a mail kept in the outbox must not name them by id after erasure.
      path: '/my-team',
      about: d.id,
    });
  if (due.length)
    await tx.query(`insert into lifecycle_rule_run_people (run_id, user_id) select $1, unnest($2::text[])`, [
      runId,
      due.map((d) => d.id),
    ]);
  return due.length;
}
