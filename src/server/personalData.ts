import { eventsPersonalData } from './core/eventsPersonalData';
import { registerPersonalData } from './core/personalData';
import { accessPersonalData } from './modules/access/personalData';
import { auditPersonalData } from './modules/audit/personalData';
import { bulkActionsPersonalData } from './modules/bulkActions/personalData';
import { lifecycleRulesPersonalData } from './modules/lifecycleRules/personalData';
import { scheduledChangesPersonalData } from './modules/scheduledChanges/personalData';
import { authPersonalData } from './modules/auth/personalData';
import { customFieldsPersonalData } from './modules/customFields/personalData';
import { groupsPersonalData } from './modules/groups/personalData';
import { importsPersonalData } from './modules/imports/personalData';
import { insightPersonalData } from './modules/insight/personalData';
import { invitationsPersonalData } from './modules/invitations/personalData';
import { mailPersonalData } from './modules/mail/personalData';
import { mfaPersonalData } from './modules/mfa/personalData';
import { notificationsPersonalData } from './modules/notifications/personalData';
import { teamsPersonalData } from './modules/teams/personalData';
import { tokensPersonalData } from './modules/tokens/personalData';
import { usersPersonalData } from './modules/users/personalData';
import { webhooksPersonalData } from './modules/webhooks/personalData';

/**
 * Start-up (runtime.ts): every module's personal-data entry goes into the registry (core/personalData.ts).
 * A module that stores something about a person adds its entry here; test/privacy/registry.test.ts fails
 * until it does. Safe to call more than once.
 */
export function registerPersonalDataEntries(): void {
  for (const entry of [
    usersPersonalData,
    customFieldsPersonalData,
    accessPersonalData,
    authPersonalData,
    invitationsPersonalData,
    mailPersonalData,
    importsPersonalData,
    bulkActionsPersonalData,
    lifecycleRulesPersonalData,
    scheduledChangesPersonalData,
    teamsPersonalData,
    groupsPersonalData,
    mfaPersonalData,
    notificationsPersonalData,
    tokensPersonalData,
    auditPersonalData,
    eventsPersonalData,
    webhooksPersonalData,
    insightPersonalData,
  ])
    registerPersonalData(entry);
}
