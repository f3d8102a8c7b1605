import type { Role } from '../../../shared/domain';
import type { Actor } from '../../http/actor';
import { AppError, forbidden, notFound } from '../../http/errors';

/**
 * The one place that decides who may do what (PRODUCT.md §2). Routes and use cases ask here;
 * none decides access on its own. Manager scope and permission grants extend this module.
 */
export const ABILITIES = [
  'people.view',
  'people.invite',
  'people.edit',
  'people.lifecycle', // deactivate / reactivate / set expiry / set password
  'people.delete', // anonymise, delete, restore
  'roles.assign',
  'audit.read',
  'settings.manage', // settings, custom fields, API tokens, mailbox
] as const;
export type Ability = (typeof ABILITIES)[number];

const ALL: Ability[] = [...ABILITIES];
const ROLE_ABILITIES: Record<Role, ReadonlySet<Ability>> = {
  owner: new Set(ALL),
  admin: new Set(ALL),
  hr: new Set(['people.view', 'people.invite', 'people.edit', 'people.lifecycle']),
  reporter: new Set(['audit.read']),
  curator: new Set(),
  learning_designer: new Set(),
  learner: new Set(),
};

export function can(actor: Actor, ability: Ability): boolean {
  if (actor.type === 'system') return true;
  return actor.role !== null && ROLE_ABILITIES[actor.role].has(ability);
}

export function assertCan(actor: Actor, ability: Ability): void {
  if (!can(actor, ability)) throw forbidden();
}

export function abilitiesOf(actor: Actor): Ability[] {
  return ABILITIES.filter((a) => can(actor, a));
}

/**
 * SQL condition (on alias `u`) for the users the actor can see at all. Everyone else answers 404.
 * Today: people viewers see everyone, others see themselves; manager scope will widen this.
 */
export function visibleUsersSql(actor: Actor, paramIndex: number): { sql: string; params: unknown[] } {
  if (can(actor, 'people.view')) return { sql: 'true', params: [] };
  return { sql: `u.id = $${paramIndex}`, params: [actor.userId] };
}

/** Throws 404 when the target is outside the actor's scope, 403 when visible but not allowed. */
export function assertCanActOn(actor: Actor, target: { id: string; role: Role }, ability: Ability): void {
  if (!canSee(actor, target)) throw notFound('User');
  assertCan(actor, ability);
  // An Admin may manage anyone but Owners; only Owners manage Owners.
  if (target.role === 'owner' && actor.type !== 'system' && actor.role !== 'owner' && ability !== 'people.view')
    throw forbidden('Only an Owner can change an Owner.');
}

export function canSee(actor: Actor, target: { id: string }): boolean {
  return can(actor, 'people.view') || actor.userId === target.id;
}

/** Nobody changes their own status (PRODUCT.md §1). */
export function assertNotSelf(actor: Actor, targetId: string, what = 'change your own status'): void {
  if (actor.userId === targetId && actor.type !== 'system') throw new AppError('forbidden', `You cannot ${what}.`);
}

/** Role assignment: only Owners make or unmake Owners; nobody raises their own role. */
export function assertMayAssignRole(actor: Actor, target: { id: string; role: Role }, newRole: Role): void {
  if (actor.type === 'system') return;
  assertCan(actor, 'roles.assign');
  if ((newRole === 'owner' || target.role === 'owner') && actor.role !== 'owner')
    throw forbidden('Only an Owner can give or take the Owner role.');
  if (actor.userId === target.id) throw forbidden('You cannot change your own role.');
}
