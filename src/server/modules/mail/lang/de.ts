import type { MailLanguage } from './types';

/** German mail: formal address (Sie), gender-neutral where a role is named. */
export const DE: MailLanguage = {
  locale: 'de-DE',
  hours: (n) => (n === 1 ? '1 Stunde' : `${n} Stunden`),
  noName: 'zusammen',
  phrases: {
    accountDeactivated: 'das Konto wurde deaktiviert',
    accessEndsOn: (date) => `der Zugang endet am ${date}`,
    until: (date) => (date ? `bis zum ${date}` : 'bis auf Weiteres'),
  },
  report: {
    names: {
      summary: 'Übersicht der Organisation',
      inactive: 'Inaktive Personen',
      'pending-invitations': 'Ausstehende Einladungen',
      movements: 'Eintritte und Austritte',
      forecast: 'Lizenzprognose',
    },
    subject: (name, cadence) => `${name} — ${cadence === 'weekly' ? 'Wochenbericht' : 'Monatsbericht'}`,
    heading: (name, cadence) => `Ihr ${cadence === 'weekly' ? 'Wochenbericht' : 'Monatsbericht'}: ${name}`,
    open: 'Bericht öffnen',
    csv: 'Als CSV herunterladen (vorher anmelden)',
    linkLine: (label, url) => `${label}: ${url}`,
    why: 'Sie erhalten diese E-Mail, weil die Administration sie für Sie geplant hat. Personen mit der Rolle Inhaber, Administrator oder HR können das auf der Seite Berichte ändern.',
    summary: {
      seats: (used, limit) => `Belegte Lizenzen: ${used}${limit === null ? '' : ` von ${limit}`}`,
      people: (total, confirmed, pending, deactivated) =>
        `Personen: ${total} (bestätigt ${confirmed}, Einladung ausstehend ${pending}, deaktiviert ${deactivated})`,
      pendingOver7Days: (n) => `Seit über 7 Tagen ausstehende Einladungen: ${n}`,
      endingWithin30Days: (n) => `Zugänge, die in 30 Tagen enden: ${n}`,
    },
    inactive: (count, n, days) =>
      count === 1
        ? `${n} bestätigte Person hat sich seit ${days} Tagen oder noch nie angemeldet.`
        : `${n} bestätigte Personen haben sich seit ${days} Tagen oder noch nie angemeldet.`,
    pending: {
      total: (total, under7, to30, to90, over90) =>
        `Ausstehende Einladungen: ${total} (unter 7 Tagen ${under7}, 7 bis 30 Tage ${to30}, 30 bis 90 Tage ${to90}, über 90 Tage ${over90})`,
      linksExpired: (n) => `Abgelaufene Links: ${n}`,
    },
    movements: (month, joiners, leavers) => `${month}: ${joiners} Eintritte, ${leavers} Austritte`,
    forecast: {
      seats: (used, limit) => `Jetzt belegte Lizenzen: ${used}${limit === null ? '' : ` von ${limit}`}`,
      passesOn: (date) => `In diesem Tempo überschreiten Sie Ihre Lizenzgrenze am ${date}.`,
      within: (days) => `Sie überschreiten Ihre Lizenzgrenze in den nächsten ${days} Tagen nicht.`,
    },
  },
  samples: { firstName: 'Kim', team: 'Gestaltung' },
  mail: {
    invitation: {
      subject: 'Ihre Einladung zu {org}',
      paragraphs: [
        'Hallo {firstName},',
        'Sie wurden zu {org} eingeladen. Der Link lässt sich einmal verwenden und gilt bis zum {expiresOn}.',
      ],
      action: 'Einladung annehmen',
      closing: 'Falls Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.',
    },
    invitation_reminder: {
      subject: 'Erinnerung: Ihre Einladung zu {org}',
      paragraphs: [
        'Hallo {firstName},',
        'Sie erhalten einen neuen Link, um {org} beizutreten. Frühere Links funktionieren nicht mehr. Dieser lässt sich einmal verwenden und gilt bis zum {expiresOn}.',
      ],
      action: 'Einladung annehmen',
      closing: 'Falls Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.',
    },
    password_reset: {
      subject: 'Ihr Passwort für {org} zurücksetzen',
      paragraphs: [
        'Hallo {firstName},',
        'Sie haben angefordert, das Passwort Ihres Kontos bei {org} zurückzusetzen. Der Link lässt sich einmal verwenden und gilt {validFor}.',
      ],
      action: 'Neues Passwort wählen',
      closing: 'Falls Sie das nicht waren, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
    },
    signup_verification: {
      subject: 'Bestätigen Sie Ihre E-Mail-Adresse für {org}',
      paragraphs: [
        'Hallo {firstName},',
        'Sie sind fast fertig: Bestätigen Sie Ihre E-Mail-Adresse, um die Registrierung bei {org} abzuschließen. Der Link lässt sich einmal verwenden und gilt {validFor}.',
      ],
      action: 'E-Mail-Adresse bestätigen',
      closing: 'Falls Sie sich nicht registriert haben, ignorieren Sie diese E-Mail; es wird kein Konto angelegt.',
    },
    signup_existing_account: {
      subject: 'Registrierungsversuch bei {org} mit Ihrer Adresse',
      paragraphs: [
        'Hallo {firstName},',
        'Sie erhalten diese E-Mail, weil jemand versucht hat, mit Ihrer Adresse ein neues Konto bei {org} anzulegen. Zu dieser Adresse gibt es bereits ein Konto, daher wurde kein neues angelegt.',
      ],
      action: 'Anmelden',
      closing: 'Falls Sie Ihr Passwort vergessen haben, nutzen Sie „Passwort vergessen?“ auf der Anmeldeseite.',
    },
    signup_pending_approval: {
      subject: 'Ihre Registrierung bei {org} wartet auf Freigabe',
      paragraphs: [
        'Hallo {firstName},',
        'Ihre E-Mail-Adresse ist bestätigt. Die Administration von {org} prüft nun Ihre Anfrage; Sie erhalten eine E-Mail, sobald darüber entschieden ist.',
      ],
      closing: 'Sie müssen jetzt nichts weiter tun.',
    },
    signup_approved: {
      subject: 'Willkommen bei {org}',
      paragraphs: [
        'Hallo {firstName},',
        'Ihre Anfrage, {org} beizutreten, wurde angenommen. Sie können sich mit der E-Mail-Adresse und dem Passwort anmelden, die Sie gewählt haben.',
      ],
      action: 'Anmelden',
      closing: 'Schön, dass Sie dabei sind.',
    },
    signup_declined: {
      subject: 'Ihre Registrierungsanfrage bei {org}',
      paragraphs: ['Hallo {firstName},', 'Ihre Anfrage, {org} beizutreten, wurde nicht angenommen.'],
      closing: 'Wenn Sie das für einen Irrtum halten, wenden Sie sich an Ihre Organisation.',
    },
    join_request_approved: {
      subject: 'Sie sind jetzt im Team {team}',
      paragraphs: ['Hallo {firstName},', 'Ihre Anfrage, dem Team {team} beizutreten, wurde angenommen.'],
      action: '{org} öffnen',
      closing: '',
    },
    join_request_declined: {
      subject: 'Ihre Anfrage für das Team {team}',
      paragraphs: ['Hallo {firstName},', 'Ihre Anfrage, dem Team {team} beizutreten, wurde nicht angenommen.'],
      closing: 'Bei Fragen wenden Sie sich an die Teamleitung.',
    },
    deactivation_notice: {
      subject: 'Ihr Konto bei {org} wurde deaktiviert',
      paragraphs: [
        'Hallo {firstName},',
        'Ihr Konto bei {org} wurde deaktiviert. Sie können sich nicht mehr anmelden; Ihre Daten bleiben erhalten.',
      ],
      closing: 'Wenn Sie das für einen Irrtum halten, wenden Sie sich an Ihre Administration.',
    },
    personal_data_export: {
      subject: 'Ihre personenbezogenen Daten bei {org}',
      paragraphs: [
        'Hallo {firstName},',
        'Sie haben eine Kopie der personenbezogenen Daten angefordert, die {org} über Sie speichert. Der Link funktioniert einmal, für {validFor}.',
      ],
      action: 'Meine Daten herunterladen',
      closing:
        'Wenn Sie dies nicht angefordert haben, informieren Sie Ihre Administration: Jemand nutzt möglicherweise Ihr Konto.',
    },
    manager_report_confirmed: {
      subject: '{reportName} ist jetzt bei {org}',
      paragraphs: [
        'Hallo {firstName},',
        '{reportName} aus Ihrem Team hat die Einladung angenommen und ist jetzt bei {org}.',
      ],
      action: '{org} öffnen',
      closing: 'Sie erhalten diese Nachricht, weil Sie als Führungskraft eingetragen sind.',
    },
    manager_report_leaving: {
      subject: '{reportName} verlässt {org}',
      paragraphs: ['Hallo {firstName},', '{reportName} aus Ihrem Team: {reason}.'],
      action: '{org} öffnen',
      closing: 'Sie erhalten diese Nachricht, weil Sie als Führungskraft eingetragen sind.',
    },
    manager_report_break: {
      subject: '{reportName} macht eine Pause',
      paragraphs: ['Hallo {firstName},', '{reportName} aus Ihrem Team macht eine Pause {until}.'],
      closing: 'Während der Pause erhält die Person keine Benachrichtigungen per E-Mail.',
    },
    access_expiry: {
      subject: 'Ihr Zugang zu {org} endet am {expiresOn}',
      paragraphs: ['Hallo {firstName},', 'Ihr Zugang zu {org} endet am {expiresOn}.'],
      action: '{org} öffnen',
      closing: 'Wenn Sie ihn länger brauchen, wenden Sie sich an Ihre Führungskraft oder die Administration.',
    },
    password_changed: {
      subject: 'Ihr Passwort für {org} wurde geändert',
      paragraphs: ['Hallo {firstName},', 'Ihr Passwort für {org} wurde am {changedAt} geändert.'],
      closing:
        'Falls Sie das nicht waren, setzen Sie Ihr Passwort sofort zurück und informieren Sie die Administration.',
    },
    new_device_sign_in: {
      subject: 'Neue Anmeldung bei {org}',
      paragraphs: [
        'Hallo {firstName},',
        'Ihr Konto bei {org} wurde am {signedInAt} auf einem neuen Gerät angemeldet ({device}).',
      ],
      closing: 'Falls Sie das nicht waren, ändern Sie sofort Ihr Passwort und informieren Sie die Administration.',
    },
    admin_digest: {
      subject: '{org}: Was Ihre Aufmerksamkeit braucht',
      paragraphs: [
        'Hallo {firstName},',
        'Seit gestern bei {org}:',
        'Registrierungen, die auf Freigabe warten: {pendingSignups}',
        'Fehlgeschlagene Importe: {failedImports}',
        'SCIM-Fehler: {scimErrors}',
        'Deaktivierte Webhooks: {webhooksDisabled}',
      ],
      action: '{org} öffnen',
      closing: 'Sie erhalten diese tägliche Zusammenfassung, weil Sie {org} administrieren.',
    },
    webhook_disabled: {
      subject: 'Ein Webhook wurde deaktiviert',
      paragraphs: [
        'Hallo {firstName},',
        'Zustellungen an {webhookUrl} schlagen seit dem {since} fehl, daher wurde der Webhook deaktiviert.',
      ],
      action: 'Webhooks öffnen',
      closing:
        'Beheben Sie das Problem beim Empfänger, aktivieren Sie den Webhook dann wieder und wiederholen Sie die fehlgeschlagenen Zustellungen.',
    },
  },
};
