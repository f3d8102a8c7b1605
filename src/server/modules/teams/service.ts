import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, invalid } from '../../core/errors';
import { takeLock } from '../../db/locks';
import * as audit from '../audit/audit';
import { assertCan } from '../access/policy';
import { refreshFor } from '../groups/membership';
import { assertCanManageTeam } from '../access/teams';
import {
  findTeam,
  findTeamWithCounts,
  membersOfSubtree,
  siblingNameTaken,
  type JoinPolicy,
  type TeamRow,
} from './repo';

/** Use cases on the team tree: create, rename / change policy, move, delete. */

export async function createTeam(
  tx: Sql,
  actor: Actor,
  input: { name: string; parentId?: string | null; joinPolicy?: JoinPolicy },
): Promise<TeamRow> {
  let parentPath = '/';
  if (input.parentId) {
    const parent = await findTeam(tx, input.parentId).catch(() => {
      throw invalid('The parent team does not exist.', [{ field: 'parentId', message: 'Unknown team.' }]);
    });
    await assertCanManageTeam(tx, actor, parent.id);
    parentPath = parent.path;
  } else assertCan(actor, 'teams.manage');
  const id = randomUUID();
  try {
    await tx.query(`insert into teams (id, name, parent_id, path, join_policy) values ($1, $2, $3, $4, $5)`, [
      id,
      input.name,
      input.parentId ?? null,
      `${parentPath}${id}/`,
      input.joinPolicy ?? 'closed',
    ]);
  } catch (err) {
    throw siblingNameTaken(err);
  }
  await audit.recordCreated(tx, actor, 'team', id, {
    name: input.name,
    parentId: input.parentId ?? null,
    joinPolicy: input.joinPolicy ?? 'closed',
  });
  return findTeamWithCounts(tx, id);
}

/** Rename, change the join policy, and/or move under another parent (`parentId`; null = top level). */
export async function updateTeam(
  tx: Sql,
  actor: Actor,
  id: string,
  patch: { name?: string; joinPolicy?: JoinPolicy; parentId?: string | null },
): Promise<TeamRow> {
  const team = await findTeam(tx, id, { forUpdate: true });
  await assertCanManageTeam(tx, actor, id);
  if (patch.parentId !== undefined && patch.parentId !== team.parent_id)
    await moveTeam(tx, actor, team, patch.parentId);
  const name = patch.name ?? team.name;
  const joinPolicy = patch.joinPolicy ?? team.join_policy;
  if (name !== team.name || joinPolicy !== team.join_policy) {
    try {
      await tx.query(`update teams set name = $2, join_policy = $3, updated_at = now() where id = $1`, [
        id,
        name,
        joinPolicy,
      ]);
    } catch (err) {
      throw siblingNameTaken(err);
    }
    const d = audit.diff({ name: team.name, joinPolicy: team.join_policy }, { name, joinPolicy });
    await audit.record(tx, actor, {
      action: 'team.updated',
      targetType: 'team',
      targetId: id,
      before: d.before,
      after: d.after,
    });
  }
  return findTeamWithCounts(tx, id);
}

/** Moves a team and its sub-teams; refuses to move it under itself or one of its sub-teams. */
async function moveTeam(tx: Sql, actor: Actor, team: TeamRow, parentId: string | null): Promise<void> {
  let parentPath = '/';
  if (parentId) {
    const parent = await findTeam(tx, parentId).catch(() => {
      throw invalid('The new parent team does not exist.', [{ field: 'parentId', message: 'Unknown team.' }]);
    });
    if (parent.path.startsWith(team.path))
      throw invalid('A team cannot move under itself or one of its sub-teams.', [
        { field: 'parentId', message: 'This would create a cycle.' },
      ]);
    await assertCanManageTeam(tx, actor, parent.id);
    parentPath = parent.path;
  } else assertCan(actor, 'teams.manage');
  // Serialises moves: two concurrent moves could otherwise build a cycle between them.
  await takeLock(tx, 'team_tree');
  const newPath = `${parentPath}${team.id}/`;
  try {
    await tx.query(`update teams set parent_id = $2, updated_at = now() where id = $1`, [team.id, parentId]);
  } catch (err) {
    throw siblingNameTaken(err);
  }
  await tx.query(`update teams set path = $2 || substr(path, length($1) + 1) where path like $1 || '%'`, [
    team.path,
    newPath,
  ]);
  await audit.record(tx, actor, {
    action: 'team.moved',
    targetType: 'team',
    targetId: team.id,
    before: { parentId: team.parent_id },
    after: { parentId },
  });
  await refreshFor(tx, await membersOfSubtree(tx, newPath), 'team_moved');
}

export type SubteamChoice = 'move_to_parent' | 'delete';
export type MemberChoice = 'move_to_parent' | 'remove';

/**
 * Deletes a team. When it has sub-teams or members, the caller must say what happens to them:
 * sub-teams move up to the parent or are deleted too; members (of every deleted team) move to
 * the parent team or are removed from it.
 */
export async function deleteTeam(
  tx: Sql,
  actor: Actor,
  id: string,
  choice: { subteams?: SubteamChoice; members?: MemberChoice },
): Promise<void> {
  const team = await findTeam(tx, id, { forUpdate: true });
  await assertCanManageTeam(tx, actor, id);
  await takeLock(tx, 'team_tree');
  const children = await tx.query<TeamRow>(`select * from teams where parent_id = $1`, [id]);
  if (children.length && !choice.subteams)
    throw invalid('This team has sub-teams: choose whether they move up to the parent or are deleted.', [
      { field: 'subteams', message: 'Required: move_to_parent or delete.' },
    ]);
  const doomedPath = choice.subteams === 'delete' ? team.path : null;
  const affected = await membersOfSubtree(tx, team.path);
  const doomedMembers = await tx.query<{ user_id: string }>(
    `select distinct m.user_id from team_members m join teams t on t.id = m.team_id where t.id = $1 or ($2::text is not null and t.path like $2 || '%')`,
    [id, doomedPath],
  );
  if (doomedMembers.length && !choice.members)
    throw invalid('This team has members: choose whether they move to the parent team or are removed.', [
      { field: 'members', message: 'Required: move_to_parent or remove.' },
    ]);
  if (choice.members === 'move_to_parent') {
    if (!team.parent_id)
      throw invalid('A top-level team has no parent to move members to; choose "remove".', [{ field: 'members' }]);
    await tx.query(`insert into team_members (team_id, user_id) select $1, unnest($2::text[]) on conflict do nothing`, [
      team.parent_id,
      doomedMembers.map((m) => m.user_id),
    ]);
  }
  if (choice.subteams === 'move_to_parent') {
    for (const child of children) await moveTeam(tx, actor, child, team.parent_id);
  }
  await tx.query(`delete from teams where path like $1 || '%' and path <> $1 and $2::boolean`, [
    team.path,
    choice.subteams === 'delete',
  ]);
  await tx.query(`delete from teams where id = $1`, [id]);
  await audit.record(tx, actor, {
    action: 'team.deleted',
    targetType: 'team',
    targetId: id,
    before: { name: team.name, parentId: team.parent_id },
    after: { subteams: choice.subteams ?? null, members: choice.members ?? null },
  });
  await refreshFor(tx, affected, 'team_deleted');
}

export function assertKnownTeams(found: number, wanted: number, field = 'teamIds') {
  if (found !== wanted)
    throw new AppError('validation_failed', 'Unknown team.', [{ field, message: 'One or more teams do not exist.' }]);
}
