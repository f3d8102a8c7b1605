/**
 * The words of every email, per language. A template is a subject, paragraphs, an optional button
 * (label + link) and a closing line; `{name}` placeholders are filled by templates.ts.
 * Add a language by adding a column here: every kind must be present (the type checks it).
 */
import { NOTIFICATION_WORDING, type NotificationMailKind } from './notificationWording';

export const LANGUAGES = ['en', 'fr'] as const;
export type Lang = (typeof LANGUAGES)[number];

type CoreMailKind =
  | 'invitation'
  | 'invitation_reminder'
  | 'password_reset'
  | 'signup_verification'
  | 'signup_existing_account'
  | 'signup_pending_approval'
  | 'signup_approved'
  | 'signup_declined'
  | 'join_request_approved'
  | 'join_request_declined'
  | 'deactivation_notice'
  | 'personal_data_export';
export type MailKind = CoreMailKind | NotificationMailKind;

export interface Wording {
  subject: string;
  paragraphs: string[];
  action?: string;
  closing: string;
}

const EN: Record<CoreMailKind, Wording> = {
  invitation: {
    subject: 'Your invitation to {org}',
    paragraphs: [
      'Hello {firstName},',
      'You have been invited to join {org}. This link works once and until {expiresOn}.',
    ],
    action: 'Accept the invitation',
    closing: 'If you were not expecting this invitation, you can ignore this email.',
  },
  invitation_reminder: {
    subject: 'Reminder: your invitation to {org}',
    paragraphs: [
      'Hello {firstName},',
      'Here is a new link to join {org}. Earlier links no longer work. This one works once and until {expiresOn}.',
    ],
    action: 'Accept the invitation',
    closing: 'If you were not expecting this invitation, you can ignore this email.',
  },
  password_reset: {
    subject: 'Reset your {org} password',
    paragraphs: [
      'Hello {firstName},',
      'Someone asked to reset the password of your {org} account. The link works once, for {validFor}.',
    ],
    action: 'Choose a new password',
    closing: 'If you did not ask for this, ignore this email: your password stays as it is.',
  },
  signup_verification: {
    subject: 'Confirm your email address for {org}',
    paragraphs: [
      'Hello {firstName},',
      'Confirm your email address to finish signing up to {org}. The link works once, for {validFor}.',
    ],
    action: 'Confirm my email address',
    closing: 'If you did not sign up, ignore this email and no account will be created.',
  },
  signup_existing_account: {
    subject: 'Someone tried to sign up to {org} with your address',
    paragraphs: [
      'Hello {firstName},',
      'Someone tried to create a new {org} account with this email address, which already has an account. No new account was created.',
    ],
    action: 'Sign in',
    closing: 'If you forgot your password, use "Forgot your password?" on the sign-in page.',
  },
  signup_pending_approval: {
    subject: 'Your {org} sign-up is waiting for approval',
    paragraphs: [
      'Hello {firstName},',
      'Your email address is confirmed. An administrator of {org} will review your request; we will email you when it is decided.',
    ],
    closing: 'You do not need to do anything now.',
  },
  signup_approved: {
    subject: 'Welcome to {org}',
    paragraphs: [
      'Hello {firstName},',
      'Your request to join {org} was approved. You can sign in with the email address and password you chose.',
    ],
    action: 'Sign in',
    closing: 'Welcome aboard.',
  },
  signup_declined: {
    subject: 'Your {org} sign-up request',
    paragraphs: ['Hello {firstName},', 'Your request to join {org} was not approved.'],
    closing: 'If you think this is a mistake, contact your organisation.',
  },
  join_request_approved: {
    subject: 'You joined the team {team}',
    paragraphs: ['Hello {firstName},', 'Your request to join the team {team} was approved.'],
    action: 'Open {org}',
    closing: '',
  },
  join_request_declined: {
    subject: 'Your request to join {team}',
    paragraphs: ['Hello {firstName},', 'Your request to join the team {team} was not approved.'],
    closing: 'If you have questions, ask the team manager.',
  },
  deactivation_notice: {
    subject: 'Your {org} account has been deactivated',
    paragraphs: [
      'Hello {firstName},',
      'Your {org} account has been deactivated. You can no longer sign in; your data is kept.',
    ],
    closing: 'If you think this is a mistake, contact your administrator.',
  },
  personal_data_export: {
    subject: 'Your personal data from {org}',
    paragraphs: [
      'Hello {firstName},',
      'You asked for a copy of the personal data {org} holds about you. The link works once, for {validFor}.',
    ],
    action: 'Download my personal data',
    closing: 'If you did not ask for this, tell your administrator: someone may be using your account.',
  },
};

const FR: Record<CoreMailKind, Wording> = {
  invitation: {
    subject: 'Votre invitation à {org}',
    paragraphs: [
      'Bonjour {firstName},',
      "Vous êtes invité·e à rejoindre {org}. Ce lien ne sert qu'une fois et reste valable jusqu'au {expiresOn}.",
    ],
    action: 'Accepter l’invitation',
    closing: 'Si vous n’attendiez pas cette invitation, ignorez ce message.',
  },
  invitation_reminder: {
    subject: 'Rappel : votre invitation à {org}',
    paragraphs: [
      'Bonjour {firstName},',
      "Voici un nouveau lien pour rejoindre {org}. Les liens précédents ne fonctionnent plus. Celui-ci ne sert qu'une fois et reste valable jusqu'au {expiresOn}.",
    ],
    action: 'Accepter l’invitation',
    closing: 'Si vous n’attendiez pas cette invitation, ignorez ce message.',
  },
  password_reset: {
    subject: 'Réinitialiser votre mot de passe {org}',
    paragraphs: [
      'Bonjour {firstName},',
      "Une réinitialisation du mot de passe de votre compte {org} a été demandée. Le lien ne sert qu'une fois, pendant {validFor}.",
    ],
    action: 'Choisir un nouveau mot de passe',
    closing: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe ne change pas.',
  },
  signup_verification: {
    subject: 'Confirmez votre adresse e-mail pour {org}',
    paragraphs: [
      'Bonjour {firstName},',
      "Confirmez votre adresse e-mail pour terminer votre inscription à {org}. Le lien ne sert qu'une fois, pendant {validFor}.",
    ],
    action: 'Confirmer mon adresse e-mail',
    closing: 'Si vous ne vous êtes pas inscrit·e, ignorez ce message : aucun compte ne sera créé.',
  },
  signup_existing_account: {
    subject: 'Tentative d’inscription à {org} avec votre adresse',
    paragraphs: [
      'Bonjour {firstName},',
      'Quelqu’un a essayé de créer un compte {org} avec cette adresse e-mail, qui a déjà un compte. Aucun nouveau compte n’a été créé.',
    ],
    action: 'Se connecter',
    closing: 'Si vous avez oublié votre mot de passe, utilisez « Mot de passe oublié ? » sur la page de connexion.',
  },
  signup_pending_approval: {
    subject: 'Votre inscription à {org} attend une validation',
    paragraphs: [
      'Bonjour {firstName},',
      'Votre adresse e-mail est confirmée. Un administrateur de {org} va examiner votre demande ; vous recevrez un e-mail dès qu’elle sera traitée.',
    ],
    closing: 'Vous n’avez rien à faire pour le moment.',
  },
  signup_approved: {
    subject: 'Bienvenue sur {org}',
    paragraphs: [
      'Bonjour {firstName},',
      'Votre demande pour rejoindre {org} a été acceptée. Connectez-vous avec l’adresse e-mail et le mot de passe que vous avez choisis.',
    ],
    action: 'Se connecter',
    closing: 'Bienvenue !',
  },
  signup_declined: {
    subject: 'Votre demande d’inscription à {org}',
    paragraphs: ['Bonjour {firstName},', 'Votre demande pour rejoindre {org} n’a pas été acceptée.'],
    closing: 'Si vous pensez qu’il s’agit d’une erreur, contactez votre organisation.',
  },
  join_request_approved: {
    subject: 'Vous avez rejoint l’équipe {team}',
    paragraphs: ['Bonjour {firstName},', 'Votre demande pour rejoindre l’équipe {team} a été acceptée.'],
    action: 'Ouvrir {org}',
    closing: '',
  },
  join_request_declined: {
    subject: 'Votre demande pour rejoindre {team}',
    paragraphs: ['Bonjour {firstName},', 'Votre demande pour rejoindre l’équipe {team} n’a pas été acceptée.'],
    closing: 'Pour toute question, adressez-vous au responsable de l’équipe.',
  },
  deactivation_notice: {
    subject: 'Votre compte {org} a été désactivé',
    paragraphs: [
      'Bonjour {firstName},',
      'Votre compte {org} a été désactivé. Vous ne pouvez plus vous connecter ; vos données sont conservées.',
    ],
    closing: 'Si vous pensez qu’il s’agit d’une erreur, contactez votre administrateur.',
  },
  personal_data_export: {
    subject: 'Vos données personnelles chez {org}',
    paragraphs: [
      'Bonjour {firstName},',
      'Vous avez demandé une copie des données personnelles que {org} détient sur vous. Le lien fonctionne une fois, pendant {validFor}.',
    ],
    action: 'Télécharger mes données personnelles',
    closing: 'Si vous n’avez rien demandé, prévenez votre administrateur : quelqu’un utilise peut-être votre compte.',
  },
};

export const WORDING: Record<Lang, Record<MailKind, Wording>> = {
  en: { ...EN, ...NOTIFICATION_WORDING.en },
  fr: { ...FR, ...NOTIFICATION_WORDING.fr },
};
/** Every kind, in the table's order (the mail templates page lists them). */
export const MAIL_KINDS = Object.keys(WORDING.en) as MailKind[];

/** Durations and dates as each language writes them. */
export const FORMATS: Record<Lang, { hours: (n: number) => string; date: (d: Date) => string }> = {
  en: {
    hours: (n) => (n === 1 ? '1 hour' : `${n} hours`),
    date: (d) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  },
  fr: {
    hours: (n) => (n === 1 ? '1 heure' : `${n} heures`),
    date: (d) => d.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  },
};

/** The recipient's language (`fr`, `fr-CA`, …) or English when we have no translation. */
export function pickLang(language: string | null | undefined): Lang {
  const base = language?.toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Lang) : 'en';
}
