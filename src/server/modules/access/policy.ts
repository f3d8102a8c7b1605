import type { Sql } from '../../db/index';
import { rankOf, type Role } from '../../../common/domain';
import { ABILITIES, GRANTABLE, type Ability } from '../../../common/contract/access';
import type { Actor } from '../../core/actor';
import { AppError, forbidden, notFound } from '../../core/errors';
import { can, MANAGER_ABILITIES, ROLE_ABILITIES } from './roles';
import { canSee, relationTo, visibleAmong, visibleUsersSql, type Relation } from './scope';

/**
 * The one place that decides who may do what and who sees whom (docs/product-rules.md §2). Routes, lists,
 * bulk actions and jobs ask here; none decides access on its own.
 *
 * Three sources of rights: the platform role (table below), permission grants (organisation-wide
 * or limited to a team), and being someone's manager (direct or indirect: MANAGER_ABILITIES on
 * reports only). Anyone outside the caller's scope does not exist for them: 404, never 403.
 */
// The ability names live in the contract, which the UI reads too.
export { ABILITIES, GRANTABLE, type Ability };
// The rule's parts, one file each (docs/decisions/004-access-policy.md): roles, scope (who sees whom, and why).
export { can, ROLE_ABILITIES, canSee, relationTo, visibleAmong, visibleUsersSql, type Relation };
export { belowUserSql } from '../people/hierarchy';

export function assertCan(actor: Actor, ability: Ability): void {
  if (!can(actor, ability)) throw forbidden();
}

/** Owner-only areas (background jobs): an Admin is refused like everyone else. */
export function assertOwner(actor: Actor, what: string): void {
  if (actor.role !== 'owner') throw forbidden(`Only an Owner can ${what}.`);
}

/** Abilities the actor has somewhere (organisation-wide, over a team, or over reports): drives navigation. */
export function abilitiesOf(actor: Actor, hasReports = false): Ability[] {
  return ABILITIES.filter(
    (a) =>
      can(actor, a) ||
      (actor.grants ?? []).some((g) => g.permission === a) ||
      (a === 'people.bulk_update' && updatesByFileWithinLimit(actor)) ||
      (hasReports && MANAGER_ABILITIES.includes(a)),
  );
}

/**
 * people.bulk_update (updating people by CSV) within a limit: a people.edit grant limited to a team or a group
 * lets its holder update the people of that limit by file, each row decided by the policy as an edit
 * (docs/decisions/031-delegated-administration.md).
 */
function updatesByFileWithinLimit(actor: Actor): boolean {
  return (actor.grants ?? []).some((g) => g.permission === 'people.edit' && Boolean(g.teamId || g.groupId));
}

/**
 * THE decision on one person, from a relation (scope.relationTo): 'not_visible' (404), 'forbidden' (403, with
 * the reason) or 'allowed'. assertCanActOn throws from it; the per-person actions and the access explainer
 * read it, so what the UI shows and what the explainer says are what the server decides.
 */
export type Decision = { outcome: 'allowed' } | { outcome: 'not_visible' } | { outcome: 'forbidden'; message?: string };
export function decide(actor: Actor, target: { id: string; role: Role }, rel: Relation, ability: Ability): Decision {
  if (actor.type === 'system') return { outcome: 'allowed' };
  if (!rel.visible) return { outcome: 'not_visible' };
  if (!rel.abilities.has(ability)) return { outcome: 'forbidden' };
  // Only Owners manage Owners.
  if (target.role === 'owner' && actor.role !== 'owner' && ability !== 'people.view' && !rel.self)
    return { outcome: 'forbidden', message: 'Only an Owner can change an Owner.' };
  // A grant limited to a team or a group never reaches above the holder (docs/decisions/031-delegated-administration.md).
  if (
    ability !== 'people.view' &&
    !rel.self &&
    !reachedWithoutLimit(rel, ability) &&
    !limitedGrantReaches(actor, target, ability)
  )
    return {
      outcome: 'forbidden',
      message: 'A permission limited to a team or a group does not reach Admins, Owners or people ranked above you.',
    };
  // A session opened with "login as" cannot act on the person who opened it.
  if (actor.impersonatorId && target.id === actor.impersonatorId)
    return { outcome: 'forbidden', message: 'You cannot change the account you are signed in from.' };
  return { outcome: 'allowed' };
}

/** Whether some reason other than a team- or group-limited grant gives the ability. */
function reachedWithoutLimit(rel: Relation, ability: Ability): boolean {
  return rel.reasons.some(
    (r) => r.abilities.includes(ability) && !(r.kind === 'grant' && (r.teamId !== null || r.groupId)),
  );
}

/**
 * What a limited grant may act on: people who are not Admins or Owners and not ranked above the holder
 * (viewing excepted: a limited grant shows everyone in its team or group).
 */
export function limitedGrantReaches(actor: Actor, target: { role: Role }, ability: Ability): boolean {
  if (target.role !== 'owner' && target.role !== 'admin' && rankOf(target.role) <= rankOf(actor.role)) return true;
  // The ladder's one exception (decision 004): the creator of a never-used account may invite it or set its first
  // password — also when they created it through a limited grant.
  const t = target as CredentialTarget;
  return (
    (ability === 'people.invite' || ability === 'people.lifecycle') &&
    !!actor.userId &&
    t.created_by === actor.userId &&
    !t.last_sign_in_at
  );
}

/** 404 when the target is outside the actor's scope, 403 when visible but not allowed. */
export async function assertCanActOn(
  sql: Sql,
  actor: Actor,
  target: { id: string; role: Role },
  ability: Ability,
): Promise<Relation> {
  const rel = await relationTo(sql, actor, target);
  const d = decide(actor, target, rel, ability);
  if (d.outcome === 'not_visible') throw notFound('User');
  if (d.outcome === 'forbidden') throw forbidden(d.message);
  return rel;
}

/**
 * Whether the actor's role is above the target's on the role ladder (ROLE_RANK, common/domain.ts; grants
 * and managing people never raise a rank). The system, for jobs, is above everyone.
 */
export function outranks(actor: Actor, target: { role: Role }): boolean {
  if (actor.type === 'system') return true;
  return actor.role !== null && rankOf(actor.role) > rankOf(target.role);
}

/**
 * Actions that hand out a credential (password, sign-in address, invitation, role, grant, session)
 * of an account, or end its sessions. `team_member` counts because team-limited grants then cover the person.
 */
export type CredentialAction =
  'password' | 'email' | 'invite' | 'role' | 'grant' | 'impersonate' | 'end_sessions' | 'team_member';

/** The only actions the creator of a never-used account may take on it whatever its rank. */
const FIRST_ACCESS: readonly CredentialAction[] = ['password', 'invite'];

/** What the ladder rule needs to know about the target (users columns, migration 011). */
export interface CredentialTarget {
  id: string;
  role: Role;
  created_by?: string | null;
  last_sign_in_at?: Date | null;
}

/**
 * THE LADDER RULE: nobody obtains a credential, a session or the role of an account whose rank is
 * equal to or above their own — the actor must outrank the target. One exception: an account that
 * has never signed in may be invited, or given a first password, by the person who created it.
 * Oneself is never outranked: one's own account changes through the /me flows.
 */
export function mayAffectCredentials(actor: Actor, target: CredentialTarget, action: CredentialAction): boolean {
  if (outranks(actor, target)) return true;
  if (action === 'team_member' && (actor.role === 'owner' || actor.role === 'admin')) return true; // their rights are organisation-wide already
  return (
    FIRST_ACCESS.includes(action) && !target.last_sign_in_at && !!actor.userId && target.created_by === actor.userId
  );
}

export function assertMayAffectCredentials(actor: Actor, target: CredentialTarget, action: CredentialAction): void {
  if (!mayAffectCredentials(actor, target, action))
    throw forbidden(
      'You can only do this for people whose role is below yours (an Owner is above an Admin, an Admin above HR, HR above the other roles).',
    );
}

/**
 * A "login as" session may look and act, but never change a password, an email address or a token:
 * those would outlive its 30 minutes and act without the impersonator's name in the audit.
 */
export function assertNotLoginAs(actor: Actor, what: string): void {
  if (actor.impersonatorId) throw forbidden(`You cannot ${what} while signed in as someone else.`);
}

/** API tokens are made by a person signed in with their own cookie session: not by a token, not in "login as". */
export function assertMayCreateToken(actor: Actor): void {
  if (actor.type !== 'user')
    throw forbidden('API tokens can only be created from a signed-in session, not with another token.');
  assertNotLoginAs(actor, 'create an API token');
  assertCan(actor, 'settings.manage');
}

/**
 * Adding someone to a team: they must be visible to the caller (404 otherwise, as for anyone out of
 * scope) and, unless the caller is an Owner or Admin, below the caller on the ladder.
 */
export async function assertMayAddToTeam(sql: Sql, actor: Actor, target: CredentialTarget): Promise<void> {
  if (!(await canSee(sql, actor, target))) throw notFound('User');
  assertMayAffectCredentials(actor, target, 'team_member');
}

/**
 * Creating a person: people.invite organisation-wide, or limited to a team or a group — then the person
 * must land inside the limit. `assertCreateWithinLimit` runs after the person, their teams and their groups
 * are written (same transaction): the one policy (relationTo + decide) must give the creator people.invite
 * on them, else the creation is refused and rolled back (docs/decisions/031-delegated-administration.md).
 */
export function assertMayCreatePeople(actor: Actor): void {
  if (!can(actor, 'people.invite') && !(actor.grants ?? []).some((g) => g.permission === 'people.invite'))
    throw forbidden();
}

export async function assertCreateWithinLimit(sql: Sql, actor: Actor, created: { id: string; role: Role }) {
  if (can(actor, 'people.invite')) return;
  const rel = await relationTo(sql, actor, created);
  if (decide(actor, created, rel, 'people.invite').outcome !== 'allowed')
    throw new AppError(
      'forbidden',
      'You can only add people to the teams or groups your invite permission is limited to.',
      [{ field: 'teamIds', message: 'Choose one of your teams.' }],
    );
}

/**
 * CSV imports (docs/product-rules.md §3): adding new people needs the invite right, as `POST /users` does
 * (assertMayCreatePeople: organisation-wide or limited); updating existing people (modes update and add_update)
 * needs people.bulk_update — Owners and Admins — or a limited people.edit grant. Without the organisation-wide
 * right, each row is decided within the limit (imports/delegation.ts, docs/decisions/031-delegated-administration.md).
 */
export function assertMayImport(actor: Actor, mode: 'add' | 'update' | 'add_update'): void {
  if (mode !== 'update') assertMayCreatePeople(actor);
  if (mode !== 'add' && !can(actor, 'people.bulk_update') && !updatesByFileWithinLimit(actor)) throw forbidden();
}

/** Who may use imports at all (upload, template, their own imports). */
export function mayImport(actor: Actor): boolean {
  return abilitiesOf(actor).some((a) => a === 'people.invite' || a === 'people.bulk_update');
}

/** Imports started by others are visible to importers who see everyone (their rows name people). */
export function canSeeAllImports(actor: Actor): boolean {
  return mayImport(actor) && can(actor, 'people.view');
}

/** Nobody changes their own status (docs/product-rules.md §1). */
export function assertNotSelf(actor: Actor, targetId: string, what = 'change your own status'): void {
  if (actor.userId === targetId && actor.type !== 'system') throw new AppError('forbidden', `You cannot ${what}.`);
}

/**
 * Role assignment: only Owners make or unmake Owners; nobody changes their own role; the person
 * must be below the actor (the ladder rule), and so must the new role, except that Owners make Owners.
 * `target` is null for a person being created.
 */
export function assertMayAssignRole(actor: Actor, target: CredentialTarget | null, newRole: Role): void {
  const refusal = roleRefusal(actor, target, newRole);
  if (refusal !== null) throw forbidden(refusal || undefined);
}

/**
 * Why the actor may not give `target` a role (null: they may; '' : no particular reason). Without `newRole`:
 * whether they may change the person's role at all (the profile's "change_role" action).
 */
export function roleRefusal(actor: Actor, target: CredentialTarget | null, newRole?: Role): string | null {
  if (actor.type === 'system') return null;
  if (!can(actor, 'roles.assign')) return '';
  if ((newRole === 'owner' || target?.role === 'owner') && actor.role !== 'owner')
    return 'Only an Owner can give or take the Owner role.';
  if (target && actor.userId === target.id) return 'You cannot change your own role.';
  if (target && !mayAffectCredentials(actor, target, 'role'))
    return 'You can only do this for people whose role is below yours (an Owner is above an Admin, an Admin above HR, HR above the other roles).';
  if (newRole !== undefined && newRole !== 'owner' && !outranks(actor, { role: newRole }))
    return 'You can only give roles below your own.';
  return null;
}
