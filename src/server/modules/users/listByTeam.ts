/**
 * The People list's team filter in name order (docs/decisions/034-team-and-field-filters-at-a-million.md,
 * "Memberships in name order"): the page reads the teams' memberships from team_members_name_idx
 * (team_id, sort_name, user_id; migration 057) in name order and joins each to its person, who must pass the
 * list's other conditions (scope, deleted, status, …): one ordered range of the index. Only a single team is read
 * this way. A team with its sub-teams keeps the condition on users.team_ids along the list's name index: merging
 * three sub-teams of 1 % in name order was planned by PostgreSQL 15 as an append of all 30,000 memberships and a
 * sort (15,900 buffers against 3,400 for the array's walk; decision 034).
 */

/** Team ids as Roster and SCIM write them: letters, digits and - _ . : — safe to write into SQL as literals. */
const TEAM_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

/** A team id, or a list of them, as an SQL literal (text / text[]); null when one is not a team id's shape. */
export function teamIdsLiteral(value: unknown): string | null {
  const ids = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
  if (!ids?.length || !ids.every((id) => typeof id === 'string' && TEAM_ID.test(id))) return null;
  return typeof value === 'string' ? `'${value}'` : `array[${ids.map((id) => `'${id}'`).join(', ')}]`;
}

export interface TeamRows {
  /** FROM clause: the team's memberships as `m` (team_id, user_id, sort_name) joined to `users u`. */
  from: string;
  /** The keyset condition on `m` ('true' for the first page). */
  where: string;
  order: string;
}

/**
 * One team's rows in name order (desc: reversed), after `after` when given (already bound: sort value, id).
 * `bind` binds a parameter of the statement being written.
 */
export function teamRows(
  teamId: string,
  desc: boolean,
  after: [string, string] | null,
  bind: (value: unknown) => string,
): TeamRows {
  const dir = desc ? 'desc' : 'asc';
  return {
    from: `(select tm.team_id, tm.user_id, tm.sort_name from team_members tm where tm.team_id = ${bind(teamId)}) m
      join users u on u.id = m.user_id`,
    where: after ? `(m.sort_name, m.user_id) ${desc ? '<' : '>'} (${after[0]}::text, ${after[1]})` : 'true',
    order: `m.sort_name ${dir}, m.user_id ${dir}`,
  };
}
