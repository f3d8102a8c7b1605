import { exportRowsWithName, type PersonalDataEntry } from '../../core/personalData';

/**
 * Teams the person belongs to or manages, and their requests to join. Only ids, and a membership's copy of
 * the person's sort_name (migration 057: the list's name order), which the renaming that anonymises them
 * replaces with the pseudonym's: anonymisation leaves the pseudonymous record where it was in the organisation,
 * as it leaves reports pointing at it.
 */
export const teamsPersonalData: PersonalDataEntry = {
  module: 'teams',
  tables: {
    team_members: ['user_id', 'sort_name'],
    team_managers: ['user_id'],
    team_join_requests: ['user_id', 'decided_by'],
  },
  async exportFor(sql, { id }) {
    const withTeamName = (table: string) =>
      exportRowsWithName(sql, table, { table: 'teams', key: 'team_id', as: 'team_name' }, id);
    return {
      team_members: await withTeamName('team_members'),
      team_managers: await withTeamName('team_managers'),
      team_join_requests: await withTeamName('team_join_requests'),
    };
  },
  async erase() {
    // Nothing to remove: these rows hold ids only (see above).
  },
};
