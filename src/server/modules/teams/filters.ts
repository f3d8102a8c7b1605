import type { Sql } from '../../db/index';
import { invalid } from '../../core/errors';

type Bind = (value: unknown) => string;

/**
 * People-list filters owned by teams and groups: SQL conditions on `users u` for
 * `teamId` (+ `includeSubteams=true`) and `groupId`. An unknown id is a 400 on the filter.
 */
export async function teamFilterSql(sql: Sql, p: Bind, teamId: string, includeSubteams: boolean): Promise<string> {
  const [team] = await sql.query<{ path: string }>(`select path from teams where id = $1`, [teamId]);
  if (!team) throw invalid('Unknown team.', [{ field: 'teamId', message: 'No such team.' }]);
  if (!includeSubteams) return `u.id in (select tm.user_id from team_members tm where tm.team_id = ${p(teamId)})`;
  return `u.id in (select tm.user_id from team_members tm join teams t on t.id = tm.team_id where t.path like ${p(`${team.path}%`)})`;
}

export async function groupFilterSql(sql: Sql, p: Bind, groupId: string): Promise<string> {
  const [group] = await sql.query(`select 1 from groups where id = $1`, [groupId]);
  if (!group) throw invalid('Unknown group.', [{ field: 'groupId', message: 'No such group.' }]);
  return `u.id in (select gm.user_id from group_members gm where gm.group_id = ${p(groupId)})`;
}
