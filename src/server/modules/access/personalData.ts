import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/**
 * Notes about the person (free text: they go) and the permissions and permission profiles given to them (they
 * go). Notes they wrote about others and grants and profiles they gave stay with their pseudonymous id as author.
 */
export const accessPersonalData: PersonalDataEntry = {
  module: 'access',
  tables: {
    notes: ['user_id', 'author_id', 'body'],
    permission_grants: ['user_id', 'granted_by'],
    profile_assignments: ['user_id', 'assigned_by'],
  },
  async exportFor(sql, { id }) {
    // What others wrote about them in full; of what they wrote about others only that they did, not the text.
    const about = await exportRows(sql, 'notes', 't.user_id = $1', [id]);
    const written = await exportRows(sql, 'notes', 't.author_id = $1 and t.user_id <> $1', [id], { omit: ['body'] });
    return {
      notes: { about, written },
      permission_grants: await exportRows(sql, 'permission_grants', 't.user_id = $1 or t.granted_by = $1', [id]),
      profile_assignments: await exportRows(sql, 'profile_assignments', 't.user_id = $1 or t.assigned_by = $1', [id]),
    };
  },
  async erase(tx, { id }) {
    await tx.query(`delete from notes where user_id = $1`, [id]);
    await tx.query(`delete from permission_grants where user_id = $1`, [id]);
    await tx.query(`delete from profile_assignments where user_id = $1`, [id]);
  },
};
