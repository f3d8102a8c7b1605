import { inSavepoint, type Db } from '../../db/index';
import { systemActor, type Actor } from '../../core/actor';
import { now } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { BulkReason } from '../../../common/contract/bulkActions';
import type { ScheduledAction } from '../../../common/contract/lifecycle';
import * as audit from '../audit/audit';
import { applyAction, failureOf } from '../bulkActions/apply';
import { actingAs } from '../bulkActions/runner';
import { planChange } from './service';

const BATCH = 200;

interface Due {
  id: string;
  user_id: string;
  action: ScheduledAction;
  params: Record<string, string | null>;
  scheduled_by: string | null;
}

/**
 * The `scheduled-changes` job: applies every pending change whose date has come, as a sweep. A batch of due
 * rows is claimed FOR UPDATE SKIP LOCKED and each leaves `pending` in that same transaction, so two processes
 * never apply one change twice. Each change is checked again with the rights its scheduler has now
 * (bulkActions/runner.ts actingAs) and planned as the bulk action would be (classify.ts): a scheduler who can
 * no longer sign in, or who lost the right over this person, or a change that no longer makes sense (the
 * manager would make a cycle, HR took the field over, nothing left to change) is not applied: the change is
 * marked `refused` with the reason, shown on the profile, and audited. Returns the changes handled.
 */
export async function applyDueChanges(db: Db, at = now()): Promise<number> {
  let handled = 0;
  for (;;) {
    const n = await db.tx(async (tx) => {
      const due = await tx.query<Due>(
        `select id, user_id, action, params, scheduled_by from scheduled_changes
          where status = 'pending' and effective_at <= $1 order by effective_at, id limit ${BATCH} for update skip locked`,
        [at],
      );
      for (const c of due) {
        let actor: Actor = systemActor(`scheduled_change:${c.id}`);
        let reason: BulkReason | null = null;
        try {
          await inSavepoint(tx, 'scheduled_change', async () => {
            actor = await actingAs(
              tx,
              { type: 'user', userId: c.scheduled_by },
              `scheduled_change:${c.id}`,
              'scheduled this change',
            );
            const plan = await planChange(tx, actor, c.user_id, c, at, { lock: true });
            if (plan.change) await applyAction(tx, actor, c.action, c.params, c.user_id);
            else reason = plan.reason;
          });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          reason = err.code === 'forbidden' ? 'not_allowed' : failureOf(err)!.reason;
        }
        await tx.query(`update scheduled_changes set status = $2, reason = $3, done_at = $4 where id = $1`, [
          c.id,
          reason ? 'refused' : 'applied',
          reason,
          at,
        ]);
        await audit.record(tx, actor, {
          action: reason ? 'scheduled_change.refused' : 'scheduled_change.applied',
          targetType: 'user',
          targetId: c.user_id,
          after: { changeId: c.id, action: c.action, scheduledBy: c.scheduled_by, ...(reason ? { reason } : {}) },
        });
      }
      return due.length;
    });
    handled += n;
    if (n < BATCH) return handled;
  }
}
