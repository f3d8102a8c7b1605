import { exportRowsWithName, type PersonalDataEntry } from '../../core/personalData';

/**
 * Group membership and its join/leave history: ids only. Anonymisation re-evaluates the person's groups
 * (people/transitions.ts), which ends their memberships; the history stays.
 */
export const groupsPersonalData: PersonalDataEntry = {
  module: 'groups',
  tables: { group_members: ['user_id'], group_events: ['user_id'] },
  async exportFor(sql, { id }) {
    const withGroupName = (table: string) =>
      exportRowsWithName(sql, table, { table: 'groups', key: 'group_id', as: 'group_name' }, id, {
        orderBy: 't.group_name',
      });
    return { group_members: await withGroupName('group_members'), group_events: await withGroupName('group_events') };
  },
  async erase() {
    // Nothing to remove here (see above).
  },
};
