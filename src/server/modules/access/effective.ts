import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import type { Role } from '../../../common/domain';

/**
 * THE effective grants of a person (docs/decisions/031-delegated-administration.md): their own permission
 * grants and the permissions their assigned profiles bundle, each with its limit (a team, a group, or none).
 * One source, the `effective_grants` view (migration 050): the session (http/auth.ts), the policy, the UI's
 * abilities, the list's visibility, the jobs acting for their starter and the explainer all read it here.
 */
export type EffectiveGrant = NonNullable<Actor['grants']>[number];

/** Actor['grants'] as a JSON array, for a query over `users <alias>`. */
export function grantsJsonSql(alias = 'u'): string {
  return `coalesce((select json_agg(json_build_object('permission', g.permission, 'teamId', g.team_id, 'groupId', g.group_id))
                      from effective_grants g where g.user_id = ${alias}.id), '[]'::json)`;
}

/** The paths of the teams the person's team-limited grants are on (Actor['scope'].teamPaths), over `users <alias>`. */
export function grantTeamPathsSql(alias = 'u'): string {
  return `coalesce((select array_agg(distinct t.path) from effective_grants g join teams t on t.id = g.team_id
                          where g.user_id = ${alias}.id), '{}'::text[])`;
}

/** One person's effective grants. */
export async function effectiveGrantsOf(sql: Sql, userId: string): Promise<EffectiveGrant[]> {
  return sql.query<EffectiveGrant>(
    `select distinct permission, team_id as "teamId", group_id as "groupId" from effective_grants where user_id = $1`,
    [userId],
  );
}

/** Whether a grant is limited (to a team or a group). */
export function isLimited(g: EffectiveGrant): boolean {
  return Boolean(g.teamId || g.groupId);
}

/**
 * A person as the policy sees them when they act (their role and effective grants, as http/auth.ts loads them),
 * for the explainer and "what this person can reach". Null for an unknown or deleted person.
 */
export async function actorForUser(sql: Sql, userId: string): Promise<Actor | null> {
  const [u] = await sql.query<{ role: Role; grants: EffectiveGrant[] }>(
    `select u.role, ${grantsJsonSql('u')} as grants from users u where u.id = $1 and u.deleted_at is null`,
    [userId],
  );
  return u ? { type: 'user', userId, role: u.role, grants: u.grants } : null;
}
