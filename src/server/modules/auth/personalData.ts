import { exportRows, type PersonalDataEntry } from '../../core/personalData';
import { sha256 } from '../../core/crypto';

/**
 * Ways in: sessions (with the address and browser they came from), SSO links, password resets, the
 * sign-up request, and the rate-limit counters keyed by a hash of the address. All of it goes.
 */
export const authPersonalData: PersonalDataEntry = {
  module: 'auth',
  tables: {
    sessions: ['user_id', 'impersonator_id', 'ip', 'user_agent'],
    user_identities: ['user_id', 'subject'],
    password_resets: ['user_id'],
    signup_requests: ['email', 'email_normalized', 'first_name', 'last_name', 'password_hash', 'user_id', 'decided_by'],
    login_attempts: ['key'],
    request_throttle: ['key'],
  },
  async exportFor(sql, { id, emailNormalized }) {
    const emailHash = emailNormalized ? sha256(emailNormalized) : null;
    return {
      sessions: await exportRows(sql, 'sessions', 't.user_id = $1 or t.impersonator_id = $1', [id], {
        omit: ['id_hash', 'csrf_token'],
      }),
      user_identities: await exportRows(sql, 'user_identities', 't.user_id = $1', [id]),
      password_resets: await exportRows(sql, 'password_resets', 't.user_id = $1', [id], { omit: ['token_hash'] }),
      signup_requests: await exportRows(
        sql,
        'signup_requests',
        't.user_id = $1 or t.email_normalized = $2',
        [id, emailNormalized],
        {
          omit: ['token_hash'],
          secrets: ['password_hash'],
        },
      ),
      login_attempts: await exportRows(sql, 'login_attempts', 't.key = $1', [`acct:${emailHash}`], { omit: ['key'] }),
      request_throttle: await exportRows(sql, 'request_throttle', `t.key like '%:addr:' || $1`, [emailHash], {
        omit: ['key'],
      }),
    };
  },
  async erase(tx, { id, emailNormalized }) {
    if (emailNormalized) {
      const emailHash = sha256(emailNormalized);
      await tx.query(`delete from login_attempts where key = $1`, [`acct:${emailHash}`]);
      await tx.query(`delete from request_throttle where key like '%:addr:' || $1`, [emailHash]);
    }
    await tx.query(`delete from signup_requests where user_id = $1 or email_normalized = $2`, [id, emailNormalized]);
    await tx.query(`delete from user_identities where user_id = $1`, [id]);
    await tx.query(`delete from password_resets where user_id = $1`, [id]);
    await tx.query(`delete from sessions where user_id = $1 or impersonator_id = $1`, [id]);
  },
};
