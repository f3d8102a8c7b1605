import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/**
 * Bulk actions: an item per person acted on, with the values the action changed (for undo and the results
 * CSV). Erasing the person removes their items (a bulk anonymisation's results CSV therefore lists nobody it
 * anonymised; its counts still say how many) and their id as the starter of bulk actions: one they started
 * that has not finished stops, since the job acts with its starter's rights (bulkActions/runner.ts).
 */
export const bulkActionsPersonalData: PersonalDataEntry = {
  module: 'bulkActions',
  tables: {
    bulk_actions: ['created_by'],
    bulk_action_items: ['user_id', 'before', 'after'],
  },
  async exportFor(sql, { id }) {
    return {
      bulk_actions: await exportRows(sql, 'bulk_actions', 't.created_by = $1', [id], {
        omit: ['lease_owner', 'lease_until', 'actor'],
      }),
      bulk_action_items: await exportRows(sql, 'bulk_action_items', 't.user_id = $1', [id]),
    };
  },
  async erase(tx, { id }) {
    await tx.query(`delete from bulk_action_items where user_id = $1`, [id]);
    await tx.query(
      `update bulk_actions
          set created_by = null,
              actor = jsonb_build_object('type', 'user', 'userId', null),
              status = case when status in ('queued', 'running') then 'failed' else status end,
              error = case when status in ('queued', 'running')
                           then jsonb_build_object('message', 'The person who started it was anonymised.')
                           else error end
        where created_by = $1 or actor ->> 'userId' = $1 or actor ->> 'impersonatorId' = $1`,
      [id],
    );
  },
};
