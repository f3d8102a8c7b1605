import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { can, decide, relationTo, type Decision } from '../access/policy';
import { teamManagement, teamsInInviteLimit } from '../access/teams';
import { groupsJoinedBy, type Newcomer } from '../groups/newcomers';
import type { UserRow } from '../people/repo';
import type { CellError } from './validate';

/**
 * Delegated imports (docs/decisions/031-delegated-administration.md): an importer without the organisation-wide
 * right works within the limit of their grants. What the one policy says about them is loaded with the plan
 * context (loadDelegation); planRow asks here (createRefusals, editRefusal, teamMoveRefusals), so the preview and
 * each commit chunk decide alike. Null for importers whose rights are organisation-wide (Owners, Admins).
 */
export interface Delegation {
  /** New people must land inside the invite limit (no organisation-wide people.invite). */
  limitedCreate: boolean;
  /** Teams a new person may be put in (access/teams.mayPlaceNewPersonIn: managed, or inside the invite limit). */
  placeable: Set<string>;
  /** Teams inside the importer's team-limited people.invite grants (access/teams.teamsInInviteLimit). */
  inLimit: Set<string>;
  /** The teams of those grants, as written in a file (for the row message). */
  limitTeams: string[];
  /** Group-limited people.invite grants: the groups' names, and which of them a newcomer would join. */
  inviteGroups: { names: string[]; joins: (p: Newcomer) => string[] } | null;
  /** Updates need the policy's people.edit on each person (no organisation-wide people.bulk_update). */
  limitedUpdate: boolean;
  /** The policy's decisions (policy.decide) on each visible person the rows match. */
  decisions: Map<string, { edit: Decision; lifecycle: Decision }>;
  /** Teams whose members the importer may change (team management, access/teams.teamManagement). */
  manages: Set<string>;
}

export async function loadDelegation(
  sql: Sql,
  actor: Actor,
  mode: 'add' | 'update' | 'add_update',
  people: readonly (UserRow & { manager_path: string })[],
  teamPathById: ReadonlyMap<string, string>,
): Promise<Delegation | null> {
  const limitedCreate = mode !== 'update' && !can(actor, 'people.invite');
  const limitedUpdate = mode !== 'add' && !can(actor, 'people.bulk_update');
  if (!limitedCreate && !limitedUpdate) return null;
  const teams = await sql.query<{ id: string; path: string }>(`select id, path from teams`);
  const management = await teamManagement(sql, actor);
  const manages = new Set(teams.filter((t) => management.manages(t.path)).map((t) => t.id));
  const inLimit = await teamsInInviteLimit(
    sql,
    actor,
    teams.map((t) => t.id),
  );
  const granted = (actor.grants ?? []).filter((g) => g.permission === 'people.invite' && g.teamId);
  const inviteGroupIds = [
    ...new Set(
      (actor.grants ?? []).filter((g) => g.permission === 'people.invite' && g.groupId).map((g) => g.groupId!),
    ),
  ];
  const decisions = new Map<string, { edit: Decision; lifecycle: Decision }>();
  // One relation per person the rows update: delegated files are a team's or a group's people, not the organisation.
  if (limitedUpdate)
    for (const u of people) {
      const rel = await relationTo(sql, actor, u, { managerPath: u.manager_path });
      decisions.set(u.id, {
        edit: decide(actor, u, rel, 'people.edit'),
        lifecycle: decide(actor, u, rel, 'people.lifecycle'),
      });
    }
  return {
    limitedCreate,
    placeable: new Set([...manages, ...inLimit]),
    inLimit,
    limitTeams: [...new Set(granted.map((g) => teamPathById.get(g.teamId!) ?? g.teamId!))].sort(),
    inviteGroups:
      limitedCreate && inviteGroupIds.length
        ? {
            names: (
              await sql.query<{ name: string }>(`select name from groups where id = any($1::text[]) order by name`, [
                inviteGroupIds,
              ])
            ).map((g) => g.name),
            joins: await groupsJoinedBy(sql, inviteGroupIds),
          }
        : null,
    limitedUpdate,
    decisions,
    manages,
  };
}

/**
 * A new person must land inside the importer's invite limit: placed through the row's teams cell in a team of a
 * team-limited grant, or — under a group-limited grant — with the fields that make the group's rules take them in
 * (`newcomer`: the person as the commit will write them; the commit refreshes groups, then assertCreateWithinLimit
 * checks each created person against the one policy, as POST /users does).
 */
export function createRefusals(
  d: Delegation | null,
  teamsAdd: readonly string[],
  name: (id: string) => string,
  newcomer: () => Newcomer,
): CellError[] {
  if (!d?.limitedCreate) return [];
  const outside = teamsAdd.filter((id) => !d.placeable.has(id));
  if (outside.length)
    return teamsError(
      `You can only add people to the teams your invite permission is limited to (or teams you manage): ${quoted(outside.map(name))} ${outside.length > 1 ? 'are' : 'is'} not one of them.`,
    );
  if (teamsAdd.some((id) => d.inLimit.has(id))) return [];
  if (d.inviteGroups && d.inviteGroups.joins(newcomer()).length) return [];
  const groups = d.inviteGroups
    ? `the ${d.inviteGroups.names.length > 1 ? 'groups' : 'group'} ${quoted(d.inviteGroups.names)}`
    : '';
  if (!d.limitTeams.length)
    return [
      {
        column: null,
        message: `Your invite permission is limited to ${groups || 'a team or a group'}, and this row would not put the person in it: fill in the fields its rules select on.`,
      },
    ];
  return teamsError(
    `Put this person in one of the teams your invite permission is limited to: name it in the teams column (${quoted(d.limitTeams)}, or a team below it)${groups ? `, or fill in the fields that put them in ${groups}` : ''}.`,
  );
}

/**
 * An update needs the policy's people.edit on the person. Null when allowed; a row error otherwise (the person is
 * visible to the importer: matching someone outside their scope already reads "no user matches").
 */
export function editRefusal(d: Delegation | null, userId: string): CellError[] | null {
  if (!d?.limitedUpdate) return null;
  const edit = d.decisions.get(userId)?.edit ?? { outcome: 'not_visible' };
  if (edit.outcome === 'allowed') return null;
  const why = edit.outcome === 'forbidden' && edit.message ? ` ${edit.message}` : '';
  return [{ column: null, message: `You may not change this person.${why}` }];
}

/** Expiry dates and statuses: people.lifecycle organisation-wide, or the policy's decision on this person. */
export function mayChangeLifecycle(actor: Actor, d: Delegation | null, userId: string | null): boolean {
  if (can(actor, 'people.lifecycle')) return true;
  return userId !== null && d?.decisions.get(userId)?.lifecycle.outcome === 'allowed';
}

/** Without people.bulk_update, moving someone between teams needs the right to manage those teams. */
export function teamMoveRefusals(
  d: Delegation | null,
  changed: readonly string[],
  name: (id: string) => string,
): CellError[] {
  if (!d?.limitedUpdate) return [];
  const refused = changed.filter((id) => !d.manages.has(id));
  if (!refused.length) return [];
  return teamsError(`Moving people into or out of a team needs the right to manage it: ${quoted(refused.map(name))}.`);
}

const teamsError = (message: string): CellError[] => [{ column: 'teams', message }];
const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');
