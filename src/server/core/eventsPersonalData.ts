import { exportRows, type PersonalDataEntry } from './personalData';

/**
 * The domain-event outbox (core/events.ts): what happened to the person and what they did. Payloads carry ids,
 * statuses and field names, never personal values (docs/decisions/014-domain-events.md), so erasing leaves the
 * rows: like the audit trail, the history of what happened stays, naming the person only by id.
 */
export const eventsPersonalData: PersonalDataEntry = {
  module: 'events',
  tables: { domain_events: ['actor_id', 'impersonator_id'] },
  async exportFor(sql, { id }) {
    return {
      domain_events: await exportRows(
        sql,
        'domain_events',
        't.subject_id = $1 or t.actor_id = $1 or t.impersonator_id = $1',
        [id],
        { orderBy: 't.id' },
      ),
    };
  },
  async erase() {
    // Nothing to erase: see above.
  },
};
