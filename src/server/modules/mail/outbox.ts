import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/index';

export type MailCategory = 'invitation' | 'security' | 'notification';

export interface OutgoingMail {
  userId: string | null;
  to: string;
  kind: string;
  category: MailCategory;
  subject: string;
  text: string;
  html?: string;
  invitationId?: string;
  sendAfter?: Date;
}

/** Queues an email in the caller's transaction: it is sent only if the change that caused it commits. */
export async function enqueue(tx: Sql, mail: OutgoingMail): Promise<string> {
  const id = randomUUID();
  await tx.query(
    `insert into outbox (id, user_id, to_address, kind, category, subject, text_body, html_body, invitation_id, send_after)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, now()))`,
    [id, mail.userId, mail.to, mail.kind, mail.category, mail.subject, mail.text, mail.html ?? null, mail.invitationId ?? null, mail.sendAfter ?? null],
  );
  return id;
}

/** Cancels everything still queued for a user (deactivation, deletion). */
export async function cancelQueuedFor(tx: Sql, userId: string): Promise<void> {
  await tx.query(`update outbox set status = 'cancelled' where user_id = $1 and status in ('pending', 'sending')`, [userId]);
}

/** Removes every message to or about a user (anonymisation: addresses and bodies are personal). */
export async function forgetUser(tx: Sql, userId: string): Promise<void> {
  await tx.query(`delete from outbox where user_id = $1`, [userId]);
  await tx.query(`delete from mailbox where user_id = $1`, [userId]);
}
