import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/index';
import { seal } from './secrets';
import type { Rendered, TemplateRef } from './templates';
import { brandingIsDefault, customTemplate, defaultTemplate, getBranding, renderTemplate } from './templateStore';
import type { MailTemplateBody } from '../../../common/contract/notifications';

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
  /** The person the mail is about, when not its recipient: erased with them (personalData.ts). */
  aboutUserId?: string;
  sendAfter?: Date;
  /** A token the bodies carry in a link (templates.ts): stored sealed, opened only to send or to show it. */
  secret?: string;
  /** What the bodies were rendered from: an organisation's edited template replaces them (templateStore.ts). */
  template?: TemplateRef;
}

/** The bodies as stored: the secret, if any, replaced by its sealed form (secrets.ts). */
function storedBodies(mail: OutgoingMail): { text: string; html: string | null } {
  if (!mail.secret) return { text: mail.text, html: mail.html ?? null };
  const sealed = seal(mail.secret);
  return { text: mail.text.replaceAll(mail.secret, sealed), html: mail.html?.replaceAll(mail.secret, sealed) ?? null };
}

/** The mails with their bodies from the organisation's edited templates and branding, where they apply. */
async function edited(tx: Sql, mails: readonly OutgoingMail[]): Promise<OutgoingMail[]> {
  if (!mails.some((m) => m.template)) return [...mails];
  const branding = await getBranding(tx);
  // Many mails of one kind (a scheduled-invite batch) differ only in their values: each template is read once.
  const templates = new Map<string, MailTemplateBody | null>();
  const out: OutgoingMail[] = [];
  for (const m of mails) {
    const ref = m.template;
    if (!ref) {
      out.push(m);
      continue;
    }
    const key = `${ref.kind}/${ref.lang}`;
    if (!templates.has(key)) templates.set(key, await customTemplate(tx, ref.kind, ref.lang));
    const custom = templates.get(key)!;
    if (!custom && brandingIsDefault(branding)) out.push(m);
    else out.push({ ...m, ...renderTemplate(custom ?? defaultTemplate(ref.kind, ref.lang), ref.vars, branding) });
  }
  return out;
}

/** Queues an email in the caller's transaction: it is sent only if the change that caused it commits. */
export async function enqueue(tx: Sql, original: OutgoingMail): Promise<string> {
  const [mail] = (await edited(tx, [original])) as [OutgoingMail];
  const id = randomUUID();
  const { text, html } = storedBodies(mail);
  await tx.query(
    `insert into outbox (id, user_id, to_address, kind, category, subject, text_body, html_body, invitation_id, send_after, about_user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, now()), $11)`,
    [
      id,
      mail.userId,
      mail.to,
      mail.kind,
      mail.category,
      mail.subject,
      text,
      html,
      mail.invitationId ?? null,
      mail.sendAfter ?? null,
      mail.aboutUserId ?? null,
    ],
  );
  return id;
}

/**
 * Queues a security mail: one about access to the recipient's account (sign-up, password reset, deactivation,
 * a copy of their data). Unlike a notification it reaches people on a break and no preference turns it off
 * (worker.ts decides at send time). `userId` is null for an address with no account yet (a sign-up).
 */
export function enqueueSecurityMail(
  tx: Sql,
  to: { userId: string | null; address: string },
  kind: string,
  mail: Rendered,
): Promise<string> {
  return enqueue(tx, { userId: to.userId, to: to.address, kind, category: 'security', ...mail });
}

/** Queues many emails in one statement (batch sweeps); same rules as enqueue. Returns the ids in order. */
export async function enqueueMany(tx: Sql, originals: readonly OutgoingMail[]): Promise<string[]> {
  if (!originals.length) return [];
  const mails = await edited(tx, originals);
  const ids = mails.map(() => randomUUID());
  const bodies = mails.map(storedBodies);
  const col = <K extends keyof OutgoingMail>(k: K) => mails.map((m) => m[k] ?? null);
  await tx.query(
    `insert into outbox (id, user_id, to_address, kind, category, subject, text_body, html_body, invitation_id, send_after, about_user_id)
     select id, user_id, to_address, kind, category, subject, text_body, html_body, invitation_id, coalesce(send_after, now()), about_user_id
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::text[])
         as m(id, user_id, to_address, kind, category, subject, text_body, html_body, invitation_id, send_after, about_user_id)`,
    [
      ids,
      col('userId'),
      col('to'),
      col('kind'),
      col('category'),
      col('subject'),
      bodies.map((b) => b.text),
      bodies.map((b) => b.html),
      col('invitationId'),
      mails.map((m) => m.sendAfter?.toISOString() ?? null),
      col('aboutUserId'),
    ],
  );
  return ids;
}

/** Cancels everything still queued for a user (deactivation, deletion). */
export async function cancelQueuedFor(tx: Sql, userId: string): Promise<void> {
  await tx.query(`update outbox set status = 'cancelled' where user_id = $1 and status in ('pending', 'sending')`, [
    userId,
  ]);
}

/** Removes every message to or about a user (anonymisation: addresses and bodies are personal). */
export async function forgetUser(tx: Sql, userId: string): Promise<void> {
  // The built-in mailbox's copies first: they are found through the outbox rows about the person.
  await tx.query(
    `delete from mailbox where user_id = $1 or outbox_id in (select id from outbox where about_user_id = $1)`,
    [userId],
  );
  await tx.query(`delete from outbox where user_id = $1 or about_user_id = $1`, [userId]);
}
