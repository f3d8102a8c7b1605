import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import type { Role } from '../../../common/domain';
import { createUser } from '../users/service';
import { normalizeEmail } from '../people/email';
import type { UserRow } from '../people/repo';
import { createUserSchema } from '../people/schemas';
import { transition } from '../people/transitions';

/**
 * A person who came in by themselves (self sign-up, or just-in-time through SSO) becomes a confirmed user
 * through the same use cases as an administrator's invite: creation, then the `confirm` transition.
 */
export async function createConfirmedUser(
  tx: Sql,
  actor: Actor,
  p: {
    email: string;
    firstName: string;
    lastName: string;
    role: Role;
    language?: string | null;
    employeeId?: string | null;
    passwordHash: string | null;
  },
): Promise<UserRow> {
  const input = createUserSchema.parse({
    email: p.email,
    firstName: p.firstName,
    lastName: p.lastName,
    role: p.role,
    language: p.language ?? undefined,
    employeeId: p.employeeId ?? undefined,
  });
  let user = await createUser(tx, actor, input);
  if (p.passwordHash)
    [user] = (await tx.query<UserRow>(
      `update users set password_hash = $2, password_changed_at = now() where id = $1 returning *`,
      [user.id, p.passwordHash],
    )) as [UserRow];
  return transition(tx, actor, user, 'confirm');
}

/** The part after the @ of the normalised address (lower case, punycode). */
export function emailDomain(email: string): string {
  const key = normalizeEmail(email);
  return key.slice(key.lastIndexOf('@') + 1);
}

/** A domain list allows an address at the domain itself or any subdomain; an empty list allows none. */
export function domainAllowed(email: string, allowed: string[]): boolean {
  const d = emailDomain(email);
  return allowed.some((a) => d === a || d.endsWith(`.${a}`));
}

/** SSO is on once an issuer, a client id and a client secret are set. */
export function ssoConfigured(sso: {
  issuer: string | null;
  clientId: string | null;
  clientSecretSet: boolean;
}): boolean {
  return Boolean(sso.issuer && sso.clientId && sso.clientSecretSet);
}
