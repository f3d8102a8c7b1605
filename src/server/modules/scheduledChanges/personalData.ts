import { now } from '../../core/clock';
import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/**
 * Effective-dated changes: those of the person (removed with them: an anonymised person has no future), who
 * scheduled or cancelled a change (forgotten; a pending change whose scheduler is gone is refused when due,
 * scheduledChanges/apply.ts), and changes naming them as the new manager (the id is removed; a pending one is
 * refused now, as it could no longer be applied).
 */
export const scheduledChangesPersonalData: PersonalDataEntry = {
  module: 'scheduledChanges',
  tables: { scheduled_changes: ['user_id', 'scheduled_by', 'cancelled_by', 'params'] },
  async exportFor(sql, { id }) {
    return {
      scheduled_changes: await exportRows(
        sql,
        'scheduled_changes',
        `t.user_id = $1 or t.scheduled_by = $1 or t.cancelled_by = $1 or t.params ->> 'managerId' = $1`,
        [id],
      ),
    };
  },
  async erase(tx, { id }) {
    await tx.query(`delete from scheduled_changes where user_id = $1`, [id]);
    await tx.query(`update scheduled_changes set scheduled_by = null where scheduled_by = $1`, [id]);
    await tx.query(`update scheduled_changes set cancelled_by = null where cancelled_by = $1`, [id]);
    await tx.query(
      `update scheduled_changes set params = params - 'managerId',
              status = case when status = 'pending' then 'refused' else status end,
              reason = case when status = 'pending' then 'invalid_manager' else reason end,
              done_at = coalesce(done_at, $2)
        where params ->> 'managerId' = $1`,
      [id, now()],
    );
  },
};
