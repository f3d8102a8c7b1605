import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/** Scheduled report emails: the schedules a person receives, and those they set up (by id only). */
export const insightPersonalData: PersonalDataEntry = {
  module: 'insight',
  tables: { report_schedule_recipients: ['user_id'], report_schedules: ['created_by'] },
  async exportFor(sql, { id }) {
    return {
      report_schedule_recipients: await exportRows(
        sql,
        `(select r.*, s.report, s.cadence from report_schedule_recipients r join report_schedules s on s.id = r.schedule_id)`,
        't.user_id = $1',
        [id],
      ),
      report_schedules: await exportRows(sql, 'report_schedules', 't.created_by = $1', [id]),
    };
  },
  async erase(tx, { id }) {
    // An anonymised person receives no more reports; the schedules they set up stay, without their id.
    await tx.query(`delete from report_schedule_recipients where user_id = $1`, [id]);
    await tx.query(`update report_schedules set created_by = null where created_by = $1`, [id]);
  },
};
