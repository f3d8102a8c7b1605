import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/** API tokens the person created: the organisation's tokens, kept with the creator's pseudonymous id. */
export const tokensPersonalData: PersonalDataEntry = {
  module: 'tokens',
  tables: { api_tokens: ['created_by', 'name'] },
  async exportFor(sql, { id }) {
    return { api_tokens: await exportRows(sql, 'api_tokens', 't.created_by = $1', [id], { omit: ['token_hash'] }) };
  },
  async erase() {
    // Nothing to remove (see above).
  },
};
