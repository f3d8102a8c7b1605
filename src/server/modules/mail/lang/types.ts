import type { Cadence, ScheduledReport } from '../../../../common/contract/reportSchedules';

/**
 * The words of the mail: one JSON file per language (en.json, fr.json, de.json) of the shape `LanguageWords`,
 * made into a `MailLanguage` by language.ts (i18n.ts puts them together). Every kind must be present in every
 * language: the type checks it, and test/waysin/templates.test.ts checks the placeholders.
 */

/** Every kind of mail, in the order the mail templates page lists them. */
export const MAIL_KINDS = [
  'invitation',
  'invitation_reminder',
  'password_reset',
  'signup_verification',
  'signup_existing_account',
  'signup_pending_approval',
  'signup_approved',
  'signup_declined',
  'join_request_approved',
  'join_request_declined',
  'deactivation_notice',
  'personal_data_export',
  'manager_report_confirmed',
  'manager_report_leaving',
  'manager_report_break',
  'access_expiry',
  'password_changed',
  'new_device_sign_in',
  'admin_digest',
  'webhook_disabled',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** A subject, paragraphs, an optional button label and a closing line; `{name}` placeholders are filled in. */
export interface Wording {
  subject: string;
  paragraphs: string[];
  action?: string;
  closing: string;
}

/** A text with a `one` form for the number 1 and an `other` form for the rest. */
export interface Plural {
  one: string;
  other: string;
}

/** One language's words as its JSON file holds them; `{name}` placeholders are filled in. */
export interface LanguageWords {
  /** The locale whose way of writing dates the mail follows (Intl). */
  locale: string;
  /** "{n} hours", as a link's lifetime. */
  hours: Plural;
  /** Stands in for the first name when it is unknown, so the greeting still reads ("Hello there,"). */
  noName: string;
  /** Values of a kind's variables that are themselves sentences. */
  phrases: {
    /** manager_report_leaving's {reason} when the report was deactivated. */
    accountDeactivated: string;
    /** manager_report_leaving's {reason} when the report's access ends on {date}. */
    accessEndsOn: string;
    /** manager_report_break's {until}: the break's end, or none. */
    until: string;
    untilFurtherNotice: string;
  };
  /** The scheduled report mail (insight/reportMail.ts): figures, not an editable template. */
  report: {
    names: Record<ScheduledReport, string>;
    subject: Record<Cadence, string>;
    heading: Record<Cadence, string>;
    open: string;
    csv: string;
    linkLine: string;
    why: string;
    /** `seats` without a seat limit, `seatsOf` with one. */
    summary: { seats: string; seatsOf: string; people: string; pendingOver7Days: string; endingWithin30Days: string };
    inactive: Plural;
    pending: { total: string; linksExpired: string };
    movements: string;
    forecast: { seats: string; seatsOf: string; passesOn: string; within: string };
  };
  /** Names the template preview uses as sample values. */
  samples: { firstName: string; team: string };
  mail: Record<MailKind, Wording>;
}

/** A language's words as the mail modules use them, sentences with values as functions (language.ts). */
export interface MailLanguage {
  locale: string;
  hours: (n: number) => string;
  noName: string;
  /** With a date already written in this language. */
  phrases: {
    accountDeactivated: string;
    accessEndsOn: (date: string) => string;
    until: (date: string | null) => string;
  };
  report: ReportWords;
  samples: LanguageWords['samples'];
  mail: LanguageWords['mail'];
}

/**
 * A scheduled report mail's words. Numbers and dates come already written in the language (`Intl`); `count` is
 * the number itself where the sentence's grammar depends on it.
 */
export interface ReportWords {
  names: Record<ScheduledReport, string>;
  subject: (name: string, cadence: Cadence) => string;
  heading: (name: string, cadence: Cadence) => string;
  open: string;
  csv: string;
  /** A link written out in the text part, after its label (French puts a space before the colon). */
  linkLine: (label: string, url: string) => string;
  why: string;
  summary: {
    seats: (used: string, limit: string | null) => string;
    people: (total: string, confirmed: string, pending: string, deactivated: string) => string;
    pendingOver7Days: (n: string) => string;
    endingWithin30Days: (n: string) => string;
  };
  inactive: (count: number, n: string, days: string) => string;
  pending: {
    total: (total: string, under7: string, to30: string, to90: string, over90: string) => string;
    linksExpired: (n: string) => string;
  };
  /** One month's line: the month as the language names it ("March 2026"). */
  movements: (month: string, joiners: string, leavers: string) => string;
  forecast: {
    seats: (used: string, limit: string | null) => string;
    passesOn: (date: string) => string;
    within: (days: string) => string;
  };
}
