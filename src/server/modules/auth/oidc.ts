import type { FastifyBaseLogger } from 'fastify';
import * as client from 'openid-client';
import type { Db, Sql } from '../../db/index';
import { systemActor, type Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import { sha256 } from '../../core/crypto';
import * as audit from '../audit/audit';
import { linkTo } from '../mail/links';
import { getSettings, getSsoClientSecret, type Settings } from '../settings/settings';
import { findByEmail, findUser, type UserRow } from '../people/repo';
import { normalizeEmail } from '../people/email';
import { transition } from '../people/transitions';
import { createConfirmedUser, domainAllowed } from './accounts';
import { refuseUnusable } from './login';
import { createSession } from '../sessions/sessions';
import { recordAttempt } from './ssoAttempts';
import { ProviderError, providerConfig, providerErrorOf } from './ssoProvider';

/** A sign-in started at the identity provider must come back within this time. */
const LOGIN_TTL_MS = 10 * 60_000;
export const SSO_CALLBACK_PATH = '/api/v1/auth/sso/callback';

/**
 * Why an SSO sign-in was refused. `code` goes to the sign-in page (the codes of password sign-in where
 * they apply), `reason` to the log and the attempts list, `message` is the sentence for the person.
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

/** The provider did not answer: the person reads this on the sign-in page instead of an error document. */
function unavailable(settings: Settings, err: ProviderError): SsoRefusal {
  const next = settings.sso.passwordSignInAllowed ? 'try again or sign in with your password.' : 'try again in a few minutes or contact your administrator.';
  return new SsoRefusal('sso_unavailable', err.reason, `The sign-in provider could not be reached; ${next}`, null, err.message);
}

async function configFor(db: Db, settings: Settings) {
  const { issuer, clientId } = settings.sso;
  const secret = (await getSsoClientSecret(db)) ?? '';
  if (!issuer || !clientId || !secret) throw new AppError('not_found', 'Single sign-on is not configured.');
  try {
    return (await providerConfig(issuer, clientId, secret)).config;
  } catch (err) {
    if (err instanceof ProviderError) throw unavailable(settings, err);
    throw err;
  }
}

/**
 * Starts the authorization code flow with PKCE, state and nonce; the state also goes in a cookie to bind the
 * browser. A provider that cannot be reached is an SsoRefusal, recorded like any other.
 */
export async function startSso(db: Db, returnTo: string, log: FastifyBaseLogger): Promise<{ url: string; state: string }> {
  const settings = await getSettings(db);
  let config: client.Configuration;
  try {
    config = await configFor(db, settings);
  } catch (err) {
    if (err instanceof SsoRefusal) await recordAttempt(db, log, { outcome: 'refused', reason: err.reason, message: err.message }, err.detail);
    throw err;
  }
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  await db.query(`delete from oidc_logins where expires_at < now()`);
  await db.query(`insert into oidc_logins (state_hash, nonce, code_verifier, return_to, expires_at) values ($1, $2, $3, $4, $5)`, [
    sha256(state),
    nonce,
    verifier,
    returnTo,
    new Date(Date.now() + LOGIN_TTL_MS),
  ]);
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: linkTo(SSO_CALLBACK_PATH),
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state };
}

interface Claims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
  locale?: string;
}

/**
 * Finishes the flow: the state must be one we issued to this browser (used once), the code is exchanged
 * with the PKCE verifier and the ID token checked (signature, issuer, audience, nonce). Then the person
 * is matched and signed in. Every outcome is logged and recorded (ssoAttempts.ts). Returns the session
 * and where to go.
 */
export async function finishSso(db: Db, callbackUrl: URL, cookieState: string | undefined, ctx: Pick<Actor, 'ip' | 'requestId'>, log: FastifyBaseLogger) {
  try {
    const { login, settings, config, claims } = await verifiedClaims(db, callbackUrl, cookieState);
    const { user, emailDiffers } = await db.tx((tx) => signInWithClaims(tx, settings, config.serverMetadata().issuer, claims, ctx));
    const session = await createSession(db, user.id);
    await recordAttempt(
      db,
      log,
      emailDiffers
        ? {
            outcome: 'signed_in',
            reason: 'email_differs',
            message: 'Signed in by provider subject; the provider now sends another email address than the Roster account has (the Roster email was not changed).',
            email: claims.email,
          }
        : { outcome: 'signed_in', reason: 'signed_in', message: 'Signed in.', email: claims.email },
    );
    return { user, session, returnTo: login.return_to ?? '/' };
  } catch (err) {
    if (err instanceof SsoRefusal) await recordAttempt(db, log, { outcome: 'refused', reason: err.reason, message: err.message, email: err.email }, err.detail);
    throw err;
  }
}

async function verifiedClaims(db: Db, callbackUrl: URL, cookieState: string | undefined) {
  const state = callbackUrl.searchParams.get('state') ?? '';
  const rows = await db.query<{ nonce: string; code_verifier: string; return_to: string | null; expires_at: Date }>(
    `delete from oidc_logins where state_hash = $1 returning nonce, code_verifier, return_to, expires_at`,
    [sha256(state)],
  );
  const login = rows[0];
  if (!login || !cookieState || cookieState !== state || new Date(login.expires_at).getTime() < Date.now())
    throw new SsoRefusal('sso_failed', 'state_invalid', 'The sign-in took too long or was started in another browser. Try again.');
  const providerError = callbackUrl.searchParams.get('error');
  if (providerError) throw new SsoRefusal('sso_failed', 'provider_error', `The identity provider did not sign you in (${providerError}).`);
  const settings = await getSettings(db);
  const config = await configFor(db, settings);
  let claims: Claims;
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: login.code_verifier,
      expectedState: state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims() as unknown as Claims;
    // Providers that keep the ID token small (oidc-provider, Okta by default) give the email at the userinfo endpoint.
    if ((!claims.email || claims.email_verified === undefined) && tokens.access_token)
      claims = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)), ...claims } as Claims;
  } catch (err) {
    const providerErr = providerErrorOf(err, config.serverMetadata().issuer);
    if (providerErr.reason === 'provider_unreachable' || providerErr.reason === 'provider_timeout') throw unavailable(settings, providerErr);
    // The provider's error code (invalid_client, invalid_grant…) or the check that failed, for the log.
    const e = err as { error?: string; message?: string };
    throw new SsoRefusal('sso_failed', 'token_invalid', 'The answer of the identity provider could not be verified. Try again.', null, [e.error, e.message].filter(Boolean).join(': '));
  }
  return { login, settings, config, claims };
}

/**
 * Matches the person by provider subject (iss + sub) once linked, otherwise by email, then links them.
 * A linked person is never matched again by email: a changed email at the provider still signs in the
 * same person and is only reported. Owners are never signed in by SSO (docs/decisions/010-single-sign-on.md).
 */
async function signInWithClaims(
  tx: Sql,
  settings: Settings,
  issuer: string,
  claims: Claims,
  ctx: Pick<Actor, 'ip' | 'requestId'>,
): Promise<{ user: UserRow; emailDiffers: boolean }> {
  const actor: Actor = { ...systemActor('sso'), ...ctx };
  const email = claims.email ?? null;
  const refuse = (code: string, reason: string, message: string) => new SsoRefusal(code, reason, message, email);
  const linked = await tx.query<{ user_id: string }>(`select user_id from user_identities where issuer = $1 and subject = $2`, [issuer, claims.sub]);
  let user = linked[0] ? await findUser(tx, linked[0].user_id, { forUpdate: true }) : null;
  if (user?.status === 'anonymised') {
    // Nobody is behind an anonymised account any more: the link goes, and the person is matched afresh.
    await tx.query(`delete from user_identities where user_id = $1`, [user.id]);
    user = null;
  }
  const emailDiffers = Boolean(user && email && normalizeEmail(email) !== user.email_normalized);
  if (!user) {
    if (!email) throw refuse('email_not_verified', 'email_missing', 'Your identity provider did not send an email address, so we cannot match it to an account.');
    refuseUntrustedEmail(claims, settings.sso.trustUnverifiedEmail, refuse);
    const byEmail = await findByEmail(tx, email);
    user = byEmail && !byEmail.deleted_at && byEmail.status !== 'anonymised' ? await findUser(tx, byEmail.id, { forUpdate: true }) : null;
    if (!user && byEmail) throw refuse('invalid_credentials', 'no_account', NO_ACCOUNT);
    if (user?.role === 'owner') throw refuse('owner_password_only', 'owner_password_only', OWNER_PASSWORD_ONLY);
    if (!user) {
      if (!settings.sso.jitCreation) throw refuse('invalid_credentials', 'no_account', NO_ACCOUNT);
      if (!domainAllowed(email, settings.sso.allowedDomains)) throw refuse('invalid_credentials', 'domain_not_allowed', NO_ACCOUNT);
      user = await createConfirmedUser(tx, actor, {
        email,
        firstName: claims.given_name || email.split('@')[0]!,
        lastName: claims.family_name ?? '',
        role: 'learner',
        language: claims.locale && /^[a-z]{2}$/.test(claims.locale) ? claims.locale : null,
        passwordHash: null,
      });
    }
    await tx.query(`insert into user_identities (issuer, subject, user_id) values ($1, $2, $3) on conflict (issuer, subject) do nothing`, [issuer, claims.sub, user.id]);
    await audit.record(tx, actor, { action: 'user.sso_linked', targetType: 'user', targetId: user.id, after: { issuer } });
  }
  // A person linked before becoming Owner is refused too: the rule is about the account, not the link.
  if (user.role === 'owner') throw refuse('owner_password_only', 'owner_password_only', OWNER_PASSWORD_ONLY);
  // The first SSO sign-in confirms a person who was created or invited but had not accepted yet.
  if (['not_invited', 'invite_scheduled', 'invite_pending'].includes(user.status) && !isPastExpiry(user))
    user = await transition(tx, { ...actor, userId: user.id, role: user.role, type: 'user' }, user, 'confirm');
  try {
    refuseUnusable(user);
  } catch (err) {
    if (err instanceof AppError) throw refuse(err.code, err.code, err.message);
    throw err;
  }
  await audit.record(tx, { type: 'user', userId: user.id, role: user.role, ...ctx }, { action: 'user.signed_in', targetType: 'user', targetId: user.id, after: { method: 'sso' } });
  return { user, emailDiffers };
}

/**
 * An email is matched to an account only when the provider vouches for it: email_verified true, or — with
 * sso.trustUnverifiedEmail, for providers that never send the claim (Entra ID) — absent. An explicit false
 * is refused whatever the setting.
 */
function refuseUntrustedEmail(claims: Claims, trustUnverifiedEmail: boolean, refuse: (code: string, reason: string, message: string) => SsoRefusal) {
  if (claims.email_verified === true) return;
  if (claims.email_verified === undefined && trustUnverifiedEmail) return;
  if (claims.email_verified === undefined)
    throw refuse(
      'email_not_verified',
      'email_verified_missing',
      'Your identity provider did not say whether your email address is verified, so we cannot match it to an account.',
    );
  throw refuse('email_not_verified', 'email_not_verified', 'Your identity provider did not confirm your email address, so we cannot match it to an account.');
}

const isPastExpiry = (u: UserRow) => u.expires_at !== null && new Date(u.expires_at).getTime() <= Date.now();
const NO_ACCOUNT = 'There is no account for this email address. Ask your administrator for an invitation.';
const OWNER_PASSWORD_ONLY = 'Owner accounts sign in with their password, not with single sign-on.';
