import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, invalid, notFound } from '../../core/errors';
import * as audit from '../audit/audit';
import { findUser } from '../people/repo';
import type { Grant } from '../../../common/contract/access';
import { assertCan, assertCanActOn, assertMayAffectCredentials, GRANTABLE } from './policy';

export const grantInputSchema = z
  .object({
    permission: z.enum(GRANTABLE),
    /** Limit the grant to the members of this team (with sub-teams); omitted → organisation-wide. */
    teamId: z.string().max(100).nullable().optional(),
    /** Or limit it to the members of this dynamic group (exactly one limit, or none). */
    groupId: z.string().max(100).nullable().optional(),
  })
  .strict();

function toGrant(r: any): Grant {
  return {
    id: r.id,
    permission: r.permission,
    teamId: r.team_id,
    groupId: r.group_id ?? null,
    grantedBy: r.granted_by,
    createdAt: r.created_at.toISOString(),
  };
}

/** Whoever sees a person sees the rights given to them (grants and profile assignments); 404 otherwise. */
export async function assertSeesRightsOf(sql: Sql, actor: Actor, userId: string, forUpdate = false) {
  const user = await findUser(sql, userId, { forUpdate });
  if (!user) throw notFound('User');
  await assertCanActOn(sql, actor, user, 'people.view');
  return user;
}

/**
 * The checks before giving a person rights — a grant or a permission profile, each with an optional limit: the
 * caller sees them and holds grants.manage, it is not themselves, the ladder allows it (decision 004), and the
 * limit is one team or one group that exists. Returns the limit as stored.
 */
export async function assertMayGive(
  tx: Sql,
  actor: Actor,
  userId: string,
  limit: { teamId?: string | null; groupId?: string | null },
  selfRefusal: string,
): Promise<{ teamId: string | null; groupId: string | null }> {
  const user = await assertSeesRightsOf(tx, actor, userId, true);
  assertCan(actor, 'grants.manage');
  if (actor.userId === userId) throw new AppError('forbidden', selfRefusal);
  assertMayAffectCredentials(actor, user, 'grant');
  const teamId = limit.teamId ?? null;
  const groupId = limit.groupId ?? null;
  await assertLimit(tx, teamId, groupId);
  return { teamId, groupId };
}

/** The checks before taking rights away: the caller sees the person and holds grants.manage. */
export async function assertMayTake(sql: Sql, actor: Actor, userId: string): Promise<void> {
  await assertSeesRightsOf(sql, actor, userId);
  assertCan(actor, 'grants.manage');
}

export async function listGrants(sql: Sql, actor: Actor, userId: string): Promise<Grant[]> {
  await assertSeesRightsOf(sql, actor, userId);
  const rows = await sql.query(`select * from permission_grants where user_id = $1 order by created_at, id`, [userId]);
  return rows.map(toGrant);
}

/** Grants a permission (Owners and Admins). Idempotent: granting twice returns the existing grant. */
export async function addGrant(
  tx: Sql,
  actor: Actor,
  userId: string,
  input: z.infer<typeof grantInputSchema>,
): Promise<Grant> {
  const { teamId, groupId } = await assertMayGive(
    tx,
    actor,
    userId,
    input,
    'You cannot grant permissions to yourself.',
  );
  const existing = await tx.query(
    `select * from permission_grants where user_id = $1 and permission = $2
        and coalesce(team_id, '') = coalesce($3, '') and coalesce(group_id, '') = coalesce($4, '')`,
    [userId, input.permission, teamId, groupId],
  );
  if (existing[0]) return toGrant(existing[0]);
  const [row] = await tx.query(
    `insert into permission_grants (id, user_id, permission, team_id, group_id, granted_by)
     values ($1, $2, $3, $4, $5, $6) returning *`,
    [randomUUID(), userId, input.permission, teamId, groupId, actor.userId],
  );
  await audit.record(tx, actor, {
    action: 'grant.added',
    targetType: 'user',
    targetId: userId,
    after: { permission: input.permission, teamId, groupId },
  });
  return toGrant(row);
}

export async function removeGrant(tx: Sql, actor: Actor, userId: string, grantId: string): Promise<void> {
  await assertMayTake(tx, actor, userId);
  const rows = await tx.query(
    `delete from permission_grants where id = $1 and user_id = $2 returning permission, team_id, group_id`,
    [grantId, userId],
  );
  if (!rows[0]) throw notFound('Grant');
  await audit.record(tx, actor, {
    action: 'grant.removed',
    targetType: 'user',
    targetId: userId,
    before: { permission: rows[0].permission, teamId: rows[0].team_id, groupId: rows[0].group_id },
  });
}

/**
 * A limit is a team (with its sub-teams) or a dynamic group, never both, and it must exist (teams and groups
 * are modules above this one: checked by table). Profile assignments use the same rule.
 */
export async function assertLimit(tx: Sql, teamId: string | null, groupId: string | null): Promise<void> {
  if (teamId && groupId)
    throw invalid('Limit to a team or to a group, not both.', [{ field: 'groupId', message: 'Choose one limit.' }]);
  if (teamId && !(await tx.query(`select 1 from teams where id = $1`, [teamId])).length)
    throw invalid('Unknown team.', [{ field: 'teamId', message: 'No team with this id.' }]);
  if (groupId && !(await tx.query(`select 1 from groups where id = $1`, [groupId])).length)
    throw invalid('Unknown group.', [{ field: 'groupId', message: 'No group with this id.' }]);
}
