import { randomBytes } from 'node:crypto';
import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/**
 * The user row and its status history. Anonymisation keeps the row under an opaque pseudonym (activity
 * still counts, reports still point at it) and the history (statuses and ids only); every personal
 * value on the row goes, what HR sent over SCIM included. Anonymisation certificates stay (ids, table
 * names and counts); the person's own export requests go.
 */
export const usersPersonalData: PersonalDataEntry = {
  module: 'users',
  tables: {
    users: [
      'id',
      'email',
      'email_normalized',
      'first_name',
      'last_name',
      'sort_name',
      'manager_id',
      'created_by',
      'deleted_by',
      'managed_by',
      'job_title',
      'department',
      'location',
      'phone',
      'language',
      'time_zone',
      'hire_date',
      'employee_id',
      'photo_url',
      'custom_fields',
      'password_hash',
      'scim_user_name',
      'external_id',
      'scim_extra',
      'hr_last_values',
    ],
    status_history: ['user_id', 'actor_id'],
    // The proof of an anonymisation: tables, columns and counts, no values (migration 038).
    anonymisation_certificates: ['user_id', 'anonymised_by'],
    // Their own export requests from My profile (migration 039).
    personal_data_requests: ['user_id'],
    // The People list's chosen columns and saved views (migration 041).
    people_list_columns: ['user_id'],
    people_views: ['owner_id'],
  },
  async exportFor(sql, { id }) {
    const [user] = await exportRows(sql, 'users', 't.id = $1', [id], {
      omit: ['sort_name', 'manager_path', 'line_path', 'team_ids'],
      secrets: ['password_hash'],
    });
    return {
      users: user ?? null,
      // Their own history, and the changes they made to other people's status.
      status_history: await exportRows(sql, 'status_history', 't.user_id = $1 or t.actor_id = $1', [id], {
        orderBy: 't.id',
      }),
      anonymisation_certificates: await exportRows(
        sql,
        'anonymisation_certificates',
        't.user_id = $1 or t.anonymised_by = $1',
        [id],
      ),
      personal_data_requests: await exportRows(sql, 'personal_data_requests', 't.user_id = $1', [id], {
        omit: ['token_hash'],
      }),
      people_list_columns: await exportRows(sql, 'people_list_columns', 't.user_id = $1', [id]),
      people_views: await exportRows(sql, 'people_views', 't.owner_id = $1', [id]),
    };
  },
  async erase(tx, { id }) {
    // Certificates stay: the one about them is written after this runs, those they issued name them by id.
    await tx.query(`delete from personal_data_requests where user_id = $1`, [id]);
    // Their columns and personal views go; views they shared stay for the others, without their id.
    await tx.query(`delete from people_list_columns where user_id = $1`, [id]);
    await tx.query(`delete from people_views where owner_id = $1 and not shared`, [id]);
    await tx.query(`update people_views set owner_id = null where owner_id = $1`, [id]);
    await tx.query(
      `update users set email = null, email_normalized = null, first_name = 'Anonymised', last_name = $2, pseudonym = $2,
         job_title = null, department = null, location = null, phone = null, language = null, time_zone = null,
         hire_date = null, employee_id = null, photo_url = null, manager_id = null, custom_fields = '{}'::jsonb,
         password_hash = null, on_break = false, break_until = null, expires_at = null, anonymised_at = now(), updated_at = now(),
         -- What HR sent over SCIM is personal data too (userName, emails, addresses…).
         scim_user_name = null, external_id = null, scim_extra = '{}'::jsonb, hr_last_values = null
       where id = $1`,
      [id, `anon-${randomBytes(6).toString('hex')}`],
    );
  },
};
