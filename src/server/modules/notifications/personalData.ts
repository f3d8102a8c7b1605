import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/**
 * What the notifications module keeps about a person: the notifications sent to them (keys and dates), their
 * preferences and the devices they signed in from (a hash of "browser on system"). Anonymisation removes it all.
 */
export const notificationsPersonalData: PersonalDataEntry = {
  module: 'notifications',
  tables: {
    notification_log: ['user_id', 'key'],
    notification_preferences: ['user_id'],
    sign_in_devices: ['user_id'],
  },
  async exportFor(sql, { id }) {
    return {
      notification_log: await exportRows(sql, 'notification_log', 't.user_id = $1', [id]),
      notification_preferences: await exportRows(sql, 'notification_preferences', 't.user_id = $1', [id]),
      sign_in_devices: await exportRows(sql, 'sign_in_devices', 't.user_id = $1', [id]),
    };
  },
  async erase(tx, { id }) {
    // Keys name the person's id (and the events about them): the rows go with the person.
    await tx.query(`delete from notification_log where user_id = $1 or key like $2`, [id, `%:${id}:%`]);
    await tx.query(`delete from notification_preferences where user_id = $1`, [id]);
    await tx.query(`delete from sign_in_devices where user_id = $1`, [id]);
  },
};
