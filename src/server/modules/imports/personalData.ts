import { exportRows, type PersonalDataEntry } from '../../core/personalData';
import { forgetPerson } from './repo';

/**
 * CSV imports: staged rows about the person (their cells) lose them; imports they ran keep their
 * pseudonymous id but not their name. The uploaded bytes are dropped when a preview ends.
 */
export const importsPersonalData: PersonalDataEntry = {
  module: 'imports',
  tables: {
    imports: ['created_by', 'created_by_name', 'file_name', 'file'],
    import_rows: ['user_id', 'email', 'name', 'data', 'changes', 'errors'],
  },
  async exportFor(sql, { id, emailNormalized }) {
    return {
      imports: await exportRows(sql, 'imports', 't.created_by = $1', [id], {
        omit: ['file', 'lease_owner', 'lease_until'],
      }),
      import_rows: await exportRows(
        sql,
        'import_rows',
        't.user_id = $1 or ($2::text is not null and lower(t.email) = $2)',
        [id, emailNormalized],
      ),
    };
  },
  async erase(tx, { id, emailNormalized }) {
    await forgetPerson(tx, id, emailNormalized);
    await tx.query(`update imports set created_by_name = '' where created_by = $1`, [id]);
  },
};
