import type { Db } from '../db/index';
import { systemActor } from '../http/actor';
import * as audit from '../modules/audit/audit';
import { deliverDue } from '../modules/mail/worker';
import type { Transport } from '../modules/mail/transport';
import type { UserRow } from '../modules/users/repo';
import { syncExpiry, transition } from '../modules/users/transitions';
import { RESTORE_WINDOW_DAYS } from '../../shared/domain';

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

/** invite_scheduled users whose time has come get their invitation now. */
export const sendScheduledInvites = (db: Db) =>
  claimAndApply(
    db,
    `select * from users where status = 'invite_scheduled' and invite_scheduled_at <= now() and deleted_at is null order by invite_scheduled_at`,
    (tx, u) => transition(tx, systemActor('scheduled_invite'), u, 'send_invite'),
  );

/** Users whose expiresAt has passed become expired (sign-in already refuses them by date). */
export const expireDue = (db: Db) =>
  claimAndApply(
    db,
    `select * from users where expires_at <= now() and status not in ('expired', 'anonymised') and deleted_at is null`,
    (tx, u) => syncExpiry(tx, systemActor('expiry'), u),
  );

/** Breaks with an end date end by themselves. */
export const endBreaks = (db: Db) =>
  claimAndApply(db, `select * from users where on_break and break_until <= now()`, async (tx, u) => {
    await tx.query(`update users set on_break = false, break_until = null, updated_at = now() where id = $1`, [u.id]);
    await audit.record(tx, systemActor('break_end'), { action: 'user.updated', targetType: 'user', targetId: u.id, before: { onBreak: true }, after: { onBreak: false } });
  });

/** Deleted users past the restore window are removed for good, with personal data in the audit log. */
export const purgeDeleted = (db: Db) =>
  claimAndApply(
    db,
    `select * from users where deleted_at < now() - interval '${RESTORE_WINDOW_DAYS} days'`,
    async (tx, u) => {
      await audit.scrubPersonalData(tx, u.id);
      await tx.query(`delete from users where id = $1`, [u.id]);
      await audit.record(tx, systemActor('purge'), { action: 'user.purged', targetType: 'user', targetId: u.id });
    },
  );

export interface SweepResult {
  scheduledInvites: number;
  expired: number;
  breaksEnded: number;
  purged: number;
  emails: number;
}

/** Runs every sweep once, in dependency order (invites before the mail that carries them). */
export async function runAllSweeps(db: Db, transport: Transport): Promise<SweepResult> {
  const scheduledInvites = await sendScheduledInvites(db);
  const expired = await expireDue(db);
  const breaksEnded = await endBreaks(db);
  const purged = await purgeDeleted(db);
  let emails = 0;
  for (let n = 1; n > 0; ) {
    n = await deliverDue(db, transport);
    emails += n;
  }
  return { scheduledInvites, expired, breaksEnded, purged, emails };
}

/** Runs the sweeps every `intervalSeconds`; returns a stop function that waits for a running sweep. */
export function startSweeps(db: Db, transport: Transport, intervalSeconds: number, log: { error: (o: object, m: string) => void }) {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = runAllSweeps(db, transport)
      .catch((err) => log.error({ err }, 'background sweep failed'))
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
