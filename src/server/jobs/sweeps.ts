import type { Db } from '../db/index';
import { systemActor } from '../core/actor';
import { AppError } from '../core/errors';
import * as audit from '../modules/audit/audit';
import { refreshFor, reportsOf } from '../modules/groups/membership';
import { reevaluateDateGroups } from '../modules/groups/sweep';
import { deliverDue } from '../modules/mail/worker';
import { kickImports, stopImports } from '../modules/imports/runner';
import type { Transport } from '../modules/mail/transport';
import type { UserRow } from '../modules/people/repo';
import { sendInvites, syncExpiry } from '../modules/people/transitions';
import { RESTORE_WINDOW_DAYS } from '../../common/domain';

const BATCH = 200;

/**
 * Claims due users one batch at a time with FOR UPDATE SKIP LOCKED, so several server processes
 * on one PostgreSQL never handle the same user twice; each batch is one transaction.
 */
async function claimAndApply(db: Db, selectDue: string, apply: (tx: Parameters<Parameters<Db['tx']>[0]>[0], u: UserRow) => Promise<unknown>) {
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
  claimAndApply(
    db,
    // lifecycle.expiryPending, in SQL: people deactivated while expired stay deactivated.
    `select * from users where expires_at <= now() and status not in ('expired', 'anonymised') and deleted_at is null
        and not (status = 'deactivated' and status_before_deactivation = 'expired')`,
    async (tx, u) => {
      try {
        await syncExpiry(tx, systemActor('expiry'), u);
      } catch (err) {
        // The last Owner never expires (docs/product-rules.md §1); the check runs before any write, so the batch goes on.
        if (!(err instanceof AppError && err.code === 'last_owner')) throw err;
      }
    },
  );

/** Breaks with an end date end by themselves. */
export const endBreaks = (db: Db) =>
  claimAndApply(db, `select * from users where on_break and break_until <= now()`, async (tx, u) => {
    await tx.query(`update users set on_break = false, break_until = null, updated_at = now() where id = $1`, [u.id]);
    await audit.record(tx, systemActor('break_end'), { action: 'user.updated', targetType: 'user', targetId: u.id, before: { onBreak: true }, after: { onBreak: false } });
    await refreshFor(tx, [u.id], 'break_ended');
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
  // Imports run in the background; this picks up any left by a restart or a crash (lease expired).
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
  for (let n = 1; n > 0; ) {
    n = await deliverDue(db, transport);
    emails += n;
  }
  return emails;
}

/** Every sweep once, then the mail they queued (tests and one-off runs; the server runs them as two loops). */
export async function runAllSweeps(db: Db, transport: Transport): Promise<SweepResult & { emails: number }> {
  const result = await runDomainSweeps(db);
  return { ...result, emails: await deliverAllDue(db, transport) };
}

const VACUUM_EVERY_MS = 3600_000;

/**
 * PGlite has no autovacuum: without a periodic VACUUM ANALYZE the visibility map stays empty and
 * counts (list totals) fall back to full scans. A server runs autovacuum itself.
 */
export async function maintainEmbedded(db: Db): Promise<void> {
  if (db.kind === 'pglite') await db.query('vacuum analyze');
}

type Log = { error: (o: object, m: string) => void };

/** Runs `work` now and then `intervalSeconds` after each run ends; returns a stop function that waits for a running one. */
function repeat(work: () => Promise<unknown>, intervalSeconds: number, log: Log, what: string) {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = work()
      .catch((err) => log.error({ err }, `${what} failed`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalSeconds * 1000);
      });
  };
  let timer = setTimeout(tick, 500);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

/**
 * Runs the sweeps every `intervalSeconds`, and mail delivery in a loop of its own: a slow or silent SMTP
 * server delays only the mail, never scheduled invites, expiry or the other sweeps. Returns a stop
 * function that waits for what is running.
 */
export function startSweeps(db: Db, transport: Transport, intervalSeconds: number, log: Log) {
  let lastVacuum = 0;
  const stopDomain = repeat(
    async () => {
      await runDomainSweeps(db);
      if (Date.now() - lastVacuum > VACUUM_EVERY_MS) {
        lastVacuum = Date.now();
        await maintainEmbedded(db);
      }
    },
    intervalSeconds,
    log,
    'background sweep',
  );
  const stopMail = repeat(() => deliverAllDue(db, transport), intervalSeconds, log, 'mail delivery');
  return async () => {
    await Promise.all([stopDomain(), stopMail()]);
    await stopImports(db);
  };
}
