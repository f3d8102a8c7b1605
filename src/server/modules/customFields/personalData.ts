import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/** Values of unique custom fields, kept apart so they stay unique; the values themselves sit on the user row. */
export const customFieldsPersonalData: PersonalDataEntry = {
  module: 'customFields',
  tables: { custom_field_unique_values: ['user_id', 'value_normalized'] },
  async exportFor(sql, { id }) {
    return { custom_field_unique_values: await exportRows(sql, 'custom_field_unique_values', 't.user_id = $1', [id]) };
  },
  async erase(tx, { id }) {
    // The values become free for someone else.
    await tx.query(`delete from custom_field_unique_values where user_id = $1`, [id]);
  },
};
