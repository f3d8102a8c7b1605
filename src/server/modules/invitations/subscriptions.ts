import type { Sql } from '../../db/index';
import { subscribe } from '../../core/events';
import type { UserRow } from '../people/repo';
import { issueMany, revokeAllOf } from './invitations';

/** Why links stop working after each lifecycle event (invitations.revoked_reason). */
const REVOKED_BY: Record<string, string> = {
  schedule_invite: 'rescheduled',
  cancel_invite: 'cancelled',
  confirm: 'confirmed',
  deactivate: 'deactivated',
};

/**
 * Invitation links follow the lifecycle: sending an invitation issues a fresh link and queues its email;
 * rescheduling, cancelling, confirming or deactivating makes the outstanding ones unusable.
 */
export function subscribeInvitations(): void {
  subscribe('user.status_changed', async (tx, actor, events) => {
    const invited = events.filter((e) => e.data.cause === 'send_invite').map((e) => e.subjectId);
    if (invited.length) await issueMany(tx, actor, await recipients(tx, invited));
    const revoked = new Map<string, string[]>();
    for (const e of events) {
      const reason = REVOKED_BY[e.data.cause];
      if (reason) revoked.set(reason, [...(revoked.get(reason) ?? []), e.subjectId]);
    }
    for (const [reason, ids] of revoked) await revokeAllOf(tx, ids, reason);
  });
}

/** What an invitation email needs of each person, in the order of `ids`. */
async function recipients(
  tx: Sql,
  ids: string[],
): Promise<Pick<UserRow, 'id' | 'email' | 'first_name' | 'language'>[]> {
  const rows = await tx.query<Pick<UserRow, 'id' | 'email' | 'first_name' | 'language'>>(
    `select id, email, first_name, language from users where id = any($1::text[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}
