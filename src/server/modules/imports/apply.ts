import type { Db, Sql } from '../../db/index';
import { pgErrorCode } from '../../db/index';
import type { Actor } from '../../core/actor';
import { assertCreateWithinLimit } from '../access/policy';
import { takeLock } from '../../db/locks';
import { listFields } from '../customFields/customFields';
import * as groups from '../groups/membership';
import { createTeam } from '../teams/service';
import { revokeMailedLinks } from '../users/service';
import { applyEvents, expiryEvent } from '../people/transitions';
import type { Role } from '../../../common/domain';
import type { ImportOptions } from './columns';
import { keysOf, loadContext, type PlanContext, type Snapshot } from './context';
import { planRow, type Planned, type Write } from './plan';
import { validateRow } from './validate';
import { insertUsers, syncTeams, syncUnique, updateUsers, type Creation } from './write';

interface Todo {
  line: number;
  seq: number;
  changes: Record<string, unknown>;
  data: Record<string, string>;
  action: 'create' | 'update';
  user_id: string | null;
  depth: number;
}

interface Outcome {
  line: number;
  action: string;
  outcome: 'applied' | 'failed';
  errors: { column: string | null; message: string }[];
  changes: Record<string, unknown>;
  userId: string | null;
}

/**
 * Applies the next chunk of staged rows in one transaction and moves the import's commit cursor in
 * the same one: a crash leaves each row either applied (and below the cursor), or untouched. Returns how many rows it
 * handled (0 when nothing is left). A unique value taken meanwhile by someone else rolls the
 * chunk back; it is re-planned (the row then fails with the reason) and applied again.
 */
export async function commitChunk(
  db: Db,
  importId: string,
  actor: Actor,
  opts: ImportOptions,
  size: number,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.tx((tx) => applyChunk(tx, importId, actor, opts, size));
    } catch (err) {
      if (attempt < 3 && (pgErrorCode(err) === '23505' || pgErrorCode(err) === '40P01')) continue;
      throw err;
    }
  }
}

async function applyChunk(tx: Sql, importId: string, actor: Actor, opts: ImportOptions, size: number): Promise<number> {
  // Serialises the chunks of concurrent imports: each re-plans against what the other committed.
  await takeLock(tx, 'import_writes');
  const [{ commit_seq: cursor }] = (await tx.query<{ commit_seq: number }>(
    `select commit_seq from imports where id = $1 for update`,
    [importId],
  )) as [{ commit_seq: number }];
  const fetched = await tx.query<Todo>(
    `select line, seq, data, action, changes, user_id, depth from import_rows
      where import_id = $1 and seq > $2 and action in ('create', 'update') order by seq limit ${Number(size)}`,
    [importId, cursor],
  );
  if (!fetched.length) return 0;
  // One depth per chunk: managers this file creates are committed before anyone reporting to them.
  const todo = fetched.filter((r) => r.depth === fetched[0]!.depth);
  const fields = new Map((await listFields(tx)).map((f) => [f.key, f]));
  const inputs = todo.map((r) => validateRow(r.data, opts, fields));
  const ctx = await loadContext(
    tx,
    actor,
    opts,
    fields,
    keysOf(
      inputs.filter((i) => !i.errors.length).map((i) => i.row),
      fields,
    ),
    true,
  );
  const outcomes: Outcome[] = [];
  const creates: Creation[] = [];
  const updates: { user: Snapshot; plan: Planned & { write: Write } }[] = [];
  const byId = new Map([...ctx.byKey.values()].map((u) => [u.id, u]));
  todo.forEach((r, i) => {
    const { row, errors } = inputs[i]!;
    const plan: Planned = errors.length
      ? { action: 'error', errors, changes: {}, userId: r.user_id }
      : planRow(row, ctx, r.user_id);
    const conflict = conflictReason(r.action, plan);
    if (conflict)
      outcomes.push({
        line: r.line,
        action: 'error',
        outcome: 'failed',
        errors: conflict,
        changes: {},
        userId: r.action === 'update' ? r.user_id : null,
      });
    else if (plan.action === 'unchanged')
      outcomes.push({
        line: r.line,
        action: 'unchanged',
        outcome: 'applied',
        errors: [],
        changes: {},
        userId: plan.userId,
      });
    else {
      outcomes.push({
        line: r.line,
        action: plan.action,
        outcome: 'applied',
        errors: [],
        changes: plan.changes,
        userId: plan.userId,
      });
      const p = plan as Planned & { write: Write };
      if (plan.action === 'create') creates.push({ id: r.user_id!, plan: p });
      else updates.push({ user: byId.get(plan.userId!)!, plan: p });
    }
  });
  await applyStatusActions(tx, actor, updates, outcomes);
  const failed = new Set(outcomes.filter((o) => o.outcome === 'failed').map((o) => o.userId));
  const applied = updates.filter((u) => !failed.has(u.user.id));
  await createMissingTeams(tx, actor, ctx, [...creates.map((c) => c.plan.write), ...applied.map((u) => u.plan.write)]);
  await insertUsers(tx, actor, opts, creates);
  const written = await updateUsers(
    tx,
    actor,
    applied.map((u) => ({ user: u.user, write: u.plan.write })),
  );
  const newAddresses = applied.filter((u) => 'email_normalized' in u.plan.write.cols).map((u) => u.user.id);
  if (newAddresses.length) await revokeMailedLinks(tx, newAddresses);
  const all = [
    ...creates.map((c) => ({ id: c.id, w: c.plan.write })),
    ...applied.map((u) => ({ id: u.user.id, w: u.plan.write })),
  ];
  const uniques = all.flatMap(({ id, w }) => w.unique.map((u) => ({ userId: id, ...u })));
  await syncUnique(tx, uniques, new Set(applied.map((u) => u.user.id)));
  await syncTeams(
    tx,
    actor,
    all.flatMap(({ id, w }) => w.teamsAdd.map((teamId) => ({ teamId, userId: id }))),
    all.flatMap(({ id, w }) => w.teamsRemove.map((teamId) => ({ teamId, userId: id }))),
  );
  // A new end date expires (or a cleared one restores) the people it concerns now, not when the sweep runs.
  const at = new Date();
  await applyEvents(
    tx,
    actor,
    written.flatMap((user, k) => {
      const event = 'expires_at' in applied[k]!.plan.write.cols ? expiryEvent(user, at) : null;
      return event ? [{ user, event }] : [];
    }),
  );
  const movedManagers = applied.filter((u) => u.plan.write.managerId !== undefined).map((u) => u.user.id);
  const below = movedManagers.length ? await groups.reportsOf(tx, movedManagers) : [];
  await groups.refreshFor(tx, [...all.map((a) => a.id), ...below], 'import');
  // As POST /users: once written, a person made through a limited invite grant must be inside its limit (the plan
  // checked their teams; should the policy disagree, the chunk rolls back and the import fails, never half-applied).
  for (const c of creates)
    await assertCreateWithinLimit(tx, actor, { id: c.id, role: (c.plan.write.cols.role as Role) ?? 'learner' });
  // Only rows whose commit differs from their preview are rewritten; the cursor covers the rest.
  const previewed = new Map(todo.map((r) => [r.line, r]));
  await markRows(
    tx,
    importId,
    outcomes.filter((o) => {
      const r = previewed.get(o.line)!;
      return o.outcome === 'failed' || o.action !== r.action || !sameChanges(o.changes, r.changes);
    }),
  );
  await tx.query(`update imports set progress_done = progress_done + $2, commit_seq = $3 where id = $1`, [
    importId,
    todo.length,
    todo[todo.length - 1]!.seq,
  ]);
  return todo.length;
}

/**
 * The diff a commit computed equals the staged one. The staged diff went through jsonb, which reorders
 * keys, so fields are compared one by one (their values are scalars or arrays: JSON text compares them).
 */
function sameChanges(computed: Record<string, unknown>, staged: Record<string, unknown>): boolean {
  const fields = Object.keys(computed);
  return (
    fields.length === Object.keys(staged).length &&
    fields.every((f) => f in staged && JSON.stringify(computed[f]) === JSON.stringify(staged[f]))
  );
}

/** The row was previewed as `previewed`; what it would do now must be the same kind of change. */
function conflictReason(previewed: 'create' | 'update', plan: Planned): Planned['errors'] | null {
  if (plan.action === 'error')
    return plan.errors.map((e) => ({ ...e, message: `Changed since the preview: ${e.message}` }));
  if (previewed === 'create' && plan.action !== 'create')
    return [
      {
        column: 'email',
        message:
          'Someone with this email was created after the preview (by another import or an edit); this row was not applied. Preview the file again to update them.',
      },
    ];
  if (previewed === 'update' && plan.action === 'create')
    return [
      {
        column: null,
        message:
          'The person this row matched at preview no longer exists or no longer matches; this row was not applied.',
      },
    ];
  if (plan.action === 'skip') return plan.errors;
  return null;
}

/**
 * deactivate / reactivate through the lifecycle, set-based (people/transitions.ts applyEvents: sessions end,
 * links are revoked…); a refusal fails only that row. The people changed replace their snapshots, so the
 * profile update that follows compares with what they are now.
 */
async function applyStatusActions(
  tx: Sql,
  actor: Actor,
  updates: { user: Snapshot; plan: Planned & { write: Write } }[],
  outcomes: Outcome[],
) {
  const items = updates.flatMap((u) => (u.plan.write.status ? [{ user: u.user, event: u.plan.write.status }] : []));
  if (!items.length) return;
  const { applied, refused } = await applyEvents(tx, actor, items, { partial: true });
  const now = new Map(applied.map((r) => [r.id, r]));
  for (const u of updates) if (now.has(u.user.id)) u.user = { ...u.user, ...now.get(u.user.id)! };
  for (const { user, error } of refused) {
    const o = outcomes.find((x) => x.userId === user.id)!;
    Object.assign(o, {
      action: 'error',
      outcome: 'failed',
      errors: [{ column: 'status', message: error.message }],
      changes: {},
    });
  }
}

/** Teams named by rows that do not exist yet, created (audited) with their missing parents. */
async function createMissingTeams(tx: Sql, actor: Actor, ctx: PlanContext, writes: Write[]) {
  for (const w of writes) {
    for (const written of w.teamsCreate) {
      const parts = written.split('/');
      let parentId: string | null = null;
      for (let i = 0; i < parts.length; i++) {
        const lower = parts
          .slice(0, i + 1)
          .join('/')
          .toLowerCase();
        let id = ctx.teamsByPath.get(lower);
        if (!id) {
          id = (await createTeam(tx, actor, { name: parts[i]!, parentId })).id;
          ctx.teamsByPath.set(lower, id);
        }
        parentId = id;
      }
      if (!w.teamsAdd.includes(parentId!)) w.teamsAdd.push(parentId!);
    }
    w.teamsCreate = [];
  }
}

async function markRows(tx: Sql, importId: string, outcomes: Outcome[]) {
  if (!outcomes.length) return;
  await tx.query(
    `update import_rows r set action = v.action, outcome = v.outcome, errors = v.errors::jsonb, changes = v.changes::jsonb, user_id = v.user_id
       from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as v(line, action, outcome, errors, changes, user_id)
      where r.import_id = $1 and r.line = v.line`,
    [
      importId,
      outcomes.map((o) => o.line),
      outcomes.map((o) => o.action),
      outcomes.map((o) => o.outcome),
      outcomes.map((o) => JSON.stringify(o.errors)),
      outcomes.map((o) => JSON.stringify(o.changes)),
      outcomes.map((o) => o.userId),
    ],
  );
}
