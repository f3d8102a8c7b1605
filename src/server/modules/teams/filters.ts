import type { Bind, Sql } from '../../db/index';
import { invalid } from '../../core/errors';

/**
 * A team of at most this many members (sub-teams included when asked) is filtered by its members' ids, read
 * through users_pkey: a few thousand index pages at worst, whatever the planner would estimate for it.
 */
export const FEW_MEMBERS = 1000;

/**
 * People-list filters owned by teams and groups: SQL conditions on `users u` for
 * `teamId` (+ `includeSubteams=true`) and `groupId`. An unknown id is a 400 on the filter.
 *
 * A larger team is tested on users.team_ids (migration 053, kept from team_members by triggers): the planner
 * reads its people from users_team_ids_idx or walks the list's order testing each row, by the array's
 * statistics (docs/decisions/034-team-and-field-filters-at-a-million.md). Sub-teams are resolved from
 * teams.path here, so moving a team changes no person's array.
 */
export async function teamFilterSql(sql: Sql, p: Bind, teamId: string, includeSubteams: boolean): Promise<string> {
  const [team] = await sql.query<{ path: string }>(`select path from teams where id = $1`, [teamId]);
  if (!team) throw invalid('Unknown team.', [{ field: 'teamId', message: 'No such team.' }]);
  const teamIds = includeSubteams
    ? (await sql.query<{ id: string }>(`select id from teams where path like $1`, [`${team.path}%`])).map((t) => t.id)
    : [teamId];
  const members = (ids: string) => `select tm.user_id from team_members tm where tm.team_id = any(${ids}::text[])`;
  const [few] = await sql.query<{ n: number }>(
    `select count(*)::int as n from (${members('$1')} limit ${FEW_MEMBERS + 1}) m`,
    [teamIds],
  );
  if (few!.n <= FEW_MEMBERS) return `u.id = any(array(${members(p(teamIds))}))`;
  return includeSubteams ? `u.team_ids && ${p(teamIds)}::text[]` : `u.team_ids @> array[${p(teamId)}]::text[]`;
}

export async function groupFilterSql(sql: Sql, p: Bind, groupId: string): Promise<string> {
  const [group] = await sql.query(`select 1 from groups where id = $1`, [groupId]);
  if (!group) throw invalid('Unknown group.', [{ field: 'groupId', message: 'No such group.' }]);
  return `u.id in (select gm.user_id from group_members gm where gm.group_id = ${p(groupId)})`;
}
