import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, invalid } from '../../core/errors';
import * as audit from '../audit/audit';
import { assertCanActOn, canSee } from '../access/policy';
import { findUser, namedPerson, type UserRow } from '../people/repo';
import { handOverTeam, teamsManagedBy } from '../teams/handOver';
import type { HandOverPlan, HandOverPreview } from '../../../common/contract/handOver';
import { applyChanges, assertValidManager, hrManagedRefusals } from './service';

/**
 * Leaver and mover hand-over (docs/decisions/025-hand-over-and-gdpr.md): before someone who manages people
 * is deactivated or deleted, their direct reports get a new manager and their teams a new manager — their
 * own manager unless the caller picks someone else. The preview runs the same checks as the change, so what
 * it shows as possible is what the change does, in the caller's transaction with the deactivation or deletion.
 */

const INACTIVE = new Set(['deactivated', 'anonymised']);

async function directReports(sql: Sql, userId: string): Promise<UserRow[]> {
  return sql.query<UserRow>(
    `select * from users where manager_id = $1 and deleted_at is null order by sort_name, id for update`,
    [userId],
  );
}

/** The successor proposed when the caller names none: the leaver's own manager, while they can take people on. */
async function defaultSuccessor(sql: Sql, actor: Actor, leaver: UserRow): Promise<UserRow | null> {
  if (!leaver.manager_id) return null;
  const manager = await findUser(sql, leaver.manager_id);
  return manager && !INACTIVE.has(manager.status) && (await canSee(sql, actor, manager)) ? manager : null;
}

/** The named successor: someone the caller sees, still active, and not the leaver. */
async function namedSuccessor(sql: Sql, actor: Actor, leaver: UserRow, id: string): Promise<UserRow> {
  const to = await findUser(sql, id);
  if (!to || !(await canSee(sql, actor, to)))
    throw invalid('The person to hand over to does not exist.', [{ field: 'handOver.to', message: 'Unknown user.' }]);
  if (to.id === leaver.id || INACTIVE.has(to.status))
    throw invalid('Hand over to someone who stays active.', [{ field: 'handOver.to', message: 'Not active.' }]);
  return to;
}

const OUT_OF_SCOPE = 'Outside what you may change.';

/**
 * Why this report cannot move to `to` (null: it can), and whether the caller may even see them: the same checks
 * as changing their manager by hand.
 */
async function reportRefusal(
  tx: Sql,
  actor: Actor,
  report: UserRow,
  to: string | null,
): Promise<{ refusal: string | null; visible: boolean }> {
  try {
    await assertCanActOn(tx, actor, report, 'people.edit');
    if (to) await assertValidManager(tx, actor, report.id, to);
    const hr = hrManagedRefusals(actor, report, { manager_id: to });
    return { refusal: hr.length ? 'Their manager is managed by HR (SCIM): change it there.' : null, visible: true };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return err.code === 'not_found'
      ? { refusal: OUT_OF_SCOPE, visible: false }
      : { refusal: err.message, visible: true };
  }
}

const hidden = { firstName: '', lastName: '', email: null };

/** What a hand-over from `leaver` to `to` (default: their manager) would move, and what stands in the way. */
export async function previewHandOver(
  tx: Sql,
  actor: Actor,
  leaver: UserRow,
  plan?: HandOverPlan,
): Promise<HandOverPreview> {
  const proposed = await defaultSuccessor(tx, actor, leaver);
  const to = plan === undefined ? proposed : plan.to === null ? null : await namedSuccessor(tx, actor, leaver, plan.to);
  const reports = await directReports(tx, leaver.id);
  const [notes] = await tx.query<{ n: number }>(
    `select count(*)::int as n from notes where author_id = $1 and user_id = any($2::text[])`,
    [leaver.id, reports.map((r) => r.id)],
  );
  const teams = await teamsManagedBy(tx, leaver.id);
  const movable = [];
  for (const r of reports) {
    const { refusal, visible } = await reportRefusal(tx, actor, r, to?.id ?? null);
    // Someone the caller does not see is counted, never named.
    movable.push(visible ? { ...namedPerson(r), refusal } : { id: null, ...hidden, refusal });
  }
  return {
    userId: leaver.id,
    proposedTo: proposed ? namedPerson(proposed) : null,
    to: to ? namedPerson(to) : null,
    reports: movable,
    teams,
    notesAboutReports: notes!.n,
  };
}

/**
 * Applies the hand-over in the caller's transaction: refused as a whole (409 hand_over_refused, with the
 * reasons) when any report cannot move, so nothing is half done. Each change is audited and published by the
 * path it reuses (a manager change, a team-manager change), with one `user.handed_over` entry summing it up.
 */
export async function applyHandOver(tx: Sql, actor: Actor, leaver: UserRow, plan: HandOverPlan): Promise<void> {
  const preview = await previewHandOver(tx, actor, leaver, plan);
  const refused = preview.reports.filter((r) => r.refusal);
  if (refused.length)
    throw new AppError(
      'conflict',
      `${refused.length} of their reports cannot be handed over: ${[...new Set(refused.map((r) => r.refusal))].join(' ')}`,
      refused.map((r) => ({ userId: r.id, message: r.refusal })),
    );
  const to = preview.to?.id ?? null;
  for (const report of await directReports(tx, leaver.id)) await applyChanges(tx, actor, report, { manager_id: to });
  for (const team of preview.teams) await handOverTeam(tx, actor, team.id, leaver.id, to);
  await audit.record(tx, actor, {
    action: 'user.handed_over',
    targetType: 'user',
    targetId: leaver.id,
    after: { to, reports: preview.reports.length, teams: preview.teams.length },
  });
}
