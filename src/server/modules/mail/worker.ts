import type { Db } from '../../db/index';
import type { Transport } from './transport';

interface Claimed {
  id: string;
  user_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  invitation_id: string | null;
  skip_reason: string | null;
}

const LOCK_SECONDS = 120;
const MAX_ATTEMPTS = 5;

/**
 * Sends due outbox messages. Rows are claimed with FOR UPDATE SKIP LOCKED so several processes
 * share the work; a claim expires, so a crash mid-send leaves the message to be retried.
 * Whether a message may still go out is decided here, at send time.
 */
export async function deliverDue(db: Db, transport: Transport, batchSize = 50): Promise<number> {
  const claimed = await db.tx((tx) =>
    tx.query<Claimed>(
      `with due as (
         select o.id from outbox o
          where (o.status = 'pending' and o.send_after <= now())
             or (o.status = 'sending' and o.locked_until < now())
          order by o.send_after
          limit $1
          for update skip locked
       )
       update outbox o set status = 'sending', locked_until = now() + make_interval(secs => $2), attempts = o.attempts + 1
         from due
        where o.id = due.id
       returning o.id, o.user_id, o.to_address, o.subject, o.text_body, o.html_body, o.invitation_id,
         (select case
            when u.id is null and o.user_id is not null then 'user_gone'
            when u.deleted_at is not null then 'user_deleted'
            when u.status in ('deactivated', 'expired', 'anonymised') then 'user_' || u.status
            when o.category = 'notification' and u.on_break then 'user_on_break'
            when o.invitation_id is not null and i.state <> 'active' then 'invitation_' || i.state
            else null end
          from (select 1) one
          left join users u on u.id = o.user_id
          left join invitations i on i.id = o.invitation_id) as skip_reason`,
      [batchSize, LOCK_SECONDS],
    ),
  );
  for (const m of claimed) {
    if (m.skip_reason) {
      await db.query(`update outbox set status = 'skipped', last_error = $2, locked_until = null where id = $1`, [m.id, m.skip_reason]);
      continue;
    }
    try {
      await transport.send({ outboxId: m.id, userId: m.user_id, to: m.to_address, subject: m.subject, text: m.text_body, html: m.html_body });
      await db.tx(async (tx) => {
        await tx.query(`update outbox set status = 'sent', sent_at = now(), locked_until = null, last_error = null where id = $1`, [m.id]);
        if (m.invitation_id)
          await tx.query(`update invitations set delivery = 'sent', delivered_at = now(), delivery_error = null where id = $1`, [m.invitation_id]);
      });
    } catch (err: any) {
      const reply = String(err?.response ?? err?.message ?? err).slice(0, 500);
      const rejected = typeof err?.responseCode === 'number' && err.responseCode >= 500;
      await db.tx(async (tx) => {
        const rows = await tx.query<{ attempts: number }>(
          `update outbox set
             status = case when $3 or attempts >= $4 then 'failed' else 'pending' end,
             send_after = now() + make_interval(secs => 30 * attempts * attempts),
             locked_until = null, last_error = $2
           where id = $1 returning attempts`,
          [m.id, reply, rejected, MAX_ATTEMPTS],
        );
        if (m.invitation_id && (rejected || (rows[0]?.attempts ?? 0) >= MAX_ATTEMPTS))
          await tx.query(`update invitations set delivery = $2, delivery_error = $3 where id = $1`, [
            m.invitation_id,
            rejected ? 'bounced' : 'failed',
            reply,
          ]);
      });
    }
  }
  return claimed.length;
}
