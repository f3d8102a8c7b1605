import { inSavepoint, type Db, type Sql } from '../../db/index';
import { grantsJsonSql } from '../access/effective';
import { systemActor, type Actor } from '../../core/actor';
import { now } from '../../core/clock';
import { AppError } from '../../core/errors';
import { holderIsDead, newHolder } from '../../scheduler/holder';
import { isShuttingDown, jobFailure } from '../../scheduler/failure';
import { runnerOf, triggerJob } from '../../scheduler/runner';
import type { Role } from '../../../common/domain';
import type { BulkJobAction, BulkParams, BulkReason } from '../../../common/contract/bulkActions';
import { applyAction, failureOf, undoAction } from './apply';
import { classify, snapshot, type ActionContext, type Snapshot } from './classify';
import { actionContext, loadTargets } from './targets';

/**
 * The `bulk-actions` job (jobs/catalog.ts). A bulk action is claimed with a lease of its own (like an import),
 * then worked through in batches of items, ONE transaction per batch: the people are locked, each is classified
 * (classify.ts, as the dry run did) and changed through the use cases, inside a savepoint so that one refusal
 * does not undo the batch; the items' outcomes and the counters move in that same transaction. A crash or a
 * stop between batches leaves the finished batches committed and the rest pending: the next run (this process
 * after a restart, or another once the lease expires) continues there and does nothing twice. Undo is the
 * same loop over the done items.
 */
export const BULK_ACTIONS_JOB = 'bulk-actions';
const LEASE_SECONDS = 60;
const HOLDER = newHolder();
const leaseUntil = () => new Date(now().getTime() + LEASE_SECONDS * 1000);

export interface BulkRow {
  id: string;
  action: BulkJobAction;
  phase: 'run' | 'undo';
  params: BulkParams;
  total: number;
  actor: { type: Actor['type']; userId: string | null; tokenId?: string | null; impersonatorId?: string | null };
}

export interface RunOptions {
  /** People per batch (one transaction each). */
  batchSize?: number;
  /** Called after each committed batch (tests stop the job there to play a crash). */
  afterBatch?: (bulkActionId: string) => void | Promise<void>;
}

/** Starts the job now (returns at once). */
export function kickBulkActions(db: Db): void {
  void triggerJob(db, BULK_ACTIONS_JOB).catch(() => {
    // The database went away (shutdown): the bulk action resumes when a runner next looks.
  });
}

/** Resolves when this process has no bulk-action work running (tests, the CLI). */
export async function bulkActionsIdle(db: Db): Promise<void> {
  await runnerOf(db)?.idle(BULK_ACTIONS_JOB);
}

export async function runBulkActions(db: Db, signal: AbortSignal, opts: RunOptions = {}): Promise<number> {
  let n = 0;
  while (!signal.aborted && (await runNext(db, signal, opts))) n++;
  return n;
}

async function runNext(db: Db, signal: AbortSignal, opts: RunOptions): Promise<boolean> {
  const b = await db.tx(async (tx) => {
    const at = now();
    const rows = await tx.query<BulkRow & { lease_owner: string | null; lease_expired: boolean }>(
      `select id, action, phase, params, total, actor, lease_owner, (lease_until is null or lease_until < $1) as lease_expired
         from bulk_actions where status in ('queued', 'running') order by created_at limit 20 for update skip locked`,
      [at],
    );
    // A lease held by this very holder is a run in progress in this process; any other PGlite lease is a dead process's.
    const free = rows.find(
      (r) => r.lease_owner !== HOLDER && (r.lease_expired || db.kind === 'pglite' || holderIsDead(r.lease_owner)),
    );
    if (!free) return null;
    await tx.query(
      `update bulk_actions set lease_owner = $2, lease_until = $3, status = 'running', started_at = coalesce(started_at, $4) where id = $1`,
      [free.id, HOLDER, leaseUntil(), at],
    );
    return free;
  });
  if (!b) return false;
  try {
    const actor = await actorOf(db, b);
    const ctx = await actionContext(db, b.action, b.params);
    // About 20 steps of progress for a small bulk action; at most 200 (PGlite) or 500 people per transaction.
    const size = opts.batchSize ?? Math.min(db.kind === 'pglite' ? 200 : 500, Math.max(10, Math.ceil(b.total / 20)));
    for (;;) {
      if (signal.aborted) return true;
      const n = b.phase === 'run' ? await runBatch(db, b, actor, ctx, size) : await undoBatch(db, b, actor, size);
      if (n === 0) break;
      await opts.afterBatch?.(b.id);
      // Let queued API requests in between batches (PGlite has a single connection).
      await new Promise((r) => setImmediate(r));
    }
    const at = now();
    await db.query(
      b.phase === 'run'
        ? `update bulk_actions set status = 'done', completed_at = $3, lease_owner = null, lease_until = null where id = $1 and lease_owner = $2`
        : `update bulk_actions set status = 'undone', undone_at = $3, lease_owner = null, lease_until = null where id = $1 and lease_owner = $2`,
      [b.id, HOLDER, at],
    );
  } catch (err) {
    if (!(err instanceof AppError) && (await isShuttingDown(db, signal))) throw err;
    const e = jobFailure(
      err,
      `Bulk action ${b.id}`,
      'The bulk action stopped on an unexpected error after its last batch.',
    );
    await db.query(
      `update bulk_actions set status = 'failed', error = $2, completed_at = $3, lease_owner = null, lease_until = null where id = $1`,
      [b.id, JSON.stringify(e), now()],
    );
  } finally {
    // A stop between batches gives the lease back: the next run (here or elsewhere) continues at once.
    if (signal.aborted)
      await db
        .query(`update bulk_actions set lease_owner = null, lease_until = null where id = $1 and lease_owner = $2`, [
          b.id,
          HOLDER,
        ])
        .catch(() => undefined);
  }
  return true;
}

interface Outcome {
  seq: number;
  state: 'done' | 'skipped' | 'failed';
  reason: BulkReason | null;
  before: Snapshot | null;
  after: Record<string, unknown> | null;
}

/**
 * Claims the next `size` items still pending in a phase (the run reads `state`, the undo `undo_state`) and loads
 * their people, locked; the undo also loads people deleted since, and reads what each item recorded.
 */
async function claimItems(tx: Sql, b: BulkRow, size: number, phase: 'run' | 'undo') {
  const items = await tx.query<{ seq: number; user_id: string; before: Snapshot; after: Snapshot }>(
    `select seq, user_id${phase === 'undo' ? ', before, after' : ''} from bulk_action_items
      where bulk_action_id = $1 and ${phase === 'undo' ? 'undo_state' : 'state'} = 'pending'
      order by seq limit ${Number(size)} for update skip locked`,
    [b.id],
  );
  const users = await loadTargets(
    tx,
    items.map((i) => i.user_id),
    b.params.teamId,
    { lock: true, includeDeleted: phase === 'undo' },
  );
  return { items, users };
}

async function runBatch(db: Db, b: BulkRow, actor: Actor, ctx: ActionContext, size: number): Promise<number> {
  return db.tx(async (tx) => {
    const { items, users } = await claimItems(tx, b, size, 'run');
    if (!items.length) return 0;
    const out: Outcome[] = [];
    const batchCtx = { ...ctx, now: now() };
    for (const item of items) {
      const u = users.get(item.user_id);
      const plan = await classify(tx, actor, batchCtx, u);
      if (!plan.change) {
        out.push({ seq: item.seq, state: 'skipped', reason: plan.reason, before: null, after: null });
        continue;
      }
      try {
        await inSavepoint(tx, 'bulk_item', () => applyAction(tx, actor, b.action, b.params, u!.id));
      } catch (err) {
        const f = failureOf(err);
        if (!f) throw err;
        out.push({ seq: item.seq, state: 'failed', reason: f.reason, before: null, after: { error: f.code } });
        continue;
      }
      const [now_] = (await loadTargets(tx, [u!.id], b.params.teamId, { includeDeleted: true })).values();
      out.push({
        seq: item.seq,
        state: 'done',
        reason: null,
        before: snapshot(u!),
        after: now_ ? { ...snapshot(now_) } : null,
      });
    }
    await tx.query(
      `update bulk_action_items i set state = o.state, reason = o.reason, before = o.before, after = o.after
         from jsonb_to_recordset($2::jsonb) as o(seq int, state text, reason text, before jsonb, after jsonb)
        where i.bulk_action_id = $1 and i.seq = o.seq`,
      [b.id, JSON.stringify(out)],
    );
    const count = (f: (o: Outcome) => boolean) => out.filter(f).length;
    await tx.query(
      `update bulk_actions set done = done + $2, failed = failed + $3, skipped = skipped + $4, out_of_scope = out_of_scope + $5,
         lease_until = $6 where id = $1`,
      [
        b.id,
        count((o) => o.state === 'done'),
        count((o) => o.state === 'failed'),
        count((o) => o.state === 'skipped' && o.reason !== 'out_of_scope'),
        count((o) => o.reason === 'out_of_scope'),
        leaseUntil(),
      ],
    );
    return items.length;
  });
}

async function undoBatch(db: Db, b: BulkRow, actor: Actor, size: number): Promise<number> {
  return db.tx(async (tx) => {
    const { items, users } = await claimItems(tx, b, size, 'undo');
    if (!items.length) return 0;
    const out: { seq: number; undo_state: 'undone' | 'refused'; reason: BulkReason | null }[] = [];
    for (const item of items) {
      let reason: BulkReason | null;
      try {
        reason = await inSavepoint(tx, 'bulk_item', () =>
          undoAction(tx, actor, b.action, b.params, users.get(item.user_id), item.before, item.after),
        );
      } catch (err) {
        const f = failureOf(err);
        if (!f) throw err;
        reason = f.reason;
      }
      out.push({ seq: item.seq, undo_state: reason ? 'refused' : 'undone', reason });
    }
    await tx.query(
      `update bulk_action_items i set undo_state = o.undo_state, reason = o.reason
         from jsonb_to_recordset($2::jsonb) as o(seq int, undo_state text, reason text)
        where i.bulk_action_id = $1 and i.seq = o.seq`,
      [b.id, JSON.stringify(out)],
    );
    const undone = out.filter((o) => o.undo_state === 'undone').length;
    await tx.query(
      `update bulk_actions set undone = undone + $2, undo_refused = undo_refused + $3, lease_until = $4 where id = $1`,
      [b.id, undone, out.length - undone, leaseUntil()],
    );
    return items.length;
  });
}

/** The job acts with the rights its starter has now: someone who lost them (or left) cannot finish it. */
function actorOf(sql: Sql, b: BulkRow): Promise<Actor> {
  return actingAs(sql, b.actor, `bulk_action:${b.id}`, 'started this bulk action');
}

/**
 * The actor a deferred piece of work acts as, with the rights its author has NOW (role and grants read again):
 * the system stays the system (a lifecycle rule's run); a person who can no longer sign in stops the work
 * (forbidden, "The person who <did> can no longer sign in"). Also used by effective-dated changes.
 */
export async function actingAs(
  sql: Sql,
  stored: { type: Actor['type']; userId: string | null; tokenId?: string | null; impersonatorId?: string | null },
  cause: string,
  did: string,
): Promise<Actor> {
  if (stored.type === 'system') return systemActor(cause);
  const [u] = await sql.query<{ role: Role; ok: boolean; grants: Actor['grants'] }>(
    `select u.role, (u.status = 'confirmed' and u.deleted_at is null) as ok,
            ${grantsJsonSql('u')} as grants
       from users u where u.id = $1`,
    [stored.userId],
  );
  if (!u || !u.ok) throw new AppError('forbidden', `The person who ${did} can no longer sign in, so it was stopped.`);
  return {
    type: stored.type,
    userId: stored.userId,
    role: u.role,
    tokenId: stored.tokenId ?? null,
    impersonatorId: stored.impersonatorId ?? null,
    grants: u.grants,
    cause,
  };
}
