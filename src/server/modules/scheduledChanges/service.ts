import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { now } from '../../core/clock';
import { AppError, forbidden, invalid, notFound } from '../../core/errors';
import { REASON_TEXT, type BulkReason } from '../../../common/contract/bulkActions';
import type { CreateScheduledChange, ScheduledChangeDto } from '../../../common/contract/lifecycle';
import * as audit from '../audit/audit';
import { assertCanActOn, canSee } from '../access/policy';
import { findUser } from '../people/repo';
import { classify, type Plan } from '../bulkActions/classify';
import { checkParams } from '../bulkActions/service';
import { actionContext, loadTargets } from '../bulkActions/targets';

/**
 * Effective-dated changes (docs/decisions/024-lifecycle-rules.md): a change of manager, team, role or expiry
 * for a later date. Checked when scheduled exactly as the same bulk action would be (checkParams, then
 * classify on the person), and again when the `scheduled-changes` job applies it (apply.ts).
 */

/** The same change made now, as the bulk actions plan it: what it would do to this person, or why not. */
export async function planChange(
  sql: Sql,
  actor: Actor,
  userId: string,
  change: Pick<CreateScheduledChange, 'action' | 'params'>,
  at: Date,
  opts: { lock?: boolean } = {},
): Promise<Plan> {
  const target = (await loadTargets(sql, [userId], change.params.teamId, opts)).get(userId);
  const ctx = await actionContext(sql, change.action, change.params);
  return classify(sql, actor, { ...ctx, now: at }, target);
}

const FORBIDDEN_REASONS: readonly BulkReason[] = ['not_allowed', 'outranks', 'self'];

export async function scheduleChange(
  tx: Sql,
  actor: Actor,
  userId: string,
  body: CreateScheduledChange,
): Promise<ScheduledChangeDto> {
  const at = now();
  const effectiveAt = new Date(body.effectiveAt);
  if (effectiveAt <= at) throw invalid('The date must be in the future.', [{ field: 'effectiveAt' }]);
  const user = await findUser(tx, userId);
  if (!user || !(await canSee(tx, actor, user))) throw notFound('User');
  const { confirm: _c, ...params } = await checkParams(tx, actor, body.action, body.params);
  const plan = await planChange(tx, actor, userId, { action: body.action, params }, at);
  if (!plan.change) {
    if (plan.reason === 'out_of_scope') throw notFound('User');
    const message = REASON_TEXT[plan.reason];
    if (FORBIDDEN_REASONS.includes(plan.reason)) throw forbidden(message);
    throw new AppError('conflict', message, { reason: plan.reason });
  }
  const id = randomUUID();
  await tx.query(
    `insert into scheduled_changes (id, user_id, action, params, effective_at, scheduled_by, created_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [id, userId, body.action, JSON.stringify(params), effectiveAt, actor.userId, at],
  );
  await audit.record(tx, actor, {
    action: 'scheduled_change.created',
    targetType: 'user',
    targetId: userId,
    after: { changeId: id, action: body.action, params, effectiveAt: effectiveAt.toISOString() },
  });
  return (await listChanges(tx, actor, userId, id))[0]!;
}

/**
 * Cancels a pending change: its scheduler, or anyone who may edit the person. Someone who cannot see the
 * person gets 404, like the person's other routes.
 */
export async function cancelChange(tx: Sql, actor: Actor, userId: string, changeId: string): Promise<void> {
  const user = await findUser(tx, userId);
  if (!user || !(await canSee(tx, actor, user))) throw notFound('User');
  const [c] = await tx.query<{ status: string; scheduled_by: string | null; action: string }>(
    `select status, scheduled_by, action from scheduled_changes where id = $1 and user_id = $2 for update`,
    [changeId, userId],
  );
  if (!c) throw notFound('Scheduled change');
  if (c.scheduled_by !== actor.userId || !actor.userId) await assertCanActOn(tx, actor, user, 'people.edit');
  if (c.status !== 'pending') throw new AppError('conflict', `This change is already ${c.status}.`);
  await tx.query(`update scheduled_changes set status = 'cancelled', cancelled_by = $2, done_at = $3 where id = $1`, [
    changeId,
    actor.userId,
    now(),
  ]);
  await audit.record(tx, actor, {
    action: 'scheduled_change.cancelled',
    targetType: 'user',
    targetId: userId,
    after: { changeId, action: c.action },
  });
}

interface ChangeRow {
  id: string;
  user_id: string;
  action: ScheduledChangeDto['action'];
  params: Record<string, unknown>;
  effective_at: Date;
  status: ScheduledChangeDto['status'];
  reason: string | null;
  scheduled_by: string | null;
  scheduled_by_name: string | null;
  created_at: Date;
  done_at: Date | null;
}

/** A person's changes: the upcoming ones first (soonest first), then the last 20 done, cancelled or refused. */
export async function listChanges(
  sql: Sql,
  actor: Actor,
  userId: string,
  onlyId?: string,
): Promise<ScheduledChangeDto[]> {
  const user = await findUser(sql, userId);
  if (!user || !(await canSee(sql, actor, user))) throw notFound('User');
  const cols = `c.*, nullif(trim(s.first_name || ' ' || s.last_name), '') as scheduled_by_name`;
  const from = `scheduled_changes c left join users s on s.id = c.scheduled_by`;
  const rows = onlyId
    ? await sql.query<ChangeRow>(`select ${cols} from ${from} where c.id = $1`, [onlyId])
    : await sql.query<ChangeRow>(
        `(select ${cols} from ${from} where c.user_id = $1 and c.status = 'pending' order by c.effective_at, c.id)
         union all
         (select ${cols} from ${from} where c.user_id = $1 and c.status <> 'pending' order by c.done_at desc limit 20)`,
        [userId],
      );
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    action: r.action,
    params: r.params,
    effectiveAt: r.effective_at.toISOString(),
    status: r.status,
    reason: r.reason,
    scheduledBy: r.scheduled_by ? { id: r.scheduled_by, name: r.scheduled_by_name ?? '' } : null,
    createdAt: r.created_at.toISOString(),
    doneAt: r.done_at?.toISOString() ?? null,
  }));
}
