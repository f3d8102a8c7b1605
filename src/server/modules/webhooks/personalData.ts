import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/** Webhooks the person created: they are the one emailed when it is disabled; erasure forgets them. */
export const webhooksPersonalData: PersonalDataEntry = {
  module: 'webhooks',
  tables: { webhooks: ['created_by'] },
  async exportFor(sql, { id }) {
    return {
      webhooks: await exportRows(sql, 'webhooks', 't.created_by = $1', [id], {
        omit: ['secret_sealed', 'previous_secret_sealed'],
      }),
    };
  },
  async erase(tx, { id }) {
    await tx.query(`update webhooks set created_by = null where created_by = $1`, [id]);
  },
};
