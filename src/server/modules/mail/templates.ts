/**
 * Every email Roster sends: the wording comes from the i18n table (i18n.ts) in the recipient's
 * language; each message has a plain-text part and an HTML part, and every link starts with PUBLIC_URL.
 */
import { FORMATS, noNameIn, pickLang, WORDING, type Lang, type MailKind } from './i18n';
import { fill } from './fill';
import { linkTo } from './links';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
  /** The token in the mail's link, if it carries one: the outbox stores it sealed (outbox.ts). */
  secret?: string;
  /** What it was rendered from: the outbox renders it again from the organisation's edited template, if any (templateStore.ts). */
  template?: TemplateRef;
}

export interface TemplateRef {
  kind: MailKind;
  lang: Lang;
  /** The values of the kind's variables, the call to action's link as `url`. */
  vars: Record<string, string>;
}

/** Who receives the mail: the name to greet and the language to write in. */
export interface Recipient {
  firstName: string;
  language?: string | null;
}

/** What a mail needs of the organisation: its name, and its language for people who have none Roster speaks. */
export interface MailOrg {
  organisationName: string;
  defaultLanguage: Lang;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Renders one kind of mail in one language. `url` is the call to action, if the kind has one. */
export function renderMail(kind: MailKind, lang: Lang, vars: Record<string, string>, url?: string): Rendered {
  const w = WORDING[lang][kind];
  const subject = fill(w.subject, vars);
  const paragraphs = w.paragraphs.map((p) => fill(p, vars));
  const action = w.action && url ? { label: fill(w.action, vars), url } : null;
  const closing = w.closing ? fill(w.closing, vars) : '';
  // French typography puts a (narrow) space before a colon; the other languages do not.
  const colon = lang === 'fr' ? ' : ' : ': ';
  const text =
    [...paragraphs, ...(action ? [`${action.label}${colon}${action.url}`] : []), ...(closing ? [closing] : [])].join(
      '\n\n',
    ) + '\n';
  const html =
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#212529;max-width:560px">` +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    (action
      ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 18px;background:#1c7ed6;color:#fff;border-radius:4px;text-decoration:none">${escapeHtml(action.label)}</a></p>` +
        `<p style="font-size:13px;color:#555">${escapeHtml(action.url)}</p>`
      : '') +
    (closing ? `<p style="font-size:13px;color:#555">${escapeHtml(closing)}</p>` : '') +
    `</body></html>`;
  return { subject, text, html, template: { kind, lang, vars: url ? { ...vars, url } : vars } };
}

/** The recipient's language and the variables every kind has. */
export function base(to: Recipient, org: MailOrg) {
  const lang = pickLang(to.language, org.defaultLanguage);
  return { lang, vars: { firstName: to.firstName || noNameIn(lang), org: org.organisationName } };
}

/** A first invitation, or a reminder (resend or a fresh link asked for from an expired one). */
export function invitationEmail(o: {
  to: Recipient;
  org: MailOrg;
  token: string;
  expiresAt: Date;
  reminder?: boolean;
}): Rendered {
  const { lang, vars } = base(o.to, o.org);
  const kind = o.reminder ? 'invitation_reminder' : 'invitation';
  return {
    ...renderMail(kind, lang, { ...vars, expiresOn: FORMATS[lang].date(o.expiresAt) }, linkTo(`/invite/${o.token}`)),
    secret: o.token,
  };
}

/** A mail whose button is a one-use link valid for some hours; the token is stored sealed (outbox.ts). */
interface TimedLink {
  to: Recipient;
  org: MailOrg;
  token: string;
  validHours: number;
}

function timedLinkEmail(kind: MailKind, path: string, o: TimedLink): Rendered {
  const { lang, vars } = base(o.to, o.org);
  return {
    ...renderMail(kind, lang, { ...vars, validFor: FORMATS[lang].hours(o.validHours) }, linkTo(path)),
    secret: o.token,
  };
}

export const passwordResetEmail = (o: TimedLink) => timedLinkEmail('password_reset', `/reset-password/${o.token}`, o);

export const signupVerificationEmail = (o: TimedLink) =>
  timedLinkEmail('signup_verification', `/signup/verify/${o.token}`, o);

/** Sent to the owner of an address someone tried to sign up with: the sign-up itself reveals nothing. */
export function signupExistingAccountEmail(o: { to: Recipient; org: MailOrg }): Rendered {
  const { lang, vars } = base(o.to, o.org);
  return renderMail('signup_existing_account', lang, vars, linkTo('/login'));
}

export function signupPendingApprovalEmail(o: { to: Recipient; org: MailOrg }): Rendered {
  const { lang, vars } = base(o.to, o.org);
  return renderMail('signup_pending_approval', lang, vars);
}

export function signupDecisionEmail(o: { to: Recipient; org: MailOrg; approved: boolean }): Rendered {
  const { lang, vars } = base(o.to, o.org);
  return renderMail(
    o.approved ? 'signup_approved' : 'signup_declined',
    lang,
    vars,
    o.approved ? linkTo('/login') : undefined,
  );
}

/** For the teams module: the decision on a request to join a team (notification mail). */
export function joinRequestDecisionEmail(o: {
  to: Recipient;
  org: MailOrg;
  teamName: string;
  approved: boolean;
}): Rendered {
  const { lang, vars } = base(o.to, o.org);
  return renderMail(
    o.approved ? 'join_request_approved' : 'join_request_declined',
    lang,
    { ...vars, team: o.teamName },
    o.approved ? linkTo('/') : undefined,
  );
}

export function deactivationNoticeEmail(o: { to: Recipient; org: MailOrg }): Rendered {
  const { lang, vars } = base(o.to, o.org);
  return renderMail('deactivation_notice', lang, vars);
}

/** To a webhook's creator when it is disabled after failing for 3 days (webhooks/deliver.ts). */
export function webhookDisabledEmail(o: { to: Recipient; org: MailOrg; url: string; since: Date }): Rendered {
  const { lang, vars } = base(o.to, o.org);
  return renderMail(
    'webhook_disabled',
    lang,
    { ...vars, webhookUrl: o.url, since: FORMATS[lang].date(o.since) },
    linkTo('/settings/webhooks'),
  );
}

/** The link to a person's own personal-data export, asked for from My profile (users/selfExport.ts). */
export const personalDataExportEmail = (o: TimedLink) =>
  timedLinkEmail('personal_data_export', `/api/v1/personal-data/${o.token}`, o);
