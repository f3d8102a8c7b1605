import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { forbidden } from '../../core/errors';
import { can } from './roles';

/**
 * Team-manager rights (docs/decisions/004-access-policy.md): "team managers manage their own teams" — the
 * teams.manage ability, or being a manager of the team or of any team above it. Managing a team shows
 * nobody's profile: it is about the team (members, requests, its place in the tree).
 */
export async function canManageTeam(sql: Sql, actor: Actor, teamId: string): Promise<boolean> {
  if (can(actor, 'teams.manage')) return true;
  if (!actor.userId) return false;
  const rows = await sql.query(
    `select 1 from team_managers tm join teams above on above.id = tm.team_id, teams t
     where t.id = $1 and tm.user_id = $2 and starts_with(t.path, above.path) limit 1`,
    [teamId, actor.userId],
  );
  return rows.length > 0;
}

/**
 * Whether the actor may place a person they are creating in this team: they manage it, or they hold
 * people.invite limited to it or to a team above it (docs/decisions/031-delegated-administration.md).
 */
export async function mayPlaceNewPersonIn(sql: Sql, actor: Actor, teamId: string): Promise<boolean> {
  if (await canManageTeam(sql, actor, teamId)) return true;
  return (await teamsInInviteLimit(sql, actor, [teamId])).has(teamId);
}

/**
 * Of `teamIds`, those inside the actor's team-limited people.invite grants (a grant's team or one below it): a
 * new person put in one of them is inside the limit. One statement for many teams (CSV imports).
 */
export async function teamsInInviteLimit(sql: Sql, actor: Actor, teamIds: readonly string[]): Promise<Set<string>> {
  const granted = (actor.grants ?? [])
    .filter((g) => g.permission === 'people.invite' && g.teamId)
    .map((g) => g.teamId!);
  if (!granted.length || !teamIds.length) return new Set();
  const rows = await sql.query<{ id: string }>(
    `select distinct t.id from teams t join teams above on above.id = any($2::text[]) and starts_with(t.path, above.path)
      where t.id = any($1::text[])`,
    [[...teamIds], granted],
  );
  return new Set(rows.map((r) => r.id));
}

export async function assertCanManageTeam(sql: Sql, actor: Actor, teamId: string): Promise<void> {
  if (!(await canManageTeam(sql, actor, teamId)))
    throw forbidden('Only administrators and the managers of this team can do this.');
}

/** Ids of the teams this actor manages directly (the "My team" view). */
export async function managedTeamIds(sql: Sql, actor: Actor): Promise<string[]> {
  if (!actor.userId) return [];
  const rows = await sql.query<{ team_id: string }>(`select team_id from team_managers where user_id = $1`, [
    actor.userId,
  ]);
  return rows.map((r) => r.team_id);
}

/**
 * The same rule as canManageTeam for a whole tree at once (the teams list's `canManage`): `manages(path)`
 * for a team's path, and `mine(path)` for "managed by the actor themselves" (the "My team" view).
 */
export async function teamManagement(
  sql: Sql,
  actor: Actor,
): Promise<{ manages: (path: string) => boolean; mine: (path: string) => boolean }> {
  const managed = await managedTeamIds(sql, actor);
  const mine = (path: string) => managed.some((m) => path.includes(`/${m}/`));
  const all = can(actor, 'teams.manage');
  return { manages: (path) => all || mine(path), mine };
}
