import type { Db } from '../db/index';
import { now } from '../core/clock';
import { reevaluateDateGroups } from '../modules/groups/sweep';
import { runImports } from '../modules/imports/runner';
import { pruneEvents } from '../modules/events/feed';
import { getSettings } from '../modules/settings/settings';
import { runWebhooks } from '../modules/webhooks/deliver';
import { webhooksDisabledSince } from '../modules/webhooks/service';
import { BULK_ACTIONS_JOB, runBulkActions } from '../modules/bulkActions/runner';
import { createTransport } from '../modules/mail/transport';
import { takeDailySnapshot } from '../modules/insight/snapshots';
import { foldTally } from '../modules/users/tally';
import { sendDueReports } from '../modules/insight/schedules';
import { runDailyRules } from '../modules/lifecycleRules/service';
import { applyDueChanges } from '../modules/scheduledChanges/apply';
import { pruneRequestLog, scimErrorsSince } from '../modules/scim/status';
import { failedImportsSince } from '../modules/imports/repo';
import { pendingSignupCount } from '../modules/auth/signup';
import {
  sendDailyDigest,
  sendExpiryWarnings,
  sendInvitationReminders,
  type DigestSource,
} from '../modules/notifications/sweeps';
import { declareJob, type JobSpec } from '../scheduler/registry';
import { JobRunner } from '../scheduler/runner';
import { deliverAllDue, endBreaks, expireDue, purgeDeleted, sendScheduledInvites } from './sweeps';

/**
 * Every background job Roster runs (docs/decisions/002-job-runtime.md). Sweeps run each
 * ROSTER_JOB_INTERVAL; each claims its due rows FOR UPDATE SKIP LOCKED, so a second slot (concurrency)
 * only matters when a run outlasts the interval or is triggered while another runs.
 */
const sweep = {
  every: 'interval',
  leaseSeconds: 60,
  concurrency: 1,
  retry: { attempts: 3, backoffSeconds: [5, 30] },
} as const;

/**
 * The slower periodic work (pruning, snapshots, report mail, lifecycle rules, upkeep): one run at a time, retried
 * after 1 and 10 minutes.
 */
const periodic = { concurrency: 1, retry: { attempts: 3, backoffSeconds: [60, 600] } } as const;

/** A sweep (the settings above) that runs `run` on the database. */
const sweepJob = (name: string, description: string, run: (db: Db) => Promise<number>, more?: Partial<JobSpec>) =>
  declareJob({ ...sweep, name, description, run: ({ db }) => run(db), ...more });

/**
 * A job that works through queued pieces of work (an import, a bulk action), each claimed with a lease of its
 * own (imports/runner.ts, bulkActions/runner.ts): several processes run different ones at once. It is started at
 * once when one is queued, its scheduled runs resume one left by a crash, and a failed run is retried sooner.
 */
const queueJob = (
  name: string,
  description: string,
  slots: { leaseSeconds: number; concurrency: number },
  run: (db: Db, signal: AbortSignal) => Promise<number>,
) =>
  declareJob({
    name,
    description,
    every: 'interval',
    ...slots,
    retry: { attempts: 5, backoffSeconds: [5, 30, 120] },
    run: ({ db, signal }) => run(db, signal),
  });

export const importsJob = queueJob(
  'imports',
  'Previews and commits uploaded imports; started at once when an import is queued, and resumes one left by a crash.',
  { leaseSeconds: 30, concurrency: 4 },
  runImports,
);

/** Sends the outbox's events to webhooks (docs/decisions/018-event-feed-and-webhooks.md); the event bench runs it alone. */
export const webhooksJob = declareJob({
  name: 'webhooks',
  description:
    'Turns new events into webhook deliveries and sends them, retrying failures with back-off for more than a day.',
  // Every second: the lag from a change to its webhook is at most about that (docs/decisions/018-event-feed-and-webhooks.md).
  every: 1,
  // Each delivery has a 60-second claim of its own (webhooks/deliver.ts), so a second process may share the sending.
  leaseSeconds: 60,
  concurrency: 2,
  retry: { attempts: 3, backoffSeconds: [5, 30] },
  run: ({ db, signal }) => runWebhooks(db, { signal }),
});
/** The figures of the administrators' daily digest (notifications/sweeps.ts). */
export const DIGEST_SOURCES: DigestSource[] = [
  { variable: 'pendingSignups', count: (sql) => pendingSignupCount(sql) },
  { variable: 'failedImports', count: failedImportsSince },
  { variable: 'scimErrors', count: scimErrorsSince },
  { variable: 'webhooksDisabled', count: webhooksDisabledSince },
];

/** The time-based notifications: invitation reminders, access-expiry warnings, the daily digest. */
export async function runNotificationSweeps(db: Db): Promise<number> {
  return (
    (await sendInvitationReminders(db)) + (await sendExpiryWarnings(db)) + (await sendDailyDigest(db, DIGEST_SOURCES))
  );
}

const ONE_DAY = 24 * 3600;
const SCIM_LOG_DAYS = 30;

export const ROSTER_JOBS: readonly JobSpec[] = [
  sweepJob('scheduled-invites', 'Sends invitations whose scheduled time has come.', sendScheduledInvites),
  sweepJob('expire-users', 'Marks people whose end date has passed as expired.', expireDue),
  sweepJob('end-breaks', 'Ends breaks whose end date has passed.', endBreaks),
  sweepJob('purge-deleted', 'Removes people deleted more than 30 days ago for good.', purgeDeleted),
  sweepJob('date-groups', 'Re-evaluates groups with relative-date rules once a day each.', reevaluateDateGroups),
  sweepJob(
    'notifications',
    'Invitation reminders, "your access ends soon" warnings and the administrators\' daily digest; each sent once.',
    runNotificationSweeps,
    { every: 300 },
  ),
  declareJob({
    name: 'mail-delivery',
    description: 'Sends queued email, retrying temporary SMTP failures with back-off.',
    every: 'interval',
    // A claimed batch of messages has a 5-minute claim of its own (mail/worker.ts); a slow SMTP server delays only this job.
    leaseSeconds: 120,
    concurrency: 4,
    retry: { attempts: 3, backoffSeconds: [5, 30] },
    run: ({ db, transport }) => deliverAllDue(db, transport),
  }),
  importsJob,
  webhooksJob,
  declareJob({
    name: 'prune-events',
    description: 'Removes events older than the retention setting (90 days by default) from the event feed.',
    every: 3600,
    leaseSeconds: 600,
    ...periodic,
    async run({ db }) {
      const { eventRetentionDays } = await getSettings(db);
      return pruneEvents(db, new Date(now().getTime() - eventRetentionDays * ONE_DAY * 1000));
    },
  }),
  declareJob({
    name: 'insight-snapshot',
    description:
      "Stores the day's counts by status and weekly sign-ins for Home and the reports; once a day (a later run that day does nothing).",
    every: 'interval',
    leaseSeconds: 300,
    ...periodic,
    run: ({ db }) => takeDailySnapshot(db, now()),
  }),
  declareJob({
    name: 'report-emails',
    description:
      'Mails each scheduled report (weekly on Mondays, monthly on the 1st) to its recipients; once per period whatever the number of processes.',
    every: 60,
    leaseSeconds: 300,
    ...periodic,
    run: ({ db }) => sendDueReports(db, now()),
  }),
  queueJob(
    BULK_ACTIONS_JOB,
    'Runs bulk actions and their undo in batches; started at once when one is queued, and resumes one left by a crash.',
    { leaseSeconds: 60, concurrency: 2 },
    (db, signal) => runBulkActions(db, signal),
  ),
  declareJob({
    name: 'fold-user-tally',
    description:
      "Folds the people tally's rows (the People list's totals) into one per status, so it stays quick to read.",
    every: 60,
    leaseSeconds: 60,
    concurrency: 1,
    retry: { attempts: 3, backoffSeconds: [5, 30] },
    run: ({ db }) => foldTally(db),
  }),
  declareJob({
    name: 'lifecycle-rules',
    description:
      'Runs each enabled lifecycle rule once a day (deactivate inactive people, anonymise, delete unaccepted invitations, remind managers).',
    every: 'interval',
    leaseSeconds: 300,
    ...periodic,
    run: ({ db }) => runDailyRules(db, now()),
  }),
  sweepJob(
    'scheduled-changes',
    'Applies scheduled changes of manager, team, role or end date whose date has come.',
    (db) => applyDueChanges(db, now()),
  ),
  declareJob({
    name: 'maintenance',
    description:
      'Hourly upkeep: VACUUM ANALYZE on the embedded database (it has no autovacuum) and pruning the SCIM request log.',
    every: 3600,
    leaseSeconds: 600,
    ...periodic,
    async run({ db }) {
      // Without it the visibility map stays empty and counts (list totals) fall back to full scans; a server runs autovacuum itself.
      if (db.kind === 'pglite') await db.query('vacuum analyze');
      return pruneRequestLog(db, new Date(Date.now() - SCIM_LOG_DAYS * ONE_DAY * 1000));
    },
  }),
];

/** A runner for the imports job alone, triggered only: the CLI and the import bench run imports in their own process. */
export async function startImportsRunner(db: Db): Promise<JobRunner> {
  const runner = new JobRunner({
    db,
    transport: createTransport(db, undefined, { info: () => {} }),
    jobs: [importsJob],
    intervalSeconds: 0,
  });
  await runner.start();
  return runner;
}
