/**
 * The People list's team filter in name order (docs/decisions/034-team-and-field-filters-at-a-million.md,
 * "Memberships in name order"): the page reads the teams' memberships from team_members_name_idx
 * (team_id, sort_name, user_id; migration 057) in name order and joins each to its person, who must pass the
 * list's other conditions (scope, deleted, status, …). One ordered index range per team; several teams
 * (sub-teams) are merged in name order, and a person in more than one of them is kept once — on the row of the
 * first of their teams in the set, read from users.team_ids (migration 053) on the row already joined.
 */

/**
 * At most this many teams are merged; a tree of more keeps the condition on users.team_ids along the list's
 * name index. Measured at a million (decision 034): three sub-teams of 1 % merged were planned as an append of
 * all 30,000 memberships and a sort (15,900 buffers) against 3,400 for the array's walk, so only a single team
 * is read this way; the merge stays for a plan that keeps the order.
 */
export const MERGED_TEAMS = 1;

/** Team ids as Roster and SCIM write them: letters, digits and - _ . : — safe to write into SQL as literals. */
const TEAM_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

/** A team id, or a list of them, as an SQL literal (text / text[]); null when one is not a team id's shape. */
export function teamIdsLiteral(value: unknown): string | null {
  const ids = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
  if (!ids?.length || !ids.every((id) => typeof id === 'string' && TEAM_ID.test(id))) return null;
  return typeof value === 'string' ? `'${value}'` : `array[${ids.map((id) => `'${id}'`).join(', ')}]`;
}

export interface TeamRows {
  /** FROM clause: the memberships as `m` (team_id, user_id, sort_name) joined to `users u`. */
  from: string;
  /** Conditions on `m` and `u` beyond the list's own: the keyset and, for several teams, one row per person. */
  where: string;
  order: string;
}

/**
 * The team's rows in name order (desc: reversed), after `after` when given (already bound: sort value, id).
 * `bind` binds a parameter of the statement being written.
 */
export function teamRows(
  teamIds: string[],
  desc: boolean,
  after: [string, string] | null,
  bind: (value: unknown) => string,
): TeamRows {
  const branches = teamIds.map(
    (id) => `select tm.team_id, tm.user_id, tm.sort_name from team_members tm where tm.team_id = ${bind(id)}`,
  );
  const conditions: string[] = [];
  if (after) conditions.push(`(m.sort_name, m.user_id) ${desc ? '<' : '>'} (${after[0]}::text, ${after[1]})`);
  if (teamIds.length > 1)
    conditions.push(`m.team_id = (select min(x) from unnest(u.team_ids) x where x = any(${bind(teamIds)}::text[]))`);
  const dir = desc ? 'desc' : 'asc';
  return {
    from: `(${branches.join(' union all ')}) m join users u on u.id = m.user_id`,
    where: conditions.length ? conditions.join(' and ') : 'true',
    order: `m.sort_name ${dir}, m.user_id ${dir}`,
  };
}
