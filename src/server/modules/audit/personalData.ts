import { exportRows, type PersonalDataEntry } from '../../core/personalData';
import { scrubPersonalData } from './audit';

/** The audit trail: entries about the person and by them stay, with personal values and IP addresses removed. */
export const auditPersonalData: PersonalDataEntry = {
  module: 'audit',
  tables: { audit_log: ['actor_id', 'impersonator_id', 'target_id', 'before', 'after', 'ip'] },
  async exportFor(sql, { id }) {
    // Entries about them; the address someone else acted from is that person's, not theirs.
    const about = (await exportRows(sql, 'audit_log', 't.target_id = $1', [id], { orderBy: 't.id' })).map((e) =>
      e.actor_id === id ? e : { ...e, ip: null },
    );
    // What they did to others: that they did it, not the other person's values.
    const by = await exportRows(
      sql,
      'audit_log',
      '(t.actor_id = $1 or t.impersonator_id = $1) and t.target_id is distinct from $1',
      [id],
      {
        omit: ['before', 'after'],
        orderBy: 't.id',
      },
    );
    return { audit_log: { about, by } };
  },
  erase: (tx, { id }) => scrubPersonalData(tx, id),
};
