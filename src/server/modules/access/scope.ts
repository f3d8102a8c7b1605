import { escapeLike, type Sql } from '../../db/index';
import { ABILITIES, type Ability, type AccessReason } from '../../../common/contract/access';
import type { Actor } from '../../core/actor';
import { cachedSettings } from '../settings/settings';
import { isBelow, lineOf, selfAndBelowSql } from '../people/hierarchy';
import { can, MANAGER_ABILITIES, ROLE_ABILITIES } from './roles';

/**
 * Who sees whom, and why (docs/decisions/004-access-policy.md). One rule, three outputs:
 * - `relationTo`: one actor and one person — the reasons (role, grant and its team, reporting line, team
 *   management) and the abilities they add up to. Decisions, the UI's per-person actions and the access
 *   explainer all read it.
 * - `visibleUsersSql`: the same visibility as an SQL condition on alias `u` (lists, search, counts, exports).
 * - `visibleAmong`: the same condition over a set of ids, for bulk actions (one statement).
 */

/** Organisation-wide grants of people.view and the role: the actor sees everyone. */
function seesEveryone(actor: Actor): boolean {
  return can(actor, 'people.view');
}

/** Paths of the teams the actor holds a team-limited grant on (their sub-teams are covered too). */
async function grantedTeamPaths(sql: Sql, actor: Actor): Promise<string[]> {
  if (actor.scope) return actor.scope.teamPaths; // loaded with the session (http/auth.ts)
  const teamIds = [...new Set((actor.grants ?? []).filter((g) => g.teamId).map((g) => g.teamId!))];
  if (!teamIds.length) return [];
  const rows = await sql.query<{ path: string }>(`select path from teams where id = any($1::text[])`, [teamIds]);
  return rows.map((r) => r.path);
}

/** Ids of the dynamic groups the actor holds a group-limited grant on (their grants come with the session). */
function grantedGroupIds(actor: Actor): string[] {
  return [...new Set((actor.grants ?? []).filter((g) => g.groupId).map((g) => g.groupId!))];
}

/**
 * SQL condition on alias `u` for the users the actor can see: everyone with people.view; otherwise
 * themselves, everyone below them in the reporting line, the members of teams (with sub-teams) they
 * hold a team-limited grant on and the members of groups they hold a group-limited grant on.
 * `param` binds a value and returns its placeholder.
 */
export async function visibleUsersSql(sql: Sql, actor: Actor, param: (value: unknown) => string): Promise<string> {
  if (actor.type === 'system' || seesEveryone(actor)) return 'true';
  if (!actor.userId) return 'false';
  // The caller's line is loaded with the session (http/auth.ts); jobs and the explainer read it.
  const line = actor.scope ? actor.scope.linePath : await lineOf(sql, actor.userId);
  const parts = [line === null ? `u.id = ${param(actor.userId)}` : selfAndBelowSql(line, param)];
  const teamPaths = await grantedTeamPaths(sql, actor);
  if (teamPaths.length)
    parts.push(
      `u.id in (select tm.user_id from team_members tm join teams t on t.id = tm.team_id where t.path like any(${param(teamPaths.map((p) => escapeLike(p) + '%'))}::text[]))`,
    );
  const groupIds = grantedGroupIds(actor);
  if (groupIds.length)
    parts.push(`u.id in (select gm.user_id from group_members gm where gm.group_id = any(${param(groupIds)}::text[]))`);
  return `(${parts.join(' or ')})`;
}

/**
 * THE set-based visibility check for bulk actions: which of `ids` the actor can see (one statement, same
 * rule as visibleUsersSql and relationTo). Deleted people are not visible here; callers that restore them
 * check people.delete instead. Ids that do not exist are simply absent from the result.
 */
export async function visibleAmong(sql: Sql, actor: Actor, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const params: unknown[] = [[...new Set(ids)]];
  const cond = await visibleUsersSql(sql, actor, (v) => {
    params.push(v);
    return `$${params.length}`;
  });
  const rows = await sql.query<{ id: string }>(
    `select u.id from users u where u.id = any($1::text[]) and u.deleted_at is null and ${cond}`,
    params,
  );
  return new Set(rows.map((r) => r.id));
}

export interface Relation {
  visible: boolean;
  self: boolean;
  /** The target is a direct or indirect report of the actor. */
  report: boolean;
  /** Every ability the actor has on this target. */
  abilities: Set<Ability>;
  /** Why: every rule that gives the actor something on this target (the access explainer shows them). */
  reasons: AccessReason[];
}

/**
 * How the actor stands towards one user: the reasons, and the abilities they add up to. `known.managerPath`: the
 * target's stored manager_path, read in this request with the row (GET /users/{id}), answers "reports to the
 * actor" without a query (docs/decisions/019-fast-path.md). `explain`: also list team management, which gives
 * no ability on the person and so is looked up only for the access explainer.
 */
export async function relationTo(
  sql: Sql,
  actor: Actor,
  target: { id: string },
  known: { managerPath?: string; explain?: boolean } = {},
): Promise<Relation> {
  const self = actor.userId === target.id;
  const reasons: AccessReason[] = [];
  if (self) reasons.push({ kind: 'self', abilities: ['people.view'] });
  if (actor.type === 'system') reasons.push({ kind: 'system', abilities: [...ABILITIES] });
  if (actor.role !== null) {
    const fromRole = ABILITIES.filter((a) => ROLE_ABILITIES[actor.role!].has(a));
    if (fromRole.length) reasons.push({ kind: 'role', role: actor.role, abilities: fromRole });
  }
  const unlimited = new Set<string>();
  for (const g of actor.grants ?? [])
    if (
      !g.teamId &&
      !g.groupId &&
      !unlimited.has(g.permission) &&
      unlimited.add(g.permission) &&
      (ABILITIES as readonly string[]).includes(g.permission)
    )
      reasons.push({
        kind: 'grant',
        permission: g.permission as Ability,
        teamId: null,
        teamName: null,
        viaTeam: null,
        abilities: [g.permission as Ability],
      });
  let report = false;
  if (actor.userId && !self) {
    report =
      typeof known.managerPath === 'string'
        ? known.managerPath.includes(`/${actor.userId}/`)
        : await isBelow(sql, target.id, actor.userId);
    if (report) {
      const abilities = [...MANAGER_ABILITIES];
      const managersMayEdit = (await cachedSettings(sql)).managersMayEditReports;
      if (managersMayEdit) abilities.push('people.edit');
      reasons.push({ kind: 'reporting_line', abilities, managersMayEdit });
    }
    // Limited grants (own or from a profile) apply to members of the team and of its sub-teams, or of the
    // dynamic group; holding one shows the person.
    if ((actor.grants ?? []).some((g) => g.teamId || g.groupId)) {
      const granted = await sql.query<{
        permission: Ability;
        team_id: string | null;
        team_name: string | null;
        via: string | null;
        group_id: string | null;
        group_name: string | null;
      }>(
        `select g.permission, gt.id as team_id, gt.name as team_name, min(t.name) as via,
                null::text as group_id, null::text as group_name
           from effective_grants g
           join teams gt on gt.id = g.team_id
           join team_members tm on tm.user_id = $2
           join teams t on t.id = tm.team_id and starts_with(t.path, gt.path)
          where g.user_id = $1
          group by g.permission, gt.id, gt.name
         union
         select g.permission, null, null, null, gr.id, gr.name
           from effective_grants g
           join groups gr on gr.id = g.group_id
           join group_members gm on gm.group_id = gr.id and gm.user_id = $2
          where g.user_id = $1
          order by 2, 5, 1`,
        [actor.userId, target.id],
      );
      for (const g of granted)
        if ((ABILITIES as readonly string[]).includes(g.permission))
          reasons.push({
            kind: 'grant',
            permission: g.permission,
            teamId: g.team_id,
            teamName: g.team_name,
            viaTeam: g.via,
            groupId: g.group_id,
            groupName: g.group_name,
            abilities: ['people.view', g.permission],
          });
    }
    // Managing a team the person is in (or one above it) lets the actor manage that membership; it shows nobody.
    const managed = !known.explain
      ? []
      : await sql.query<{ team_id: string; team_name: string }>(
          `select distinct t.id as team_id, t.name as team_name
         from team_members tm join teams t on t.id = tm.team_id
         join team_managers mg on mg.user_id = $1 join teams mt on mt.id = mg.team_id and starts_with(t.path, mt.path)
        where tm.user_id = $2 order by t.name`,
          [actor.userId, target.id],
        );
    for (const m of managed)
      reasons.push({ kind: 'team_manager', teamId: m.team_id, teamName: m.team_name, abilities: [] });
  }
  const abilities = new Set<Ability>();
  for (const r of reasons) for (const a of r.abilities) abilities.add(a);
  return { visible: abilities.has('people.view'), self, report, abilities, reasons };
}

export async function canSee(sql: Sql, actor: Actor, target: { id: string }): Promise<boolean> {
  return actor.type === 'system' || (await relationTo(sql, actor, target)).visible;
}
