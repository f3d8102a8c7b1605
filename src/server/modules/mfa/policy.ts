import type { Role } from '../../../common/domain';
import type { Actor } from '../../core/actor';
import { forbidden } from '../../core/errors';
import type { Settings } from '../../../common/contract/settings';

/** Whether the organisation requires a second factor of this person at password sign-in. */
export function secondFactorRequired(
  settings: Pick<Settings, 'mfaRequiredForAdmins' | 'mfaRequiredForEveryone'>,
  role: Role,
): boolean {
  return settings.mfaRequiredForEveryone || (settings.mfaRequiredForAdmins && (role === 'owner' || role === 'admin'));
}

/** What a session opened by a password alone, pending enrolment, may call: its own factors, its session, sign-out. */
export function enrolmentSessionAllows(method: string, url: string): boolean {
  const path = url.split('?')[0]!;
  if (method === 'GET' && path === '/api/v1/auth/session') return true;
  if (method === 'POST' && path === '/api/v1/auth/logout') return true;
  return /^\/api\/v1\/me\/(mfa|passkeys)(\/|$)/.test(path);
}

/** One's own factors change only in one's own session: not with an API token, not during "login as". */
export function assertMayChangeOwnFactors(actor: Actor): void {
  if (actor.type !== 'user')
    throw forbidden('Second factors are managed from a signed-in session, not with an API token.');
  if (actor.impersonatorId) throw forbidden('Second factors cannot be changed while signed in as someone else.');
}
