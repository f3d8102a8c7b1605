import type { MailLanguage } from './types';

/** French mail. */
export const FR: MailLanguage = {
  locale: 'fr-FR',
  hours: (n) => (n === 1 ? '1 heure' : `${n} heures`),
  noName: 'à vous',
  phrases: {
    accountDeactivated: 'son compte a été désactivé',
    accessEndsOn: (date) => `son accès prend fin le ${date}`,
    until: (date) => (date ? `jusqu’au ${date}` : 'jusqu’à nouvel ordre'),
  },
  report: {
    names: {
      summary: 'Synthèse de l’organisation',
      inactive: 'Personnes inactives',
      'pending-invitations': 'Invitations en attente',
      movements: 'Arrivées et départs',
      forecast: 'Prévision des places',
    },
    subject: (name, cadence) => `${name} — rapport ${cadence === 'weekly' ? 'hebdomadaire' : 'mensuel'}`,
    heading: (name, cadence) => `Votre rapport ${cadence === 'weekly' ? 'hebdomadaire' : 'mensuel'} : ${name}`,
    open: 'Ouvrir le rapport',
    csv: 'Le télécharger en CSV (connectez-vous d’abord)',
    linkLine: (label, url) => `${label} : ${url}`,
    why: 'Vous recevez ce message parce qu’un administrateur l’a programmé pour vous. Les Propriétaires, Administrateurs et RH peuvent le modifier sur la page Rapports.',
    summary: {
      seats: (used, limit) => `Places utilisées : ${used}${limit === null ? '' : ` sur ${limit}`}`,
      people: (total, confirmed, pending, deactivated) =>
        `Personnes : ${total} (confirmées ${confirmed}, invitation en attente ${pending}, désactivées ${deactivated})`,
      pendingOver7Days: (n) => `Invitations en attente depuis plus de 7 jours : ${n}`,
      endingWithin30Days: (n) => `Accès prenant fin dans les 30 jours : ${n}`,
    },
    inactive: (count, n, days) =>
      count === 1
        ? `${n} personne confirmée ne s’est pas connectée depuis ${days} jours, ou jamais.`
        : `${n} personnes confirmées ne se sont pas connectées depuis ${days} jours, ou jamais.`,
    pending: {
      total: (total, under7, to30, to90, over90) =>
        `Invitations en attente : ${total} (moins de 7 jours ${under7}, 7 à 30 jours ${to30}, 30 à 90 jours ${to90}, plus de 90 jours ${over90})`,
      linksExpired: (n) => `Liens expirés : ${n}`,
    },
    movements: (month, joiners, leavers) => `${month} : ${joiners} arrivées, ${leavers} départs`,
    forecast: {
      seats: (used, limit) => `Places utilisées aujourd’hui : ${used}${limit === null ? '' : ` sur ${limit}`}`,
      passesOn: (date) => `À ce rythme, vous dépasserez votre limite de places le ${date}.`,
      within: (days) => `Vous ne dépasserez pas votre limite de places dans les ${days} jours.`,
    },
  },
  samples: { firstName: 'Camille', team: 'Conception' },
  mail: {
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
      closing:
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe ne change pas.',
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
    webhook_disabled: {
      subject: 'Un webhook a été désactivé',
      paragraphs: [
        'Bonjour {firstName},',
        'Les envois vers {webhookUrl} échouent depuis le {since} : le webhook a été désactivé.',
      ],
      action: 'Ouvrir les webhooks',
      closing: 'Corrigez le destinataire, puis réactivez le webhook et relancez les envois échoués.',
    },
  },
};
