import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Sql } from '../../db/index';
import { unlessTaken } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, notFound } from '../../core/errors';
import * as audit from '../audit/audit';
import type {
  PermissionProfile,
  permissionProfileBody,
  permissionProfilePatch,
  ProfileAssignment,
  profileAssignmentBody,
} from '../../../common/contract/profiles';
import { assertMayGive, assertMayTake, assertSeesRightsOf } from './grants';
import { assertCan } from './policy';

/**
 * Permission profiles and their assignments (docs/decisions/031-delegated-administration.md). Owners and Admins
 * (grants.manage) edit them; an assignment counts as the grants its profile bundles through the
 * `effective_grants` view (./effective.ts), so an edit changes every holder's rights at once.
 */
const PROFILE_SQL = `select p.*, (select count(*)::int from profile_assignments a where a.profile_id = p.id) as assignment_count
                       from permission_profiles p`;

function toProfile(r: any): PermissionProfile {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    permissions: r.permissions,
    assignmentCount: r.assignment_count ?? 0,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const nameTaken = () => new AppError('conflict', 'A profile with this name exists already.');

export async function listProfiles(sql: Sql, actor: Actor): Promise<PermissionProfile[]> {
  assertCan(actor, 'grants.manage');
  return (await sql.query(`${PROFILE_SQL} order by lower(p.name), p.id`)).map(toProfile);
}

async function loadProfile(sql: Sql, id: string): Promise<PermissionProfile> {
  const [row] = await sql.query(`${PROFILE_SQL} where p.id = $1`, [id]);
  if (!row) throw notFound('Permission profile');
  return toProfile(row);
}

export async function createProfile(
  tx: Sql,
  actor: Actor,
  input: z.infer<typeof permissionProfileBody>,
): Promise<PermissionProfile> {
  assertCan(actor, 'grants.manage');
  const id = randomUUID();
  const permissions = [...new Set(input.permissions)].sort();
  await unlessTaken(
    tx.query(`insert into permission_profiles (id, name, description, permissions) values ($1, $2, $3, $4)`, [
      id,
      input.name,
      input.description ?? '',
      permissions,
    ]),
    nameTaken,
  );
  await audit.recordCreated(tx, actor, 'permission_profile', id, { name: input.name, permissions });
  return loadProfile(tx, id);
}

export async function updateProfile(
  tx: Sql,
  actor: Actor,
  id: string,
  patch: z.infer<typeof permissionProfilePatch>,
): Promise<PermissionProfile> {
  assertCan(actor, 'grants.manage');
  const before = await loadProfile(tx, id);
  const after = {
    name: patch.name ?? before.name,
    description: patch.description ?? before.description,
    permissions: patch.permissions ? [...new Set(patch.permissions)].sort() : before.permissions,
  };
  await unlessTaken(
    tx.query(
      `update permission_profiles set name = $2, description = $3, permissions = $4, updated_at = now() where id = $1`,
      [id, after.name, after.description, after.permissions],
    ),
    nameTaken,
  );
  await audit.recordChange(
    tx,
    actor,
    { action: 'permission_profile.updated', targetType: 'permission_profile', targetId: id },
    { name: before.name, description: before.description, permissions: before.permissions },
    after,
  );
  return loadProfile(tx, id);
}

/** Deleting a profile removes its assignments (their holders lose what it gave). */
export async function deleteProfile(tx: Sql, actor: Actor, id: string): Promise<void> {
  assertCan(actor, 'grants.manage');
  const before = await loadProfile(tx, id);
  await tx.query(`delete from permission_profiles where id = $1`, [id]);
  await audit.recordDeleted(tx, actor, 'permission_profile', id, {
    name: before.name,
    permissions: before.permissions,
    assignmentCount: before.assignmentCount,
  });
}

const ASSIGNMENT_SQL = `select a.*, p.name as profile_name, p.permissions, t.name as team_name, g.name as group_name
                          from profile_assignments a join permission_profiles p on p.id = a.profile_id
                          left join teams t on t.id = a.team_id left join groups g on g.id = a.group_id`;

function toAssignment(r: any): ProfileAssignment {
  return {
    id: r.id,
    profileId: r.profile_id,
    profileName: r.profile_name,
    permissions: r.permissions,
    teamId: r.team_id,
    teamName: r.team_name,
    groupId: r.group_id,
    groupName: r.group_name,
    assignedBy: r.assigned_by,
    createdAt: r.created_at.toISOString(),
  };
}

export async function listAssignments(sql: Sql, actor: Actor, userId: string): Promise<ProfileAssignment[]> {
  await assertSeesRightsOf(sql, actor, userId);
  const rows = await sql.query(`${ASSIGNMENT_SQL} where a.user_id = $1 order by p.name, a.created_at, a.id`, [userId]);
  return rows.map(toAssignment);
}

/** Assigns a profile, as a grant is given (same checks: grants.manage, not oneself, the ladder). Idempotent. */
export async function addAssignment(
  tx: Sql,
  actor: Actor,
  userId: string,
  input: z.infer<typeof profileAssignmentBody>,
): Promise<ProfileAssignment> {
  const { teamId, groupId } = await assertMayGive(tx, actor, userId, input, 'You cannot assign a profile to yourself.');
  const profile = await loadProfile(tx, input.profileId);
  const [existing] = await tx.query(
    `select id from profile_assignments where user_id = $1 and profile_id = $2
        and coalesce(team_id, '') = coalesce($3, '') and coalesce(group_id, '') = coalesce($4, '')`,
    [userId, profile.id, teamId, groupId],
  );
  const id = existing?.id ?? randomUUID();
  if (!existing) {
    await tx.query(
      `insert into profile_assignments (id, user_id, profile_id, team_id, group_id, assigned_by) values ($1, $2, $3, $4, $5, $6)`,
      [id, userId, profile.id, teamId, groupId, actor.userId],
    );
    await audit.record(tx, actor, {
      action: 'profile_assignment.added',
      targetType: 'user',
      targetId: userId,
      after: { profileId: profile.id, profileName: profile.name, teamId, groupId },
    });
  }
  const [row] = await tx.query(`${ASSIGNMENT_SQL} where a.id = $1`, [id]);
  return toAssignment(row);
}

export async function removeAssignment(tx: Sql, actor: Actor, userId: string, assignmentId: string): Promise<void> {
  await assertMayTake(tx, actor, userId);
  const [row] = await tx.query(
    `delete from profile_assignments where id = $1 and user_id = $2 returning profile_id, team_id, group_id`,
    [assignmentId, userId],
  );
  if (!row) throw notFound('Profile assignment');
  await audit.record(tx, actor, {
    action: 'profile_assignment.removed',
    targetType: 'user',
    targetId: userId,
    before: { profileId: row.profile_id, teamId: row.team_id, groupId: row.group_id },
  });
}
