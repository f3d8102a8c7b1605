import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { forbidden, notFound } from '../../core/errors';
import { actorForUser } from './effective';
import { can } from './roles';
import { canSee, visibleUsersSql } from './scope';

/**
 * "What this person can reach" (docs/decisions/031-delegated-administration.md): the people the person sees,
 * by the same visibility as their own People list (scope.visibleUsersSql over their role, grants, profiles and
 * reporting line). Asked by the person themselves, or by Owners and Admins (grants.manage) about people they see.
 */
export async function holderFor(sql: Sql, viewer: Actor, holderId: string): Promise<Actor> {
  const holder = await actorForUser(sql, holderId);
  if (!holder || !(await canSee(sql, viewer, { id: holderId }))) throw notFound('User');
  if (viewer.userId !== holderId && !can(viewer, 'grants.manage'))
    throw forbidden('Only Owners and Admins can see what another person can reach.');
  return holder;
}

/** The People list's `reachOf=<id>` filter: an SQL condition on alias `u` (the viewer's own scope applies too). */
export async function reachOfSql(
  sql: Sql,
  viewer: Actor,
  holderId: string,
  param: (value: unknown) => string,
): Promise<string> {
  return visibleUsersSql(sql, await holderFor(sql, viewer, holderId), param);
}
