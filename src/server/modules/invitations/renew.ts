import type { Db } from '../../db/index';
import { systemActor, type Actor } from '../../core/actor';
import { sha256 } from '../../core/crypto';
import * as audit from '../audit/audit';
import { addressAllowed, assertIpAllowed } from '../../core/throttle';
import { findUser } from '../people/repo';
import { transition } from '../people/transitions';

/**
 * `POST /invitations/{token}/renew`: a person holding an expired link who is still invite_pending gets a
 * fresh invitation by email. Whatever the state of the link, the caller gets the same answer; the page
 * learns why a link is unusable from `GET /invitations/{token}` instead.
 */
export async function renewInvitation(db: Db, token: string, ctx: Pick<Actor, 'ip' | 'requestId'>): Promise<void> {
  await assertIpAllowed(db, 'invitation_renew', ctx.ip, 20, 3600);
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return;
  const rows = await db.query<{ user_id: string; email_normalized: string | null; newest: boolean; expired: boolean }>(
    `select i.user_id, u.email_normalized,
            i.expires_at <= now() as expired,
            not exists (select 1 from invitations n where n.user_id = i.user_id and n.created_at > i.created_at) as newest
       from invitations i join users u on u.id = i.user_id
      where i.token_hash = $1 and i.state = 'active' and u.status = 'invite_pending' and u.deleted_at is null`,
    [sha256(token)],
  );
  const link = rows[0];
  // Only the newest link, once it has expired: a working link needs no renewal, an older one was replaced.
  if (!link?.expired || !link.newest || !link.email_normalized) return;
  if (!(await addressAllowed(db, 'invitation_renew', link.email_normalized, 3, 3600))) return;
  await db.tx(async (tx) => {
    const user = await findUser(tx, link.user_id, { forUpdate: true });
    if (!user || user.status !== 'invite_pending') return;
    const actor = { ...systemActor('invitation_renewal'), ...ctx };
    await transition(tx, actor, user, 'send_invite');
    await audit.record(tx, actor, { action: 'invitation.renewed', targetType: 'user', targetId: user.id });
  });
}
