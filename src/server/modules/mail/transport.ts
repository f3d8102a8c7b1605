import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Db } from '../../db/index';

export interface Message {
  outboxId: string;
  userId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
}

export interface Transport {
  readonly kind: 'smtp' | 'mailbox';
  send(message: Message): Promise<void>;
  close(): void;
}

export const FROM_ADDRESS = 'Roster <no-reply@roster.local>';
/** SMTP connections kept open per process, and so how many messages are in flight at once. */
export const SMTP_CONNECTIONS = 16;

/** Real SMTP when SMTP_URL is set; otherwise the built-in mailbox (a table the UI shows). */
export function createTransport(db: Db, smtpUrl: string | undefined, log: { info: (o: object, m: string) => void }): Transport {
  if (smtpUrl) {
    // A pool of kept-alive connections: the worker sends a claimed batch in parallel over them.
    // Settings in SMTP_URL's query string (e.g. ?maxConnections=2) take precedence.
    const smtp = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: SMTP_CONNECTIONS, maxMessages: 1000 });
    return {
      kind: 'smtp',
      async send(m) {
        await smtp.sendMail({ from: FROM_ADDRESS, to: m.to, subject: m.subject, text: m.text, html: m.html ?? undefined });
      },
      close: () => smtp.close(),
    };
  }
  return {
    kind: 'mailbox',
    async send(m) {
      await db.query(
        `insert into mailbox (id, outbox_id, user_id, to_address, subject, text_body, html_body) values ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), m.outboxId, m.userId, m.to, m.subject, m.text, m.html ?? null],
      );
      // Links are printed so a developer can follow them without opening the UI; no address is logged.
      const links = m.text.match(/https?:\/\/\S+/g) ?? [];
      log.info({ outboxId: m.outboxId, links }, `mailbox: "${m.subject}"`);
    },
    close: () => {},
  };
}
