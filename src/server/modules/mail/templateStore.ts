import Mustache from 'mustache';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { now } from '../../core/clock';
import { invalid } from '../../core/errors';
import * as audit from '../audit/audit';
import { mailBrandingSchema, type MailBranding, type MailTemplateBody } from '../../../common/contract/notifications';
import { WORDING, type Lang, type MailKind } from './i18n';
import { escapeHtml } from './templates';

/**
 * Editable mail (docs/api.md "Mail templates"): an organisation may replace the subject, text and HTML of any
 * kind of mail in any language with a Mustache template (logic-less; `{{name}}` is HTML-escaped in the HTML
 * part, the text part and the subject are plain text). Every saved version is kept, with who saved it; the
 * newest applies, and a reset is a version with no bodies (the built-in wording of i18n.ts applies again).
 * The outbox renders each queued mail again from the edited template (and the organisation's branding) in the
 * transaction that queues it, so what is sent is decided once, where the mail is queued.
 */

const toMustache = (s: string) => s.replace(/\{(\w+)\}/g, '{{$1}}');

/** The built-in template of a kind in Mustache form: the same words and layout as templates.ts renderMail. */
export function defaultTemplate(kind: MailKind, lang: Lang): MailTemplateBody {
  const w = WORDING[lang][kind];
  const paragraphs = w.paragraphs.map(toMustache);
  const action = w.action ? toMustache(w.action) : null;
  const closing = w.closing ? toMustache(w.closing) : '';
  const text =
    paragraphs.join('\n\n') +
    (action ? `{{#url}}\n\n${action}: {{url}}{{/url}}` : '') +
    (closing ? `\n\n${closing}` : '') +
    '\n';
  const html =
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>{{subject}}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#212529;max-width:560px">` +
    `{{#logoUrl}}<p><img src="{{logoUrl}}" alt="{{org}}" style="max-height:48px"></p>{{/logoUrl}}` +
    paragraphs.map((p) => `<p>${p}</p>`).join('') +
    (action
      ? `{{#url}}<p><a href="{{url}}" style="display:inline-block;padding:10px 18px;background:{{brandColour}};color:#fff;border-radius:4px;text-decoration:none">${action}</a></p>` +
        `<p style="font-size:13px;color:#555">{{url}}</p>{{/url}}`
      : '') +
    (closing ? `<p style="font-size:13px;color:#555">${closing}</p>` : '') +
    `</body></html>`;
  return { subject: toMustache(w.subject), text, html };
}

/** The variables a kind fills in (from its built-in wording), plus the branding every template may use. */
export function variablesOf(kind: MailKind): string[] {
  const names = new Set<string>();
  const w = WORDING.en[kind];
  for (const s of [w.subject, ...w.paragraphs, w.action ?? '', w.closing])
    for (const m of s.matchAll(/\{(\w+)\}/g)) names.add(m[1]!);
  if (w.action) names.add('url');
  return [...names, 'subject', 'brandColour', 'logoUrl', 'senderName'];
}

const plain = (s: string) => s;

/** Renders a template with values: the HTML part escapes them (as the built-in templates do), the others do not. */
export function renderTemplate(
  body: MailTemplateBody,
  vars: Record<string, string>,
  branding: MailBranding,
): { subject: string; text: string; html: string } {
  const view = {
    brandColour: branding.colour,
    logoUrl: branding.logoUrl ?? '',
    senderName: branding.senderName ?? '',
    ...vars,
  };
  const subject = Mustache.render(body.subject, view, {}, { escape: plain }).replace(/[\r\n]+/g, ' ');
  const withSubject = { ...view, subject };
  return {
    subject,
    text: Mustache.render(body.text, withSubject, {}, { escape: plain }),
    html: Mustache.render(body.html, withSubject, {}, { escape: escapeHtml }),
  };
}

/** Refuses a template Mustache cannot parse (an unclosed section), with the part that is wrong. */
export function assertParses(body: MailTemplateBody): void {
  for (const part of ['subject', 'text', 'html'] as const) {
    try {
      Mustache.parse(body[part]);
    } catch (err) {
      throw invalid(`The ${part} is not a valid template: ${(err as Error).message}`, { field: part });
    }
  }
}

interface TemplateRow {
  kind: string;
  lang: string;
  version: number;
  subject_line: string | null;
  text_body: string | null;
  html_body: string | null;
  changed_by: string | null;
  changed_at: Date;
}

/** The organisation's edited template of a kind and language, or null when the built-in one applies. */
export async function customTemplate(sql: Sql, kind: string, lang: string): Promise<MailTemplateBody | null> {
  const [row] = await sql.query<TemplateRow>(
    `select * from mail_templates where kind = $1 and lang = $2 order by version desc limit 1`,
    [kind, lang],
  );
  return row?.subject_line != null && row.text_body != null && row.html_body != null
    ? { subject: row.subject_line, text: row.text_body, html: row.html_body }
    : null;
}

/** The newest version of every kind and language that has one. */
export async function latestVersions(sql: Sql): Promise<(TemplateRow & { customised: boolean })[]> {
  return sql.query(
    `select distinct on (kind, lang) *, subject_line is not null as customised
       from mail_templates order by kind, lang, version desc`,
  );
}

export async function versionsOf(sql: Sql, kind: string, lang: string) {
  return sql.query<{
    version: number;
    reset: boolean;
    changed_at: Date;
    changed_by: string | null;
    name: string | null;
  }>(
    `select t.version, t.subject_line is null as reset, t.changed_at, t.changed_by,
            nullif(trim(u.first_name || ' ' || u.last_name), '') as name
       from mail_templates t left join users u on u.id = t.changed_by
      where t.kind = $1 and t.lang = $2 order by t.version desc limit 50`,
    [kind, lang],
  );
}

/** Saves a new version (or, with null, a reset to the built-in template); audited with the bodies before and after. */
export async function saveTemplate(
  tx: Sql,
  actor: Actor,
  kind: MailKind,
  lang: Lang,
  body: MailTemplateBody | null,
): Promise<number> {
  if (body) assertParses(body);
  // Saving locks the kind's newest row, so two saves at once get consecutive versions (the primary key refuses a clash).
  const before = await customTemplate(tx, kind, lang);
  const [row] = await tx.query<{ version: number }>(
    `insert into mail_templates (kind, lang, version, subject_line, text_body, html_body, changed_by, changed_at)
     select $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7 from mail_templates where kind = $1 and lang = $2
     returning version`,
    [kind, lang, body?.subject ?? null, body?.text ?? null, body?.html ?? null, actor.userId, now()],
  );
  await audit.record(tx, actor, {
    action: body ? 'mail_template.updated' : 'mail_template.reset',
    targetType: 'mail_template',
    targetId: `${kind}/${lang}`,
    before: before ?? undefined,
    after: body ? { ...body, version: row!.version } : { version: row!.version },
  });
  return row!.version;
}

export async function getBranding(sql: Sql): Promise<MailBranding> {
  const [row] = await sql.query<{
    logo_url: string | null;
    colour: string;
    sender_label: string | null;
    reply_to: string | null;
  }>(`select logo_url, colour, sender_label, reply_to from mail_branding where id = 'org'`);
  return row
    ? { logoUrl: row.logo_url, colour: row.colour, senderName: row.sender_label, replyTo: row.reply_to }
    : mailBrandingSchema.parse({});
}

export async function setBranding(tx: Sql, actor: Actor, branding: MailBranding): Promise<MailBranding> {
  const before = await getBranding(tx);
  await tx.query(
    `insert into mail_branding (id, logo_url, colour, sender_label, reply_to, updated_at) values ('org', $1, $2, $3, $4, $5)
     on conflict (id) do update set logo_url = excluded.logo_url, colour = excluded.colour,
       sender_label = excluded.sender_label, reply_to = excluded.reply_to, updated_at = excluded.updated_at`,
    [branding.logoUrl, branding.colour, branding.senderName, branding.replyTo, now()],
  );
  await audit.recordChange(tx, actor, { action: 'mail_branding.updated', targetType: 'settings' }, before, branding);
  return branding;
}

const DEFAULT_BRANDING = mailBrandingSchema.parse({});
export const brandingIsDefault = (b: MailBranding) =>
  b.logoUrl === DEFAULT_BRANDING.logoUrl && b.colour === DEFAULT_BRANDING.colour;
