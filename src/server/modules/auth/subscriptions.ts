import { subscribe } from '../../core/events';
import { endSessionsOf } from '../sessions/sessions';

/** Deactivation and expiry end every session of the person at once, not only on their next request. */
export function subscribeAuth(): void {
  subscribe('user.status_changed', async (tx, _actor, events) => {
    for (const e of events)
      if (e.data.to === 'deactivated' || e.data.to === 'expired') await endSessionsOf(tx, e.subjectId);
  });
}
