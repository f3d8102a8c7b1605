import type { Actor } from '../../core/actor';
import type { UserAction } from '../../../common/contract/actions';
import { allowedEvents } from '../people/lifecycle';
import type { UserRow } from '../people/repo';
import { can, decide, mayAffectCredentials, outranks, roleRefusal, type Ability, type Relation } from './policy';

/**
 * The people rules' second output (docs/decisions/004-access-policy.md "Two outputs"): what this viewer may
 * do to this person now, as `allowedActions` of GET /users/{id}. The UI shows exactly these buttons and
 * panels and derives none itself; each entry is computed with the same functions the use case asserts.
 */
export function personActions(actor: Actor, u: UserRow, rel: Relation): UserAction[] {
  if (u.deleted_at) return can(actor, 'people.delete') ? ['restore'] : [];
  const has = (a: Ability) => decide(actor, u, rel, a).outcome === 'allowed';
  const others = !rel.self && actor.impersonatorId !== u.id;
  const ladder = (a: Parameters<typeof mayAffectCredentials>[2]) => mayAffectCredentials(actor, u, a);
  const events = new Set(allowedEvents({ status: u.status }));
  const out: UserAction[] = [];
  if (has('people.edit') && u.status !== 'anonymised') out.push('edit');
  if (has('people.invite') && ladder('invite')) {
    if (events.has('send_invite')) out.push(u.status === 'invite_pending' ? 'resend_invite' : 'invite');
    if (events.has('schedule_invite')) out.push('schedule_invite');
    if (events.has('cancel_invite')) out.push('cancel_invite');
  }
  if (others && has('people.lifecycle')) {
    if (events.has('deactivate')) out.push('deactivate');
    if (events.has('reactivate')) out.push('reactivate');
    if ((events.has('confirm') || u.status === 'confirmed') && ladder('password') && !actor.impersonatorId)
      out.push('set_password');
    if (u.status !== 'anonymised' && ladder('end_sessions')) out.push('end_sessions');
  }
  if (others && has('people.delete')) {
    if (events.has('anonymise')) out.push('anonymise');
    if (u.status !== 'anonymised') out.push('delete');
  }
  if (
    others &&
    has('people.impersonate') &&
    u.status === 'confirmed' &&
    u.role !== 'owner' &&
    !actor.impersonatorId &&
    ladder('impersonate')
  )
    out.push('impersonate');
  if (has('notes') && !rel.self) out.push('notes');
  if (others && has('people.lifecycle') && u.status !== 'anonymised') out.push('set_expiry');
  if (others && has('people.lifecycle') && outranks(actor, u) && !actor.impersonatorId) out.push('reset_mfa');
  if (u.status !== 'anonymised' && roleRefusal(actor, u) === null) out.push('change_role');
  if (can(actor, 'grants.manage') && !rel.self && ladder('grant')) out.push('manage_grants');
  if (decide(actor, u, rel, 'people.delete').outcome === 'allowed') out.push('export_personal_data');
  if (can(actor, 'grants.manage')) out.push('explain_access');
  return out;
}
