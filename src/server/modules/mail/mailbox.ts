import { rankOf, type Role } from '../../../common/domain';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { hasSecrets, redactSecrets, revealSecrets } from './secrets';

export interface MailboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  sentAt: string;
  /** The message's links carry a token the reader may not see: it is shown as [redacted]. */
  linksRedacted: boolean;
}

/**
 * The built-in mailbox as `reader` may read it, newest first. A link's token is opened only in mail to
 * someone the reader outranks (an address with no account ranks lowest): an Admin never gets a working
 * reset link of an Owner or of another Admin, nor anyone of their own.
 */
export async function readMailbox(sql: Sql, reader: Actor, limit: number): Promise<MailboxMessage[]> {
  const rows = await sql.query<{
    id: string;
    to_address: string;
    subject: string;
    text_body: string;
    html_body: string | null;
    sent_at: Date;
    recipient_role: Role | null;
  }>(
    `select m.id, m.to_address, m.subject, m.text_body, m.html_body, m.sent_at, u.role as recipient_role
       from mailbox m left join users u on u.id = m.user_id
      order by m.sent_at desc, m.id limit $1`,
    [limit],
  );
  return rows.map((m) => {
    const secret = hasSecrets(m.text_body) || (m.html_body !== null && hasSecrets(m.html_body));
    const bodies = secret && rankOf(reader.role) > rankOf(m.recipient_role) ? opened(m.text_body, m.html_body) : null;
    return {
      id: m.id,
      to: m.to_address,
      subject: m.subject,
      text: bodies?.text ?? redactSecrets(m.text_body),
      html: bodies ? bodies.html : m.html_body && redactSecrets(m.html_body),
      sentAt: m.sent_at.toISOString(),
      linksRedacted: secret && !bodies,
    };
  });
}

/** Both bodies with their links working, or null when a seal cannot be opened (the key changed since). */
function opened(text: string, html: string | null): { text: string; html: string | null } | null {
  try {
    return { text: revealSecrets(text), html: html && revealSecrets(html) };
  } catch {
    return null;
  }
}
