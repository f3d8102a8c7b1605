import type { FastifyBaseLogger } from 'fastify';
import type { Sql } from '../../db/index';
import { systemActor, type Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import * as audit from '../audit/audit';
import { findByEmail, findUser, type UserRow } from '../people/repo';
import { normalizeEmail } from '../people/email';
import { transition } from '../people/transitions';
import { canApply } from '../people/lifecycle';
import { createConfirmedUser, domainAllowed } from './accounts';
import { refuseUnusable } from './login';
import { recordAttempt } from './ssoAttempts';

/**
 * Why an SSO sign-in (OpenID Connect or SAML) was refused. `code` goes to the sign-in page (the codes of
 * password sign-in where they apply), `reason` to the log and the attempts list, `message` is the sentence
 * for the person.
 */
export class SsoRefusal extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    message: string,
    readonly email: string | null = null,
    /** What the log needs beyond the sentence (the provider's error code), never a token or secret. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** Who the identity provider says signed in, in the same words for OpenID Connect and SAML. */
export interface SsoIdentity {
  /** Names the provider in `user_identities` (the OIDC issuer, or `saml:` + the IdP's entity id). */
  issuer: string;
  subject: string;
  email: string | null;
  /** true / false as the provider says; undefined when it says nothing (docs/decisions/010-single-sign-on.md). */
  emailVerified: boolean | undefined;
  firstName?: string | null;
  lastName?: string | null;
  language?: string | null;
  employeeId?: string | null;
}

/** What the organisation allows a provider to do: the `sso` or the `saml` settings. */
export interface SsoRules {
  jitCreation: boolean;
  allowedDomains: string[];
  trustUnverifiedEmail: boolean;
}

/**
 * Matches the person by provider subject once linked, otherwise by email, then links them.
 * A linked person is never matched again by email: a changed email at the provider still signs in the
 * same person and is only reported. Owners are never signed in by SSO (docs/decisions/010-single-sign-on.md).
 * Returns the person to open a session for (the caller opens it, as SSO sign-ins ask no second factor:
 * docs/decisions/013-second-factor.md).
 */
export async function signInWithIdentity(
  tx: Sql,
  rules: SsoRules,
  identity: SsoIdentity,
  ctx: Pick<Actor, 'ip' | 'requestId'>,
): Promise<{ user: UserRow; emailDiffers: boolean }> {
  const actor: Actor = { ...systemActor('sso'), ...ctx };
  const { issuer, subject, email } = identity;
  const refuse = (code: string, reason: string, message: string) => new SsoRefusal(code, reason, message, email);
  const linked = await tx.query<{ user_id: string }>(
    `select user_id from user_identities where issuer = $1 and subject = $2`,
    [issuer, subject],
  );
  let user = linked[0] ? await findUser(tx, linked[0].user_id, { forUpdate: true }) : null;
  if (user?.status === 'anonymised') {
    // Nobody is behind an anonymised account any more: the link goes, and the person is matched afresh.
    await tx.query(`delete from user_identities where user_id = $1`, [user.id]);
    user = null;
  }
  const emailDiffers = Boolean(user && email && normalizeEmail(email) !== user.email_normalized);
  if (!user) {
    if (!email)
      throw refuse(
        'email_not_verified',
        'email_missing',
        'Your identity provider did not send an email address, so we cannot match it to an account.',
      );
    refuseUntrustedEmail(identity.emailVerified, rules.trustUnverifiedEmail, refuse);
    const byEmail = await findByEmail(tx, email);
    user =
      byEmail && !byEmail.deleted_at && byEmail.status !== 'anonymised'
        ? await findUser(tx, byEmail.id, { forUpdate: true })
        : null;
    if (!user && byEmail) throw refuse('invalid_credentials', 'no_account', NO_ACCOUNT);
    if (user?.role === 'owner') throw refuse('owner_password_only', 'owner_password_only', OWNER_PASSWORD_ONLY);
    if (!user) {
      if (!rules.jitCreation) throw refuse('invalid_credentials', 'no_account', NO_ACCOUNT);
      if (!domainAllowed(email, rules.allowedDomains))
        throw refuse('invalid_credentials', 'domain_not_allowed', NO_ACCOUNT);
      user = await createConfirmedUser(tx, actor, {
        email,
        firstName: identity.firstName || email.split('@')[0]!,
        lastName: identity.lastName ?? '',
        role: 'learner',
        language: identity.language && /^[a-z]{2}$/.test(identity.language) ? identity.language : null,
        employeeId: identity.employeeId || null,
        passwordHash: null,
      });
    }
    await tx.query(
      `insert into user_identities (issuer, subject, user_id) values ($1, $2, $3) on conflict (issuer, subject) do nothing`,
      [issuer, subject, user.id],
    );
    await audit.record(tx, actor, {
      action: 'user.sso_linked',
      targetType: 'user',
      targetId: user.id,
      after: { issuer },
    });
  }
  // A person linked before becoming Owner is refused too: the rule is about the account, not the link.
  if (user.role === 'owner') throw refuse('owner_password_only', 'owner_password_only', OWNER_PASSWORD_ONLY);
  // The first SSO sign-in confirms a person who was created or invited but had not accepted yet.
  if (canApply(user, 'confirm') && !isPastExpiry(user))
    user = await transition(tx, { ...actor, userId: user.id, role: user.role, type: 'user' }, user, 'confirm');
  try {
    refuseUnusable(user);
  } catch (err) {
    if (err instanceof AppError) throw refuse(err.code, err.code, err.message);
    throw err;
  }
  await audit.record(
    tx,
    { type: 'user', userId: user.id, role: user.role, ...ctx },
    { action: 'user.signed_in', targetType: 'user', targetId: user.id, after: { method: 'sso' } },
  );
  return { user, emailDiffers };
}

/**
 * An email is matched to an account only when the provider vouches for it: verified, or — with
 * trustUnverifiedEmail, for providers that never say (Entra ID) — unsaid. An explicit false is refused
 * whatever the setting.
 */
function refuseUntrustedEmail(
  emailVerified: boolean | undefined,
  trustUnverifiedEmail: boolean,
  refuse: (code: string, reason: string, message: string) => SsoRefusal,
) {
  if (emailVerified === true) return;
  if (emailVerified === undefined && trustUnverifiedEmail) return;
  if (emailVerified === undefined)
    throw refuse(
      'email_not_verified',
      'email_verified_missing',
      'Your identity provider did not say whether your email address is verified, so we cannot match it to an account.',
    );
  throw refuse(
    'email_not_verified',
    'email_not_verified',
    'Your identity provider did not confirm your email address, so we cannot match it to an account.',
  );
}

/** The attempt a successful sign-in records: `email_differs` when a linked subject now comes with another address. */
export function signedInAttempt(emailDiffers: boolean, email: string | null | undefined) {
  return emailDiffers
    ? {
        outcome: 'signed_in' as const,
        reason: 'email_differs',
        message:
          'Signed in by provider subject; the provider now sends another email address than the Roster account has (the Roster email was not changed).',
        email,
      }
    : { outcome: 'signed_in' as const, reason: 'signed_in', message: 'Signed in.', email };
}

/**
 * Records a refused sign-in (an SsoRefusal; any other error is not one), with the provider's `email` when the
 * refusal names none. The caller throws the error on.
 */
export async function recordRefusal(
  sql: Sql,
  log: FastifyBaseLogger,
  err: unknown,
  email: string | null = null,
): Promise<void> {
  if (err instanceof SsoRefusal)
    await recordAttempt(
      sql,
      log,
      { outcome: 'refused', reason: err.reason, message: err.message, email: err.email ?? email },
      err.detail,
    );
}

const isPastExpiry = (u: UserRow) => u.expires_at !== null && new Date(u.expires_at).getTime() <= Date.now();
const NO_ACCOUNT = 'There is no account for this email address. Ask your administrator for an invitation.';
const OWNER_PASSWORD_ONLY = 'Owner accounts sign in with their password, not with single sign-on.';
