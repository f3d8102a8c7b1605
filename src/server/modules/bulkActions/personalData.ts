import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/**
 * Bulk actions: an item per person acted on, with the values the action changed (for undo and the results
 * CSV). Erasing the person removes their items (a bulk anonymisation's results CSV therefore lists nobody it
 * anonymised; its counts still say how many) and their name as the starter of bulk actions.
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
    await tx.query(`update bulk_actions set created_by = null where created_by = $1`, [id]);
  },
};
