import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { MailTransportKind } from '../../core/context';
import type { Db, Sql } from '../../db/index';
import { redactSecrets, revealSecrets } from './secrets';
import { getBranding } from './templateStore';

export interface Message {
  outboxId: string;
  userId: string | null;
  to: string;
  subject: string;
  /** Bodies as stored: tokens in links are sealed (secrets.ts). */
  text: string;
  html?: string | null;
}

/** Writes "this message is sent" (outbox and invitation); given the transaction to write in. */
export type RecordSent = (tx: Sql) => Promise<void>;

export interface Transport extends MailTransportKind {
  /** Messages in flight at once. */
  readonly concurrency: number;
  /**
   * Delivers one message, then records it with `recordSent`: the built-in mailbox stores the message and
   * records it in one transaction (exactly once); SMTP records it right after the server's 250 reply.
   */
  send(message: Message, recordSent: RecordSent): Promise<void>;
  close(): void;
}

export const FROM_ADDRESS = 'Roster <no-reply@roster.local>';
const FROM_EMAIL = 'no-reply@roster.local';
/** SMTP connections kept open per process, and so how many messages are in flight at once. */
export const SMTP_CONNECTIONS = 16;
/**
 * A server that accepts the connection and then says nothing must not hold a send (and the outbox lease)
 * for nodemailer's defaults of 2 and 10 minutes: connecting and the greeting get 10 s, and any later
 * silence (a DATA never answered) 30 s. SMTP_URL's query string may override them (?socketTimeout=60000).
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** The same Message-ID on every attempt of one outbox message, so a receiver can drop a duplicate. */
export const messageIdOf = (outboxId: string) => `<${outboxId}@roster.local>`;

/** Real SMTP when SMTP_URL is set; otherwise the built-in mailbox (a table the UI shows). */
export function createTransport(
  db: Db,
  smtpUrl: string | undefined,
  log: { info: (o: object, m: string) => void },
): Transport {
  if (smtpUrl) {
    // A pool of kept-alive connections: the worker sends a claimed batch in parallel over them.
    // Settings in SMTP_URL's query string (e.g. ?maxConnections=2) take precedence.
    const smtp = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: SMTP_CONNECTIONS,
      maxMessages: 1000,
      ...SMTP_TIMEOUTS,
    });
    return {
      kind: 'smtp',
      concurrency: SMTP_CONNECTIONS,
      async send(m, recordSent) {
        // The organisation's sender name and reply-to address (Settings → Mail), read at send time.
        const branding = await getBranding(db);
        await smtp.sendMail({
          from: branding.senderName ? { name: branding.senderName, address: FROM_EMAIL } : FROM_ADDRESS,
          replyTo: branding.replyTo ?? undefined,
          to: m.to,
          subject: m.subject,
          text: revealSecrets(m.text),
          html: m.html ? revealSecrets(m.html) : undefined,
          messageId: messageIdOf(m.outboxId),
        });
        await db.tx(recordSent);
      },
      close: () => smtp.close(),
    };
  }
  return {
    kind: 'mailbox',
    concurrency: 1,
    async send(m, recordSent) {
      // Bodies stay sealed here too: the Mailbox page opens a link only for a reader who outranks the recipient.
      await db.tx(async (tx) => {
        await tx.query(
          `insert into mailbox (id, outbox_id, user_id, to_address, subject, text_body, html_body) values ($1, $2, $3, $4, $5, $6, $7)`,
          [randomUUID(), m.outboxId, m.userId, m.to, m.subject, m.text, m.html ?? null],
        );
        await recordSent(tx);
      });
      // Links are printed so a developer sees what went out; no address is logged, and tokens are redacted
      // (a log is read by more people than the Mailbox page: the page shows working links).
      const links = redactSecrets(m.text).match(/https?:\/\/\S+/g) ?? [];
      log.info({ outboxId: m.outboxId, links }, `mailbox: "${m.subject}"`);
    },
    close: () => {},
  };
}
