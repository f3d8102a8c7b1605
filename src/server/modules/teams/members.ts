import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, invalid, notFound } from '../../core/errors';
import { decodeNameCursor, namePage } from '../../core/keyset';
import { namedPerson } from '../people/repo';
import { publish } from '../../core/events';
import * as audit from '../audit/audit';
import { assertMayAddToTeam, canSee, visibleUsersSql, type CredentialTarget } from '../access/policy';
import { LISTED_IN_DIRECTORY } from '../directory/directory';
import { getSettings } from '../settings/settings';
import { refreshFor } from '../groups/membership';
import { assertCanManageTeam, canManageTeam, mayPlaceNewPersonIn } from '../access/teams';
import { recordManagerChange } from './handOver';
import { findTeam } from './repo';

/** Team members and team managers. Every change is audited and moves people in or out of groups. */

/** Someone the caller cannot see answers like someone who does not exist, so ids cannot be probed. */
async function assertUserVisible(sql: Sql, actor: Actor, userId: string): Promise<void> {
  const rows = await sql.query(`select 1 from users where id = $1 and deleted_at is null`, [userId]);
  if (!rows.length || !(await canSee(sql, actor, { id: userId })))
    throw invalid('The user does not exist.', [{ field: 'userId', message: 'Unknown user.' }]);
}

/** Team-limited grants cover members: the person must be visible to the caller and, for non-Admins, below them (policy.ts). */
async function loadAddable(tx: Sql, actor: Actor, userId: string) {
  const [user] = await tx.query<CredentialTarget>(
    `select id, role, created_by, last_sign_in_at from users where id = $1 and deleted_at is null`,
    [userId],
  );
  if (!user) throw notFound('User');
  await assertMayAddToTeam(tx, actor, user);
}

/** What follows a member joining or leaving: the audit entry (the person after or before), the event, their groups. */
async function recordMembership(
  tx: Sql,
  actor: Actor,
  type: 'team.member_added' | 'team.member_removed',
  teamId: string,
  userId: string,
  cause: string,
): Promise<void> {
  const side = type === 'team.member_added' ? 'after' : 'before';
  await audit.record(tx, actor, { action: type, targetType: 'team', targetId: teamId, [side]: { userId } });
  await publish(tx, actor, { type, subjectId: teamId, data: { userId } });
  await refreshFor(tx, [userId], cause);
}

export async function addMember(
  tx: Sql,
  actor: Actor,
  teamId: string,
  userId: string,
  cause = 'team_member_added',
): Promise<void> {
  await findTeam(tx, teamId);
  await assertCanManageTeam(tx, actor, teamId);
  await loadAddable(tx, actor, userId);
  await insertMember(tx, actor, teamId, userId, cause);
}

/** Adds the membership without an access check (callers have done theirs); false when already a member. */
export async function insertMember(
  tx: Sql,
  actor: Actor,
  teamId: string,
  userId: string,
  cause: string,
): Promise<boolean> {
  const rows = await tx.query(
    `insert into team_members (team_id, user_id) values ($1, $2) on conflict do nothing returning 1`,
    [teamId, userId],
  );
  if (!rows.length) return false;
  await recordMembership(tx, actor, 'team.member_added', teamId, userId, cause);
  return true;
}

/**
 * "Add to team" from the People list's bulk bar: the caller has checked once that the actor manages the
 * team; each person must be one the actor may add (loadAddable), or is reported with the refusal.
 */
export async function addMemberInScope(tx: Sql, actor: Actor, teamId: string, userId: string): Promise<boolean> {
  await loadAddable(tx, actor, userId);
  return insertMember(tx, actor, teamId, userId, 'team_member_added');
}

/** Team managers and administrators remove anyone; a member may leave by themselves. */
export async function removeMember(tx: Sql, actor: Actor, teamId: string, userId: string): Promise<void> {
  await findTeam(tx, teamId);
  if (actor.userId !== userId) await assertCanManageTeam(tx, actor, teamId);
  const rows = await tx.query(`delete from team_members where team_id = $1 and user_id = $2 returning 1`, [
    teamId,
    userId,
  ]);
  if (!rows.length) throw notFound('Team member');
  await recordMembership(tx, actor, 'team.member_removed', teamId, userId, 'team_member_removed');
}

/**
 * `POST /users` with teamIds, in the creating transaction: every team must exist (the tree is visible to every
 * signed-in person, so an unknown id is a bad value, 400), and the creator must be allowed to put people in
 * it — manage it, as for adding a member (403 naming the team otherwise).
 */
export async function addToTeamsOnCreate(
  tx: Sql,
  actor: Actor,
  userId: string,
  teamIds: readonly string[],
): Promise<void> {
  const ids = [...new Set(teamIds)];
  const found = await tx.query<{ id: string }>(`select id from teams where id = any($1::text[])`, [ids]);
  const missing = ids.find((id) => !found.some((f) => f.id === id));
  if (missing) throw invalid('Unknown team.', [{ field: 'teamIds', message: `Team ${missing} not found.` }]);
  for (const teamId of ids)
    if (!(await mayPlaceNewPersonIn(tx, actor, teamId)))
      throw new AppError('forbidden', 'You can only put people in teams you manage.', [
        { field: 'teamIds', message: `You do not manage team ${teamId}.` },
      ]);
  for (const teamId of ids) await insertMember(tx, actor, teamId, userId, 'user_created');
}

export async function listMembers(
  sql: Sql,
  teamId: string,
  opts: { includeSubteams: boolean; limit: number; cursor?: string },
) {
  const team = await findTeam(sql, teamId);
  const rows = await sql.query(
    `select distinct u.id, u.first_name, u.last_name, u.email, u.status, u.job_title, u.sort_name
     from team_members m join teams t on t.id = m.team_id join users u on u.id = m.user_id and u.deleted_at is null
     where (t.id = $2 or ($5::boolean and t.path like $1::text || '%')) and ($3::text is null or (u.sort_name, u.id) > ($3, $4))
     order by u.sort_name, u.id limit ${opts.limit + 1}`,
    [team.path, teamId, ...(opts.cursor ? decodeNameCursor(opts.cursor) : [null, null]), opts.includeSubteams],
  );
  return namePage(rows, opts.limit, (r: any) => ({ ...namedPerson(r), status: r.status, jobTitle: r.job_title }));
}

/**
 * A team's managers as the caller may see them: all of them for those who manage the team (as its
 * members list); otherwise people in the caller's scope (access policy) and, while the directory is on,
 * anyone it lists. Everyone else is left out, so a learner never learns the name or email of a manager
 * who is deactivated, anonymised or not yet invited, nor of anyone when the directory is off.
 */
export async function listManagers(sql: Sql, actor: Actor, teamId: string) {
  await findTeam(sql, teamId);
  const params: unknown[] = [teamId];
  const param = (v: unknown) => `$${params.push(v)}`;
  const visible = (await canManageTeam(sql, actor, teamId)) ? 'true' : await visibleUsersSql(sql, actor, param);
  const listed = (await getSettings(sql)).directoryEnabled ? LISTED_IN_DIRECTORY : 'false';
  const rows = await sql.query(
    `select u.id, u.first_name, u.last_name, u.email from team_managers tm join users u on u.id = tm.user_id and u.deleted_at is null
     where tm.team_id = $1 and (${visible} or (${listed})) order by u.sort_name, u.id`,
    params,
  );
  return rows.map((r: any) => namedPerson(r));
}

export async function addManager(tx: Sql, actor: Actor, teamId: string, userId: string): Promise<void> {
  await findTeam(tx, teamId);
  await assertCanManageTeam(tx, actor, teamId);
  await assertUserVisible(tx, actor, userId);
  const rows = await tx.query(
    `insert into team_managers (team_id, user_id) values ($1, $2) on conflict do nothing returning 1`,
    [teamId, userId],
  );
  if (!rows.length) throw new AppError('conflict', 'This person already manages the team.');
  await recordManagerChange(tx, actor, teamId, userId, 'added');
}

export async function removeManager(tx: Sql, actor: Actor, teamId: string, userId: string): Promise<void> {
  await findTeam(tx, teamId);
  await assertCanManageTeam(tx, actor, teamId);
  const rows = await tx.query(`delete from team_managers where team_id = $1 and user_id = $2 returning 1`, [
    teamId,
    userId,
  ]);
  if (!rows.length) throw notFound('Team manager');
  await recordManagerChange(tx, actor, teamId, userId, 'removed');
}
