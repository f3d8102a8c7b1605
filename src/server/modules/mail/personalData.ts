import { exportRows, type PersonalDataEntry } from '../../core/personalData';
import { forgetUser } from './outbox';

/**
 * Mail to the person, or about them to someone else (a manager told they leave), queued or delivered (outbox,
 * built-in mailbox): it all goes. The mail template versions
 * they saved keep the version and drop who saved it.
 */
export const mailPersonalData: PersonalDataEntry = {
  module: 'mail',
  tables: {
    outbox: ['user_id', 'about_user_id', 'to_address', 'subject', 'text_body', 'html_body', 'last_error'],
    mailbox: ['user_id', 'to_address', 'subject', 'text_body', 'html_body'],
    mail_templates: ['changed_by'],
  },
  async exportFor(sql, { id }) {
    // Bodies are left out: a queued one carries a sign-in link (sealed, docs/decisions/008-mail-delivery-and-secrets.md).
    const omit = ['text_body', 'html_body'];
    return {
      outbox: await exportRows(sql, 'outbox', 't.user_id = $1 or t.about_user_id = $1', [id], { omit }),
      mailbox: await exportRows(sql, 'mailbox', 't.user_id = $1', [id], { omit }),
      mail_templates: await exportRows(sql, 'mail_templates', 't.changed_by = $1', [id], {
        omit: ['subject_line', 'text_body', 'html_body'],
      }),
    };
  },
  async erase(tx, { id }) {
    await forgetUser(tx, id);
    await tx.query(`update mail_templates set changed_by = null where changed_by = $1`, [id]);
  },
};
