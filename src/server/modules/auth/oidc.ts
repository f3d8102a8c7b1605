import type { FastifyBaseLogger } from 'fastify';
import * as client from 'openid-client';
import type { Db } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import { sha256 } from '../../core/crypto';
import { linkTo } from '../mail/links';
import { getSettings, getSsoClientSecret } from '../settings/settings';
import type { Settings } from '../../../common/contract/settings';
import { createSession } from '../sessions/sessions';
import { recordAttempt } from './ssoAttempts';
import { recordRefusal, signedInAttempt, signInWithIdentity, SsoRefusal, type SsoIdentity } from './ssoMatch';
import { ProviderError, providerConfig, providerErrorOf } from './ssoProvider';

/** A sign-in started at the identity provider must come back within this time. */
const LOGIN_TTL_MS = 10 * 60_000;
export const SSO_CALLBACK_PATH = '/api/v1/auth/sso/callback';

/** The provider did not answer: the person reads this on the sign-in page instead of an error document. */
function unavailable(settings: Settings, err: ProviderError): SsoRefusal {
  const next = settings.sso.passwordSignInAllowed
    ? 'try again or sign in with your password.'
    : 'try again in a few minutes or contact your administrator.';
  return new SsoRefusal(
    'sso_unavailable',
    err.reason,
    `The sign-in provider could not be reached; ${next}`,
    null,
    err.message,
  );
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
export async function startSso(
  db: Db,
  returnTo: string,
  log: FastifyBaseLogger,
): Promise<{ url: string; state: string }> {
  const settings = await getSettings(db);
  let config: client.Configuration;
  try {
    config = await configFor(db, settings);
  } catch (err) {
    await recordRefusal(db, log, err);
    throw err;
  }
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  await db.query(`delete from oidc_logins where expires_at < now()`);
  await db.query(
    `insert into oidc_logins (state_hash, nonce, code_verifier, return_to, expires_at) values ($1, $2, $3, $4, $5)`,
    [sha256(state), nonce, verifier, returnTo, new Date(Date.now() + LOGIN_TTL_MS)],
  );
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
export async function finishSso(
  db: Db,
  callbackUrl: URL,
  cookieState: string | undefined,
  ctx: Pick<Actor, 'ip' | 'requestId'>,
  log: FastifyBaseLogger,
) {
  try {
    const { login, settings, config, claims } = await verifiedClaims(db, callbackUrl, cookieState);
    const identity: SsoIdentity = {
      issuer: config.serverMetadata().issuer,
      subject: claims.sub,
      email: claims.email ?? null,
      emailVerified: claims.email_verified,
      firstName: claims.given_name,
      lastName: claims.family_name,
      language: claims.locale,
    };
    const { user, emailDiffers } = await db.tx((tx) => signInWithIdentity(tx, settings.sso, identity, ctx));
    const session = await createSession(db, user.id);
    await recordAttempt(db, log, signedInAttempt(emailDiffers, claims.email));
    return { user, session, returnTo: login.return_to ?? '/' };
  } catch (err) {
    await recordRefusal(db, log, err);
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
    throw new SsoRefusal(
      'sso_failed',
      'state_invalid',
      'The sign-in took too long or was started in another browser. Try again.',
    );
  const providerError = callbackUrl.searchParams.get('error');
  if (providerError)
    throw new SsoRefusal(
      'sso_failed',
      'provider_error',
      `The identity provider did not sign you in (${providerError}).`,
    );
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
    if (providerErr.reason === 'provider_unreachable' || providerErr.reason === 'provider_timeout')
      throw unavailable(settings, providerErr);
    // The provider's error code (invalid_client, invalid_grant…) or the check that failed, for the log.
    const e = err as { error?: string; message?: string };
    throw new SsoRefusal(
      'sso_failed',
      'token_invalid',
      'The answer of the identity provider could not be verified. Try again.',
      null,
      [e.error, e.message].filter(Boolean).join(': '),
    );
  }
  return { login, settings, config, claims };
}
