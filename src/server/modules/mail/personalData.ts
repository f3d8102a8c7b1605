import { exportRows, type PersonalDataEntry } from '../../core/personalData';
import { forgetUser } from './outbox';

/** Mail to the person, queued or delivered (outbox, built-in mailbox): it all goes. */
export const mailPersonalData: PersonalDataEntry = {
  module: 'mail',
  tables: {
    outbox: ['user_id', 'to_address', 'subject', 'text_body', 'html_body', 'last_error'],
    mailbox: ['user_id', 'to_address', 'subject', 'text_body', 'html_body'],
  },
  async exportFor(sql, { id }) {
    // Bodies are left out: a queued one carries a sign-in link (sealed, docs/decisions/008-mail-delivery-and-secrets.md).
    const omit = ['text_body', 'html_body'];
    return {
      outbox: await exportRows(sql, 'outbox', 't.user_id = $1', [id], { omit }),
      mailbox: await exportRows(sql, 'mailbox', 't.user_id = $1', [id], { omit }),
    };
  },
  erase: (tx, { id }) => forgetUser(tx, id),
};
