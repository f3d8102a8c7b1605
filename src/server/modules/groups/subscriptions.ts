import { subscribe } from '../../core/events';
import { refreshFor, reportsOf } from './membership';

/** Group membership follows lifecycle changes in the same transaction (docs/decisions/014-domain-events.md). */
export function subscribeGroups(): void {
  subscribe('user.status_changed', async (tx, _actor, events) => {
    // The cause names the lifecycle event, as group events did before: status_deactivate, status_send_invite…
    const byCause = new Map<string, string[]>();
    for (const e of events) byCause.set(e.data.cause, [...(byCause.get(e.data.cause) ?? []), e.subjectId]);
    for (const [cause, ids] of byCause) await refreshFor(tx, ids, `status_${cause}`);
  });
  subscribe('user.anonymised', async (tx, _actor, events) => {
    // Their values and manager are gone: they and the people below them are re-evaluated.
    const ids = events.map((e) => e.subjectId);
    await refreshFor(tx, [...ids, ...(await reportsOf(tx, ids))], 'user_anonymised');
  });
}
