import type { Db } from '../db/index';
import { systemActor } from '../core/actor';
import * as audit from '../modules/audit/audit';
import { refreshFor, reportsOf } from '../modules/groups/membership';
import { reevaluateDateGroups } from '../modules/groups/sweep';
import { deliverDue } from '../modules/mail/worker';
import { kickImports } from '../modules/imports/runner';
import type { Transport } from '../modules/mail/transport';
import type { UserRow } from '../modules/people/repo';
import { applyEvents, expiryEvent, sendInvites } from '../modules/people/transitions';
import { updatePeople } from '../modules/people/write';
import { canApply } from '../modules/people/lifecycle';
import { now } from '../core/clock';
import { RESTORE_WINDOW_DAYS, STATUSES } from '../../common/domain';

const BATCH = 200;

/**
 * Claims due users one batch at a time with FOR UPDATE SKIP LOCKED, so several server processes
 * on one PostgreSQL never handle the same user twice; each batch is one transaction.
 */
async function claimAndApply(
  db: Db,
  selectDue: string,
  apply: (tx: Parameters<Parameters<Db['tx']>[0]>[0], u: UserRow) => Promise<unknown>,
) {
  let total = 0;
  for (;;) {
    const n = await db.tx(async (tx) => {
      const due = await tx.query<UserRow>(`${selectDue} limit ${BATCH} for update skip locked`);
      for (const u of due) await apply(tx, u);
      return due.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}

/** claimAndApply for handlers that take the whole claimed batch at once (set-based writes). */
async function claimBatches(
  db: Db,
  selectDue: string,
  params: unknown[],
  apply: (tx: Parameters<Parameters<Db['tx']>[0]>[0], due: UserRow[]) => Promise<unknown>,
) {
  let total = 0;
  for (;;) {
    const n = await db.tx(async (tx) => {
      const due = await tx.query<UserRow>(`${selectDue} limit ${BATCH} for update skip locked`, params);
      if (due.length) await apply(tx, due);
      return due.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}

/** Batches of scheduled invitations handled at once per process on PostgreSQL (PGlite has one connection). */
const INVITE_CLAIMERS = 4;

/**
 * invite_scheduled users whose time has come get their invitation now; thousands scheduled for one moment go
 * out in parallel batches, each claimed batch handled set-based (sendInvites) in its one transaction.
 */
export const sendScheduledInvites = async (db: Db) => {
  const claim = async () => {
    let total = 0;
    for (;;) {
      const n = await db.tx(async (tx) => {
        const due = await tx.query<UserRow>(
          `select * from users where status = 'invite_scheduled' and invite_scheduled_at <= now() and deleted_at is null
           order by invite_scheduled_at limit ${BATCH} for update skip locked`,
        );
        return sendInvites(tx, systemActor('scheduled_invite'), due);
      });
      total += n;
      if (n < BATCH) return total;
    }
  };
  const counts = await Promise.all(Array.from({ length: db.kind === 'postgres' ? INVITE_CLAIMERS : 1 }, claim));
  return counts.reduce((a, b) => a + b, 0);
};

/** Users whose expiresAt has passed become expired (sign-in already refuses them by date). */
export const expireDue = (db: Db) =>
  claimBatches(
    db,
    // lifecycle.expiryPending, in SQL: people deactivated while expired stay deactivated.
    `select * from users where expires_at <= now() and status <> all($1::text[]) and deleted_at is null
        and not (status = 'deactivated' and status_before_deactivation = 'expired')`,
    [STATUSES.filter((status) => !canApply({ status }, 'expire'))],
    async (tx, due) => {
      const at = now();
      const { refused } = await applyEvents(
        tx,
        systemActor('expiry'),
        due.flatMap((user) => {
          const event = expiryEvent(user, at);
          return event ? [{ user, event }] : [];
        }),
        { partial: true },
      );
      // The last Owner never expires (docs/product-rules.md §1); the check runs before any write, so the batch goes on.
      const other = refused.find((r) => r.error.code !== 'last_owner');
      if (other) throw other.error;
    },
  );

/** Breaks with an end date end by themselves. */
export const endBreaks = (db: Db) =>
  claimBatches(db, `select * from users where on_break and break_until <= now()`, [], async (tx, due) => {
    // The one writer of people audits the change and publishes user.updated, as an edit on the profile does.
    await updatePeople(
      tx,
      systemActor('break_end'),
      due.map((user) => ({ user, columns: { on_break: false, break_until: null } })),
    );
    await refreshFor(
      tx,
      due.map((u) => u.id),
      'break_ended',
    );
  });

/** Deleted users past the restore window are removed for good, with personal data in the audit log. */
export const purgeDeleted = (db: Db) =>
  claimAndApply(
    db,
    `select * from users where deleted_at < now() - interval '${RESTORE_WINDOW_DAYS} days'`,
    async (tx, u) => {
      await audit.scrubPersonalData(tx, u.id);
      const reports = await reportsOf(tx, [u.id]);
      await tx.query(`delete from users where id = $1`, [u.id]);
      await refreshFor(tx, reports, 'manager_purged');
      await audit.record(tx, systemActor('purge'), { action: 'user.purged', targetType: 'user', targetId: u.id });
    },
  );

export interface SweepResult {
  scheduledInvites: number;
  expired: number;
  breaksEnded: number;
  purged: number;
  /** Groups with relative-date rules re-evaluated (once a day each). */
  dateGroups: number;
}

/** Runs every sweep but mail delivery once, in dependency order. */
export async function runDomainSweeps(db: Db): Promise<SweepResult> {
  // Imports run in the background (the imports job); this asks for a run that picks up any left by a crash.
  kickImports(db);
  const scheduledInvites = await sendScheduledInvites(db);
  const expired = await expireDue(db);
  const breaksEnded = await endBreaks(db);
  const purged = await purgeDeleted(db);
  const dateGroups = await reevaluateDateGroups(db);
  return { scheduledInvites, expired, breaksEnded, purged, dateGroups };
}

/** Sends every outbox message due now; returns how many were handled. */
export async function deliverAllDue(db: Db, transport: Transport): Promise<number> {
  let emails = 0;
  for (let n = 1; n > 0;) {
    n = await deliverDue(db, transport);
    emails += n;
  }
  return emails;
}

/**
 * Every sweep once, inline, then the mail they queued (tests and one-off runs). The server runs the same
 * functions only as declared jobs (jobs/catalog.ts); per-row claims keep this safe next to it.
 */
export async function runAllSweeps(db: Db, transport: Transport): Promise<SweepResult & { emails: number }> {
  const result = await runDomainSweeps(db);
  return { ...result, emails: await deliverAllDue(db, transport) };
}
