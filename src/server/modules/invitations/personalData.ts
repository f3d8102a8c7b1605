import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/** Invitation links sent to the person: the history stays (ids and dates), the SMTP reply to a bounce goes. */
export const invitationsPersonalData: PersonalDataEntry = {
  module: 'invitations',
  tables: { invitations: ['user_id', 'sent_by', 'delivery_error'] },
  async exportFor(sql, { id }) {
    // Links sent to them; those they sent to others are the others' data (a bounce reply quotes the address).
    return { invitations: await exportRows(sql, 'invitations', 't.user_id = $1', [id], { omit: ['token_hash'] }) };
  },
  async erase(tx, { id }) {
    // SMTP replies to a bounce usually quote the address.
    await tx.query(`update invitations set delivery_error = null where user_id = $1`, [id]);
  },
};
