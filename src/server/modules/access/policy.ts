import { escapeLike, type Sql } from '../../db/index';
import { rankOf, type Role } from '../../../common/domain';
import { ABILITIES, GRANTABLE, type Ability } from '../../../common/contract/access';
import type { Actor } from '../../core/actor';
import { AppError, forbidden, notFound } from '../../core/errors';
import { cachedSettings } from '../settings/settings';

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

const ALL: Ability[] = [...ABILITIES];
export const ROLE_ABILITIES: Record<Role, ReadonlySet<Ability>> = {
  owner: new Set(ALL),
  admin: new Set(ALL),
  hr: new Set([
    'people.view',
    'people.invite',
    'people.edit',
    'people.lifecycle',
    'notes',
    'teams.manage',
    'groups.manage',
    'reports.view',
  ]),
  reporter: new Set(['audit.read']),
  curator: new Set(),
  learning_designer: new Set(),
  learner: new Set(),
};

/** What a manager may do to their direct and indirect reports. */
const MANAGER_ABILITIES: Ability[] = ['people.view', 'notes'];

/** Organisation-wide abilities: the role's plus unlimited grants. */
export function can(actor: Actor, ability: Ability): boolean {
  if (actor.type === 'system') return true;
  if (actor.role !== null && ROLE_ABILITIES[actor.role].has(ability)) return true;
  return (actor.grants ?? []).some((g) => g.permission === ability && g.teamId === null);
}

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
      (hasReports && MANAGER_ABILITIES.includes(a)),
  );
}

/**
 * SQL condition on alias `u` for the users the actor can see: everyone with people.view, otherwise
 * themselves and everyone below them in the reporting line. `param` binds a value and returns its
 * placeholder.
 */
export async function visibleUsersSql(sql: Sql, actor: Actor, param: (value: unknown) => string): Promise<string> {
  if (can(actor, 'people.view')) return 'true';
  const parts = [await selfAndBelowSql(sql, actor, param)];
  const teamPaths = await grantedTeamPaths(sql, actor);
  if (teamPaths.length)
    parts.push(
      `u.id in (select tm.user_id from team_members tm join teams t on t.id = tm.team_id where t.path like any(${param(teamPaths.map((p) => escapeLike(p) + '%'))}::text[]))`,
    );
  return `(${parts.join(' or ')})`;
}

/** Paths of the teams the actor holds a team-limited grant on (their sub-teams are covered too). */
async function grantedTeamPaths(sql: Sql, actor: Actor): Promise<string[]> {
  if (actor.scope) return actor.scope.teamPaths; // loaded with the session (http/auth.ts)
  const teamIds = [...new Set((actor.grants ?? []).filter((g) => g.teamId).map((g) => g.teamId!))];
  if (!teamIds.length) return [];
  const rows = await sql.query<{ path: string }>(`select path from teams where id = any($1::text[])`, [teamIds]);
  return rows.map((r) => r.path);
}

/** Condition on `u` for "this user or anyone reporting to them": one prefix match on line_path (migration 010). */
async function selfAndBelowSql(sql: Sql, actor: Actor, param: (value: unknown) => string): Promise<string> {
  const userId = actor.userId!;
  const linePath =
    actor.scope !== undefined
      ? actor.scope.linePath // loaded with the session (http/auth.ts)
      : (await sql.query<{ line_path: string }>(`select line_path from users where id = $1`, [userId]))[0]?.line_path;
  if (!linePath) return `u.id = ${param(userId)}`;
  return `u.line_path like ${param(escapeLike(linePath) + '%')}`;
}

/**
 * Condition on `u` for "reports to this user, directly or indirectly": one prefix match on the
 * stored manager_path (migration 006), served by its index because the prefix is a bound value.
 */
export async function belowUserSql(sql: Sql, userId: string, param: (value: unknown) => string): Promise<string> {
  const [row] = await sql.query<{ prefix: string }>(
    `select manager_path || id || '/' as prefix from users where id = $1`,
    [userId],
  );
  if (!row) return 'false';
  return `u.manager_path like ${param(escapeLike(row.prefix) + '%')}`;
}

export interface Relation {
  visible: boolean;
  self: boolean;
  /** The target is a direct or indirect report of the actor. */
  report: boolean;
  /** Every ability the actor has on this target. */
  abilities: Set<Ability>;
}

/**
 * How the actor stands towards one user: one indexed query at most. `known.managerPath`: the target's stored
 * manager_path, read in this request with the row (GET /users/{id}), answers "reports to the actor" without a
 * query; with no team-limited grant the relation then costs no round trip (docs/decisions/019-fast-path.md).
 */
export async function relationTo(
  sql: Sql,
  actor: Actor,
  target: { id: string },
  known: { managerPath?: string } = {},
): Promise<Relation> {
  const self = actor.userId === target.id;
  const abilities = new Set(ABILITIES.filter((a) => can(actor, a)));
  let report = false;
  if (actor.userId && !self) {
    // Below the actor in the reporting line: the stored path of the target names the actor.
    if (typeof known.managerPath === 'string') report = known.managerPath.includes(`/${actor.userId}/`);
    else
      report =
        (
          await sql.query(`select 1 from users where id = $1 and manager_path like $2`, [
            target.id,
            `%/${escapeLike(actor.userId)}/%`,
          ])
        ).length > 0;
    if (report) {
      for (const a of MANAGER_ABILITIES) abilities.add(a);
      if ((await cachedSettings(sql)).managersMayEditReports) abilities.add('people.edit');
    }
    // Team-limited grants apply to members of the team and of its sub-teams; holding one shows the person.
    if ((actor.grants ?? []).some((g) => g.teamId)) {
      const granted = await sql.query<{ permission: Ability }>(
        `select distinct g.permission
           from permission_grants g
           join teams gt on gt.id = g.team_id
           join team_members tm on tm.user_id = $2
           join teams t on t.id = tm.team_id and t.path like gt.path || '%'
          where g.user_id = $1`,
        [actor.userId, target.id],
      );
      for (const g of granted) abilities.add(g.permission).add('people.view');
    }
  }
  if (self) abilities.add('people.view'); // everyone sees their own record
  return { visible: self || report || abilities.has('people.view'), self, report, abilities };
}

export async function canSee(sql: Sql, actor: Actor, target: { id: string }): Promise<boolean> {
  return actor.type === 'system' || (await relationTo(sql, actor, target)).visible;
}

/** 404 when the target is outside the actor's scope, 403 when visible but not allowed. */
export async function assertCanActOn(
  sql: Sql,
  actor: Actor,
  target: { id: string; role: Role },
  ability: Ability,
): Promise<Relation> {
  const rel = await relationTo(sql, actor, target);
  if (actor.type === 'system') return rel;
  if (!rel.visible) throw notFound('User');
  if (!rel.abilities.has(ability)) throw forbidden();
  // Only Owners manage Owners.
  if (target.role === 'owner' && actor.role !== 'owner' && ability !== 'people.view' && !rel.self)
    throw forbidden('Only an Owner can change an Owner.');
  // A session opened with "login as" cannot act on the person who opened it.
  if (actor.impersonatorId && target.id === actor.impersonatorId)
    throw forbidden('You cannot change the account you are signed in from.');
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
 * CSV imports (docs/product-rules.md §3): adding new people needs the invite right; updating existing people
 * (modes update and add_update) is for Owners and Admins only.
 */
export function assertMayImport(actor: Actor, mode: 'add' | 'update' | 'add_update'): void {
  assertCan(actor, mode === 'add' ? 'people.invite' : 'people.bulk_update');
}

/** Who may use imports at all (upload, template, their own imports). */
export function mayImport(actor: Actor): boolean {
  return can(actor, 'people.invite') || can(actor, 'people.bulk_update');
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
  if (actor.type === 'system') return;
  assertCan(actor, 'roles.assign');
  if ((newRole === 'owner' || target?.role === 'owner') && actor.role !== 'owner')
    throw forbidden('Only an Owner can give or take the Owner role.');
  if (target && actor.userId === target.id) throw forbidden('You cannot change your own role.');
  if (target) assertMayAffectCredentials(actor, target, 'role');
  if (newRole !== 'owner' && !outranks(actor, { role: newRole }))
    throw forbidden('You can only give roles below your own.');
}
