import { exportRows, type PersonalDataEntry } from '../../core/personalData';

/**
 * Lifecycle rules: who last changed a rule, who pressed "Run now", and the people a reminder run covered.
 * Erasing the person forgets them in those places; the runs themselves stay (how many people, when), and the
 * people a run changed are its bulk action's items (bulkActions/personalData.ts).
 */
export const lifecycleRulesPersonalData: PersonalDataEntry = {
  module: 'lifecycleRules',
  tables: {
    lifecycle_rules: ['updated_by'],
    lifecycle_rule_runs: ['started_by'],
    lifecycle_rule_run_people: ['user_id'],
  },
  async exportFor(sql, { id }) {
    return {
      lifecycle_rules: await exportRows(sql, 'lifecycle_rules', 't.updated_by = $1', [id]),
      lifecycle_rule_runs: await exportRows(sql, 'lifecycle_rule_runs', 't.started_by = $1', [id]),
      lifecycle_rule_run_people: await exportRows(sql, 'lifecycle_rule_run_people', 't.user_id = $1', [id]),
    };
  },
  async erase(tx, { id }) {
    await tx.query(`update lifecycle_rules set updated_by = null where updated_by = $1`, [id]);
    await tx.query(`update lifecycle_rule_runs set started_by = null where started_by = $1`, [id]);
    await tx.query(`delete from lifecycle_rule_run_people where user_id = $1`, [id]);
  },
};
