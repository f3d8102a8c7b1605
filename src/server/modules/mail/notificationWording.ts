/**
 * The words of the notification mails (the notifications module sends them; docs/api.md "Notifications"), per
 * language, in the same shape as i18n.ts's table, which merges them in. Editable per organisation like every
 * kind (templateStore.ts).
 */
export type NotificationMailKind =
  | 'manager_report_confirmed'
  | 'manager_report_leaving'
  | 'manager_report_break'
  | 'access_expiry'
  | 'password_changed'
  | 'new_device_sign_in'
  | 'admin_digest';

type Words = { subject: string; paragraphs: string[]; action?: string; closing: string };

export const NOTIFICATION_WORDING: Record<'en' | 'fr', Record<NotificationMailKind, Words>> = {
  en: {
    manager_report_confirmed: {
      subject: '{reportName} joined {org}',
      paragraphs: [
        'Hello {firstName},',
        '{reportName}, who reports to you, accepted their invitation and joined {org}.',
      ],
      action: 'Open {org}',
      closing: 'You receive this because you are their manager.',
    },
    manager_report_leaving: {
      subject: '{reportName} is leaving {org}',
      paragraphs: ['Hello {firstName},', '{reportName}, who reports to you: {reason}.'],
      action: 'Open {org}',
      closing: 'You receive this because you are their manager.',
    },
    manager_report_break: {
      subject: '{reportName} is on a break',
      paragraphs: ['Hello {firstName},', '{reportName}, who reports to you, is on a break {until}.'],
      closing: 'They receive no notification mail during their break.',
    },
    access_expiry: {
      subject: 'Your access to {org} ends on {expiresOn}',
      paragraphs: ['Hello {firstName},', 'Your access to {org} ends on {expiresOn}.'],
      action: 'Open {org}',
      closing: 'If you need it longer, ask your manager or administrator.',
    },
    password_changed: {
      subject: 'Your {org} password was changed',
      paragraphs: ['Hello {firstName},', 'The password of your {org} account was changed on {changedAt}.'],
      closing: 'If this was not you, reset your password at once and tell your administrator.',
    },
    new_device_sign_in: {
      subject: 'New sign-in to {org}',
      paragraphs: [
        'Hello {firstName},',
        'Your {org} account was signed in to from a new device ({device}) on {signedInAt}.',
      ],
      closing: 'If this was not you, change your password at once and tell your administrator.',
    },
    admin_digest: {
      subject: '{org}: what needs your attention',
      paragraphs: [
        'Hello {firstName},',
        'Since yesterday in {org}:',
        'Sign-ups awaiting approval: {pendingSignups}',
        'Failed imports: {failedImports}',
        'SCIM errors: {scimErrors}',
        'Webhooks disabled: {webhooksDisabled}',
      ],
      action: 'Open {org}',
      closing: 'You receive this daily digest because you administer {org}.',
    },
  },
  fr: {
    manager_report_confirmed: {
      subject: '{reportName} a rejoint {org}',
      paragraphs: [
        'Bonjour {firstName},',
        '{reportName}, qui dépend de vous, a accepté son invitation et rejoint {org}.',
      ],
      action: 'Ouvrir {org}',
      closing: 'Vous recevez ce message parce que vous êtes son responsable.',
    },
    manager_report_leaving: {
      subject: '{reportName} quitte {org}',
      paragraphs: ['Bonjour {firstName},', '{reportName}, qui dépend de vous : {reason}.'],
      action: 'Ouvrir {org}',
      closing: 'Vous recevez ce message parce que vous êtes son responsable.',
    },
    manager_report_break: {
      subject: '{reportName} est en pause',
      paragraphs: ['Bonjour {firstName},', '{reportName}, qui dépend de vous, est en pause {until}.'],
      closing: 'Cette personne ne reçoit aucune notification pendant sa pause.',
    },
    access_expiry: {
      subject: 'Votre accès à {org} prend fin le {expiresOn}',
      paragraphs: ['Bonjour {firstName},', 'Votre accès à {org} prend fin le {expiresOn}.'],
      action: 'Ouvrir {org}',
      closing: 'Si vous en avez besoin plus longtemps, adressez-vous à votre responsable ou à votre administrateur.',
    },
    password_changed: {
      subject: 'Votre mot de passe {org} a été modifié',
      paragraphs: ['Bonjour {firstName},', 'Le mot de passe de votre compte {org} a été modifié le {changedAt}.'],
      closing: 'Si ce n’est pas vous, réinitialisez votre mot de passe sans attendre et prévenez votre administrateur.',
    },
    new_device_sign_in: {
      subject: 'Nouvelle connexion à {org}',
      paragraphs: [
        'Bonjour {firstName},',
        'Une connexion à votre compte {org} a eu lieu depuis un nouvel appareil ({device}) le {signedInAt}.',
      ],
      closing: 'Si ce n’est pas vous, changez votre mot de passe sans attendre et prévenez votre administrateur.',
    },
    admin_digest: {
      subject: '{org} : ce qui demande votre attention',
      paragraphs: [
        'Bonjour {firstName},',
        'Depuis hier dans {org} :',
        'Inscriptions en attente de validation : {pendingSignups}',
        'Imports en échec : {failedImports}',
        'Erreurs SCIM : {scimErrors}',
        'Webhooks désactivés : {webhooksDisabled}',
      ],
      action: 'Ouvrir {org}',
      closing: 'Vous recevez ce résumé quotidien parce que vous administrez {org}.',
    },
  },
};
