import type { Sql } from '../../db/index';
import { constraintName, pgErrorCode } from '../../db/index';
import { AppError, notFound } from '../../core/errors';

/** Team rows, their API shape, and the queries the team use cases share. */
import type { JoinPolicy } from '../../../common/contract/teams';
export { JOIN_POLICIES, type JoinPolicy } from '../../../common/contract/teams';

export interface TeamRow {
  id: string;
  name: string;
  parent_id: string | null;
  path: string;
  join_policy: JoinPolicy;
  created_at: Date;
  updated_at: Date;
  member_count?: number;
  member_count_with_subteams?: number;
}

export function toTeamDto(t: TeamRow) {
  return {
    id: t.id,
    name: t.name,
    parentId: t.parent_id,
    joinPolicy: t.join_policy,
    /** Ancestor ids from the root down, this team excluded. */
    ancestorIds: t.path.split('/').filter(Boolean).slice(0, -1),
    memberCount: t.member_count ?? 0,
    memberCountWithSubteams: t.member_count_with_subteams ?? 0,
    createdAt: new Date(t.created_at).toISOString(),
    updatedAt: new Date(t.updated_at).toISOString(),
  };
}
export type TeamDto = ReturnType<typeof toTeamDto>;

/** Members who are not deleted, directly in the team and in the team or any sub-team (each person once). */
const COUNTS = `
  (select count(*) from team_members m join users u on u.id = m.user_id and u.deleted_at is null where m.team_id = t.id)::int as member_count,
  (select count(distinct m.user_id) from teams d join team_members m on m.team_id = d.id join users u on u.id = m.user_id and u.deleted_at is null
    where d.path like t.path || '%')::int as member_count_with_subteams`;

export async function listTeams(sql: Sql): Promise<TeamRow[]> {
  return sql.query<TeamRow>(`select t.*, ${COUNTS} from teams t order by t.path`);
}

export async function findTeam(sql: Sql, id: string, opts: { forUpdate?: boolean } = {}): Promise<TeamRow> {
  const [row] = await sql.query<TeamRow>(`select * from teams where id = $1 ${opts.forUpdate ? 'for update' : ''}`, [
    id,
  ]);
  if (!row) throw notFound('Team');
  return row;
}

export async function findTeamWithCounts(sql: Sql, id: string): Promise<TeamRow> {
  const [row] = await sql.query<TeamRow>(`select t.*, ${COUNTS} from teams t where t.id = $1`, [id]);
  if (!row) throw notFound('Team');
  return row;
}

/** Users in a team and its sub-teams (before a move or delete changes what their rules see). */
export async function membersOfSubtree(sql: Sql, path: string): Promise<string[]> {
  const rows = await sql.query<{ user_id: string }>(
    `select distinct m.user_id from team_members m join teams t on t.id = m.team_id where t.path like $1 || '%'`,
    [path],
  );
  return rows.map((r) => r.user_id);
}

export function siblingNameTaken(err: unknown): unknown {
  if (pgErrorCode(err) === '23505' && (constraintName(err) ?? '').includes('teams_sibling_name'))
    return new AppError('conflict', 'Another team with this name already exists at this level.', [
      { field: 'name', message: 'Name taken among siblings.' },
    ]);
  return err;
}
