// Over 300 lines: one bulk action's life (start, dry run, read, undo request) shares the target resolution and
// batching below; the per-person decision is in classify.ts, the writes in apply.ts and the job in runner.ts.
import { randomUUID } from 'node:crypto';
import type { Db, Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { now } from '../../core/clock';
import { AppError, forbidden, invalid, notFound } from '../../core/errors';
import {
  DESTRUCTIVE_BULK_ACTIONS,
  IRREVERSIBLE_BULK_ACTIONS,
  UNDO_DAYS,
  type BulkActionDto,
  type BulkImpact,
  type BulkJobAction,
  type BulkParams,
  type CreateBulkAction,
} from '../../../common/contract/bulkActions';
import * as audit from '../audit/audit';
import { abilitiesOf, can, canSee } from '../access/policy';
import { previewGroupMoves, type GroupMoves, type SubjectPatch } from '../groups/preview';
import { INACTIVE_STATUSES } from '../groups/rules';
import { findUser } from '../people/repo';
import { assertCanManageTeam } from '../access/teams';
import { findTeam } from '../teams/repo';
import { classify, STARTING_ABILITY, type Snapshot, type Target } from './classify';
import { kickBulkActions } from './runner';
import { actionContext, loadTargets, parseFilter, targetSql } from './targets';

const BATCH = 1000;
const DAY_MS = 24 * 3600 * 1000;

type Resolved = { ids: string[] } | { filter: ReturnType<typeof parseFilter> };

/**
 * `POST /bulk-actions`: checks the action and its parameters, then either answers the dry run (what would
 * change, who would be skipped and why, groups joined and left, seats) or records the bulk action with one
 * item per person the target names now, and starts the job.
 */
export async function startBulkAction(
  db: Db,
  actor: Actor,
  body: CreateBulkAction,
): Promise<{ dryRun: BulkImpact } | { id: string }> {
  const params = await checkParams(db, actor, body.action, body.params ?? {});
  const target: Resolved = body.ids ? { ids: [...new Set(body.ids)] } : { filter: parseFilter(body.filter!) };
  if (body.dryRun) return { dryRun: await dryRun(db, actor, body.action, params, target) };
  const { confirm, ...stored } = params;
  if (DESTRUCTIVE_BULK_ACTIONS.includes(body.action)) {
    const matched = await countMatched(db, actor, target);
    if (String(confirm ?? '').trim() !== String(matched))
      throw invalid(`Type the number of people matched (${matched}) to confirm.`, [
        { field: 'params.confirm', message: `Must be ${matched}.` },
      ]);
  }
  const id = randomUUID();
  await db.tx(async (tx) => {
    const { where, params: p } = await targetSql(tx, actor, target);
    await recordBulkAction(tx, actor, {
      id,
      action: body.action,
      params: stored,
      target: 'ids' in target ? { ids: target.ids.length } : { filter: body.filter },
      createdBy: actor.userId,
      people:
        'ids' in target
          ? { sql: `select t.id, t.ord from unnest($1::text[]) with ordinality as t(id, ord)`, params: [target.ids] }
          : { sql: `select u.id, row_number() over (order by u.id) as ord from users u where ${where}`, params: p },
    });
  });
  kickBulkActions(db);
  return { id };
}

/**
 * Records a bulk action and one item per person `people` selects,
 * with its audit entry, in the caller's transaction (`people` returns `id` and its item number `ord`); the caller starts the job after commit. A lifecycle rule's
 * run is one of these with the system as its actor (docs/decisions/024-lifecycle-rules.md).
 */
export async function recordBulkAction(
  tx: Sql,
  actor: Actor,
  b: {
    id: string;
    action: BulkJobAction;
    params: BulkParams;
    target: Record<string, unknown>;
    createdBy: string | null;
    people: { sql: string; params: unknown[] };
  },
): Promise<number> {
  const { id, people } = b;
  await tx.query(
    `insert into bulk_actions (id, action, status, params, target, actor, created_by, created_at)
     values ($1, $2, 'queued', $3, $4, $5, $6, $7)`,
    [
      id,
      b.action,
      JSON.stringify(b.params),
      JSON.stringify(b.target),
      JSON.stringify({
        type: actor.type,
        userId: actor.userId,
        tokenId: actor.tokenId ?? null,
        impersonatorId: actor.impersonatorId ?? null,
      }),
      b.createdBy,
      now(),
    ],
  );
  const n = people.params.length;
  const rows = await tx.query(
    `insert into bulk_action_items (bulk_action_id, seq, user_id)
     select $${n + 1}, p.ord, p.id from (${people.sql}) p returning 1`,
    [...people.params, id],
  );
  await tx.query(`update bulk_actions set total = $2 where id = $1`, [id, rows.length]);
  await audit.record(tx, actor, {
    action: 'bulk_action.started',
    targetType: 'bulk_action',
    targetId: id,
    after: { action: b.action, total: rows.length, params: b.params, by: Object.keys(b.target)[0] },
  });
  return rows.length;
}

/** The action may be started by this caller at all, with complete parameters (each person is checked later). */
export async function checkParams(
  sql: Sql,
  actor: Actor,
  action: BulkJobAction,
  params: BulkParams,
): Promise<BulkParams> {
  const need = (field: keyof BulkParams, ok: boolean) => {
    if (!ok) throw invalid(`params.${field} is required for ${action}.`, [{ field: `params.${field}` }]);
  };
  if (action === 'add_to_team' || action === 'remove_from_team') {
    need('teamId', !!params.teamId);
    await findTeam(sql, params.teamId!);
    await assertCanManageTeam(sql, actor, params.teamId!);
  } else if (!abilitiesOf(actor).includes(STARTING_ABILITY[action]))
    throw forbidden('You are not allowed to do this to anyone.');
  if (action === 'set_expiry') need('expiresAt', !!params.expiresAt);
  if (action === 'set_role') need('role', !!params.role);
  if (action === 'set_manager') {
    need('managerId', params.managerId !== undefined);
    if (params.managerId) {
      const m = await findUser(sql, params.managerId);
      if (!m || !(await canSee(sql, actor, m)))
        throw invalid('The manager does not exist.', [{ field: 'params.managerId', message: 'Unknown user.' }]);
    }
  }
  return params;
}

async function countMatched(sql: Sql, actor: Actor, target: Resolved): Promise<number> {
  if ('ids' in target) return target.ids.length;
  const { where, params } = await targetSql(sql, actor, target);
  const [{ n }] = (await sql.query<{ n: number }>(`select count(*)::int as n from users u where ${where}`, params)) as [
    { n: number },
  ];
  return n;
}

/** Batches of the people a target names, each person (or undefined: unknown id) with its id. */
async function* batchesOf(
  sql: Sql,
  actor: Actor,
  target: Resolved,
  teamId: string | undefined,
): AsyncGenerator<[string, Target | undefined][]> {
  if ('ids' in target) {
    for (let i = 0; i < target.ids.length; i += BATCH) {
      const chunk = target.ids.slice(i, i + BATCH);
      const users = await loadTargets(sql, chunk, teamId);
      yield chunk.map((id) => [id, users.get(id)]);
    }
    return;
  }
  const { where, params } = await targetSql(sql, actor, target);
  let after = '';
  for (;;) {
    const n = params.length;
    const rows = await sql.query<{ id: string }>(
      `select u.id from users u where ${where} and u.id > $${n + 1} order by u.id limit ${BATCH}`,
      [...params, after],
    );
    if (!rows.length) return;
    const users = await loadTargets(
      sql,
      rows.map((r) => r.id),
      teamId,
    );
    yield rows.map((r) => [r.id, users.get(r.id)]);
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

const holdsSeat = (s: Pick<Snapshot, 'status' | 'deleted'>) =>
  !s.deleted && !(INACTIVE_STATUSES as readonly string[]).includes(s.status);

/** The dry run: classify() on every person the target names, exactly as the job will on each locked row. */
export async function dryRun(
  sql: Sql,
  actor: Actor,
  action: BulkJobAction,
  params: BulkParams,
  target: Resolved,
): Promise<BulkImpact> {
  const ctx = await actionContext(sql, action, params);
  let matched = 0;
  let change = 0;
  let outOfScope = 0;
  let seatChange = 0;
  const skipped: Record<string, number> = {};
  const moves: GroupMoves = new Map();
  for await (const batch of batchesOf(sql, actor, target, params.teamId)) {
    const patches: SubjectPatch[] = [];
    for (const [, u] of batch) {
      matched++;
      const plan = await classify(sql, actor, ctx, u);
      if (!plan.change) {
        if (plan.reason === 'out_of_scope') outOfScope++;
        else skipped[plan.reason] = (skipped[plan.reason] ?? 0) + 1;
        continue;
      }
      change++;
      const before = { status: u!.status, deleted: false };
      seatChange += Number(holdsSeat(plan.after)) - Number(holdsSeat(before));
      const a = plan.after;
      patches.push({
        id: u!.id,
        status: a.status,
        role: a.role,
        deleted: a.deleted,
        ...(a.managerId !== u!.manager_id ? { managerId: a.managerId } : {}),
        ...(action === 'add_to_team' ? { addTeam: params.teamId } : {}),
        ...(action === 'remove_from_team' ? { removeTeam: params.teamId } : {}),
      });
    }
    await previewGroupMoves(sql, patches, moves);
  }
  const names = moves.size
    ? await sql.query<{ id: string; name: string }>(`select id, name from groups where id = any($1::text[])`, [
        [...moves.keys()],
      ])
    : [];
  let seatsBefore: number | null = null;
  if (can(actor, 'people.view')) {
    const [{ n }] = (await sql.query<{ n: number }>(
      `select count(*)::int as n from users where deleted_at is null and status <> all($1::text[])`,
      [INACTIVE_STATUSES],
    )) as [{ n: number }];
    seatsBefore = n;
  }
  return {
    action,
    matched,
    change,
    skipped,
    outOfScope,
    groups: names
      .map((g) => ({ id: g.id, name: g.name, ...moves.get(g.id)! }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    seats: { before: seatsBefore, after: seatsBefore === null ? null : seatsBefore + seatChange, change: seatChange },
    confirm: DESTRUCTIVE_BULK_ACTIONS.includes(action) ? String(matched) : null,
    undoable: !IRREVERSIBLE_BULK_ACTIONS.includes(action),
  };
}

interface BulkDbRow {
  id: string;
  action: BulkJobAction;
  status: BulkActionDto['status'];
  phase: 'run' | 'undo';
  params: Record<string, unknown>;
  created_by: string | null;
  actor: { type: Actor['type'] };
  total: number;
  done: number;
  failed: number;
  skipped: number;
  out_of_scope: number;
  undone: number;
  undo_refused: number;
  error: { code: string; message: string } | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

/**
 * The bulk action if this caller may follow it: its starter, or an Owner; one the system started (a lifecycle
 * rule's run) also whoever manages the rules (settings.manage). Anyone else: 404.
 */
export async function findBulkAction(sql: Sql, actor: Actor, id: string, forUpdate = false): Promise<BulkDbRow> {
  const [row] = await sql.query<BulkDbRow>(
    `select * from bulk_actions where id = $1 ${forUpdate ? 'for update' : ''}`,
    [id],
  );
  const bySystem = row?.actor.type === 'system' && can(actor, 'settings.manage');
  if (!row || !(row.created_by === actor.userId || actor.role === 'owner' || bySystem)) throw notFound('Bulk action');
  return row;
}

export async function getBulkAction(sql: Sql, actor: Actor, id: string): Promise<BulkActionDto> {
  const row = await findBulkAction(sql, actor, id);
  const reasons = await sql.query<{ reason: string; n: number }>(
    `select reason, count(*)::int as n from bulk_action_items
      where bulk_action_id = $1 and state = 'skipped' and reason <> 'out_of_scope' group by reason`,
    [id],
  );
  return toDto(row, Object.fromEntries(reasons.map((r) => [r.reason, r.n])));
}

function toDto(r: BulkDbRow, skippedByReason: Record<string, number>): BulkActionDto {
  const undoUntil =
    (r.status === 'done' || (r.status === 'failed' && r.done > 0)) &&
    r.phase === 'run' &&
    r.completed_at &&
    !IRREVERSIBLE_BULK_ACTIONS.includes(r.action)
      ? new Date(r.completed_at.getTime() + UNDO_DAYS * DAY_MS)
      : null;
  return {
    id: r.id,
    action: r.action,
    status: r.status,
    phase: r.phase,
    total: r.total,
    done: r.done,
    failed: r.failed,
    skipped: r.skipped,
    outOfScope: r.out_of_scope,
    processed: r.done + r.failed + r.skipped + r.out_of_scope,
    undone: r.undone,
    undoRefused: r.undo_refused,
    skippedByReason,
    params: r.params,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    completedAt: r.completed_at?.toISOString() ?? null,
    undoUntil: undoUntil && undoUntil > now() ? undoUntil.toISOString() : null,
    error: r.error,
  };
}

/** `POST /bulk-actions/{id}/undo`: within 7 days of a finished run; the job then puts each person back, or says why not. */
export async function requestUndo(db: Db, actor: Actor, id: string): Promise<BulkActionDto> {
  await db.tx(async (tx) => {
    const row = await findBulkAction(tx, actor, id, true);
    if (IRREVERSIBLE_BULK_ACTIONS.includes(row.action))
      throw new AppError('conflict', 'Anonymisation cannot be undone: the personal data is gone.');
    if (row.phase === 'undo') throw new AppError('conflict', 'This bulk action has already been undone.');
    // A run that stopped on an error is undone for the people it had changed.
    if (row.status !== 'done' && row.status !== 'failed')
      throw new AppError('conflict', 'Only a finished bulk action can be undone.');
    if (row.completed_at!.getTime() + UNDO_DAYS * DAY_MS < now().getTime())
      throw new AppError('conflict', `A bulk action can be undone for ${UNDO_DAYS} days; this one is older.`);
    await tx.query(`update bulk_action_items set undo_state = 'pending' where bulk_action_id = $1 and state = 'done'`, [
      id,
    ]);
    await tx.query(
      `update bulk_actions set phase = 'undo', status = 'queued', undo_requested_at = $2, lease_owner = null, lease_until = null where id = $1`,
      [id, now()],
    );
    await audit.record(tx, actor, { action: 'bulk_action.undo_requested', targetType: 'bulk_action', targetId: id });
  });
  kickBulkActions(db);
  return getBulkAction(db, actor, id);
}
