import type { Sql } from '../../db/index';
import { isMember } from './evaluate';
import { loadSubjects } from './membership';
import { cachedRuleSet, lastRuleSet, loadRuleSet } from './ruleSet';

/** A change a person would undergo (a bulk action's dry run): only the fields group rules read. */
export interface SubjectPatch {
  id: string;
  status?: string;
  role?: string;
  /** The new manager (null: none). */
  managerId?: string | null;
  addTeam?: string;
  removeTeam?: string;
  deleted?: boolean;
}

export type GroupMoves = Map<string, { joining: number; leaving: number }>;

/**
 * Which groups these people would join or leave if the patches applied, evaluated in memory with the same
 * rules refreshFor applies (evaluate.ts), without writing anything. Adds to `into` (called batch by batch).
 * The people below a person given a new manager are not re-evaluated here (their reports_to rules may move too).
 */
export async function previewGroupMoves(sql: Sql, patches: readonly SubjectPatch[], into: GroupMoves): Promise<void> {
  if (!patches.length) return;
  const last = lastRuleSet();
  const set = last && last.defined === 0 ? last : await currentRuleSet(sql);
  if (!set.groups.length) return;
  const extraTeams = [...new Set(patches.flatMap((p) => (p.addTeam ? [p.addTeam] : [])))];
  const loaded = await loadSubjects(
    sql,
    patches.map((p) => p.id),
    [...new Set([...set.teamIds, ...extraTeams])],
  );
  const teamPaths = new Map([
    ...Object.entries(loaded.roots),
    ...loaded.subjects.flatMap((s) => Object.entries(s.teams)),
  ]);
  const ctx = { teamPaths, customFields: set.customFields, today: loaded.today };
  const byId = new Map(patches.map((p) => [p.id, p]));
  const managers = [...new Set(patches.flatMap((p) => (p.managerId ? [p.managerId] : [])))];
  const above = new Map<string, string[]>();
  if (managers.length) {
    const rows = await sql.query<{ id: string; ancestors: string[] }>(
      `select m.id, array(with recursive up(id, depth) as (
                 select m.manager_id, 1
                 union all select r.manager_id, a.depth + 1 from users r join up a on r.id = a.id where a.depth < 1000)
               select id from up where id is not null) as ancestors
         from users m where m.id = any($1::text[])`,
      [managers],
    );
    for (const r of rows) above.set(r.id, [r.id, ...r.ancestors]);
  }
  for (const s of loaded.subjects) {
    const p = byId.get(s.id)!;
    const teams = { ...s.teams };
    if (p.addTeam && loaded.roots[p.addTeam]) teams[p.addTeam] = loaded.roots[p.addTeam]!;
    if (p.removeTeam) delete teams[p.removeTeam];
    const after = {
      ...s,
      status: p.status ?? s.status,
      role: p.role ?? s.role,
      managerId: p.managerId !== undefined ? p.managerId : s.managerId,
      ancestors: p.managerId !== undefined ? (p.managerId ? (above.get(p.managerId) ?? []) : []) : s.ancestors,
      deleted: p.deleted ?? s.deleted,
      teamIds: Object.keys(teams),
    };
    for (const [id, path] of Object.entries(teams)) teamPaths.set(id, path);
    for (const g of set.groups) {
      const was = isMember(g.rule, s, ctx);
      const will = isMember(g.rule, after, ctx);
      if (was === will) continue;
      const m = into.get(g.id) ?? { joining: 0, leaving: 0 };
      if (will) m.joining++;
      else m.leaving++;
      into.set(g.id, m);
    }
  }
}

async function currentRuleSet(sql: Sql) {
  const [stamp] = await sql.query<{ version: string }>(`select version from groups_version`);
  return (stamp && cachedRuleSet(stamp.version)) ?? (await loadRuleSet(sql));
}
