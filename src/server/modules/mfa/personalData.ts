import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/** Second factors: the authenticator app, recovery codes, passkeys (named by the person) and pending steps. All go. */
export const mfaPersonalData: PersonalDataEntry = {
  module: 'mfa',
  tables: {
    mfa_totp: ['user_id', 'secret'],
    mfa_recovery_codes: ['user_id', 'code_hash'],
    passkeys: ['user_id', 'name', 'public_key'],
    mfa_sign_ins: ['user_id'],
    passkey_registrations: ['user_id'],
  },
  async exportFor(sql, { id }) {
    const own = 't.user_id = $1';
    return {
      mfa_totp: await exportRows(sql, 'mfa_totp', own, [id], { omit: ['last_used_step'], secrets: ['secret'] }),
      mfa_recovery_codes: await exportRows(sql, 'mfa_recovery_codes', own, [id], { secrets: ['code_hash'] }),
      passkeys: await exportRows(sql, 'passkeys', own, [id], { omit: ['public_key', 'counter'] }),
      mfa_sign_ins: await exportRows(sql, 'mfa_sign_ins', own, [id], { omit: ['token_hash', 'webauthn_challenge'] }),
      passkey_registrations: await exportRows(sql, 'passkey_registrations', own, [id], { omit: ['challenge'] }),
    };
  },
  async erase(tx, { id }) {
    for (const table of ['mfa_totp', 'mfa_recovery_codes', 'passkeys', 'mfa_sign_ins', 'passkey_registrations'])
      await tx.query(`delete from ${table} where user_id = $1`, [id]);
  },
};
