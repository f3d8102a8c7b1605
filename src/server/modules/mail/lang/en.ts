import type { MailLanguage } from './types';

/** English mail. */
export const EN: MailLanguage = {
  locale: 'en-GB',
  hours: (n) => (n === 1 ? '1 hour' : `${n} hours`),
  noName: 'there',
  phrases: {
    accountDeactivated: 'their account was deactivated',
    accessEndsOn: (date) => `their access ends on ${date}`,
    until: (date) => (date ? `until ${date}` : 'until further notice'),
  },
  report: {
    names: {
      summary: 'Organisation summary',
      inactive: 'Inactive people',
      'pending-invitations': 'Pending invitations',
      movements: 'Joiners and leavers',
      forecast: 'Seats forecast',
    },
    subject: (name, cadence) => `${name} — ${cadence} report`,
    heading: (name, cadence) => `Your ${cadence} report: ${name}`,
    open: 'Open the report',
    csv: 'Download it as CSV (sign in first)',
    linkLine: (label, url) => `${label}: ${url}`,
    why: 'You receive this because an administrator scheduled it for you. Owners, Admins and HR can change it on the Reports page.',
    summary: {
      seats: (used, limit) => `Seats used: ${used}${limit === null ? '' : ` of ${limit}`}`,
      people: (total, confirmed, pending, deactivated) =>
        `People: ${total} (confirmed ${confirmed}, invitation pending ${pending}, deactivated ${deactivated})`,
      pendingOver7Days: (n) => `Invitations pending over 7 days: ${n}`,
      endingWithin30Days: (n) => `Access ending within 30 days: ${n}`,
    },
    inactive: (count, n, days) =>
      `${n} confirmed ${count === 1 ? 'person has' : 'people have'} not signed in for ${days} days, or never.`,
    pending: {
      total: (total, under7, to30, to90, over90) =>
        `Pending invitations: ${total} (under 7 days ${under7}, 7 to 30 days ${to30}, 30 to 90 days ${to90}, over 90 days ${over90})`,
      linksExpired: (n) => `Links expired: ${n}`,
    },
    movements: (month, joiners, leavers) => `${month}: ${joiners} joiners, ${leavers} leavers`,
    forecast: {
      seats: (used, limit) => `Seats used now: ${used}${limit === null ? '' : ` of ${limit}`}`,
      passesOn: (date) => `At this pace you will pass your seat limit on ${date}.`,
      within: (days) => `You will not pass your seat limit within ${days} days.`,
    },
  },
  samples: { firstName: 'Alex', team: 'Design' },
  mail: {
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
    webhook_disabled: {
      subject: 'A webhook was disabled',
      paragraphs: [
        'Hello {firstName},',
        'Deliveries to {webhookUrl} have failed since {since}, so the webhook was disabled.',
      ],
      action: 'Open the webhooks',
      closing: 'Fix the receiver, then enable the webhook again and retry the failed deliveries.',
    },
  },
};
