import type { Role } from '../../../common/domain';
import { ABILITIES, PEOPLE_WORK, type Ability } from '../../../common/contract/access';
import type { Actor } from '../../core/actor';

/**
 * The first source of rights: the platform role (docs/product-rules.md §2), plus organisation-wide
 * grants. Synchronous: an actor's grants are loaded with the session.
 */
const ALL: Ability[] = [...ABILITIES];
export const ROLE_ABILITIES: Record<Role, ReadonlySet<Ability>> = {
  owner: new Set(ALL),
  admin: new Set(ALL),
  hr: new Set([...PEOPLE_WORK, 'reports.view']),
  reporter: new Set(['audit.read']),
  curator: new Set(),
  learning_designer: new Set(),
  learner: new Set(),
};

/** What a manager may do to their direct and indirect reports (people.edit too when the setting is on). */
export const MANAGER_ABILITIES: readonly Ability[] = ['people.view', 'notes'];

/** Organisation-wide abilities: the role's plus unlimited grants. */
export function can(actor: Actor, ability: Ability): boolean {
  if (actor.type === 'system') return true;
  if (actor.role !== null && ROLE_ABILITIES[actor.role].has(ability)) return true;
  return (actor.grants ?? []).some((g) => g.permission === ability && !g.teamId && !g.groupId);
}
