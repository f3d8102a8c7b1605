import * as client from 'openid-client';
import type { Db, Sql } from '../../db/index';
import { systemActor, type Actor } from '../../http/actor';
import { AppError } from '../../http/errors';
import { sha256 } from '../../http/tokens';
import * as audit from '../audit/audit';
import { linkTo } from '../mail/links';
import { getSettings, getSsoClientSecret, type Settings } from '../settings/settings';
import { findByEmail, findUser, type UserRow } from '../users/repo';
import { transition } from '../users/transitions';
import { createConfirmedUser, domainAllowed } from './accounts';
import { refuseUnusable } from './login';
import { createSession } from './sessions';

/** A sign-in started at the identity provider must come back within this time. */
const LOGIN_TTL_MS = 10 * 60_000;
export const SSO_CALLBACK_PATH = '/api/v1/auth/sso/callback';

/** Why an SSO sign-in was refused: the codes of password sign-in where they apply, and a sentence for a person. */
export class SsoRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let cached: { key: string; at: number; config: client.Configuration } | null = null;

/** The provider's configuration from its discovery document, cached for five minutes per issuer and client. */
async function providerConfig(settings: Settings, secret: string): Promise<client.Configuration> {
  const { issuer, clientId } = settings.sso;
  if (!issuer || !clientId || !secret) throw new AppError('not_found', 'Single sign-on is not configured.');
  const key = sha256(`${issuer}\n${clientId}\n${secret}`);
  if (cached?.key === key && Date.now() - cached.at < 5 * 60_000) return cached.config;
  // Plain HTTP only for a provider on this machine (development, tests); anything else must be HTTPS.
  const loopback = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(issuer);
  const config = await client.discovery(new URL(issuer), clientId, secret, undefined, loopback ? { execute: [client.allowInsecureRequests] } : undefined);
  cached = { key, at: Date.now(), config };
  return config;
}

/** Starts the authorization code flow with PKCE, state and nonce; the state also goes in a cookie to bind the browser. */
export async function startSso(db: Db, returnTo: string): Promise<{ url: string; state: string }> {
  const settings = await getSettings(db);
  const config = await providerConfig(settings, (await getSsoClientSecret(db)) ?? '');
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
 * is matched and signed in. Returns the session and where to go.
 */
export async function finishSso(db: Db, callbackUrl: URL, cookieState: string | undefined, ctx: Pick<Actor, 'ip' | 'requestId'>) {
  const state = callbackUrl.searchParams.get('state') ?? '';
  const rows = await db.query<{ nonce: string; code_verifier: string; return_to: string | null; expires_at: Date }>(
    `delete from oidc_logins where state_hash = $1 returning nonce, code_verifier, return_to, expires_at`,
    [sha256(state)],
  );
  const login = rows[0];
  if (!login || !cookieState || cookieState !== state || new Date(login.expires_at).getTime() < Date.now())
    throw new SsoRefusal('sso_failed', 'The sign-in took too long or was started in another browser. Try again.');
  if (callbackUrl.searchParams.get('error'))
    throw new SsoRefusal('sso_failed', `The identity provider did not sign you in (${callbackUrl.searchParams.get('error')}).`);
  const settings = await getSettings(db);
  const config = await providerConfig(settings, (await getSsoClientSecret(db)) ?? '');
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
    if (!claims.email && tokens.access_token) claims = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)), ...claims } as Claims;
  } catch {
    throw new SsoRefusal('sso_failed', 'The answer of the identity provider could not be verified. Try again.');
  }
  const user = await db.tx((tx) => signInWithClaims(tx, settings, config.serverMetadata().issuer, claims, ctx));
  const session = await createSession(db, user.id);
  return { user, session, returnTo: login.return_to ?? '/' };
}

/** Matches the person by provider subject, then by verified email; confirms or creates them as the settings say. */
async function signInWithClaims(tx: Sql, settings: Settings, issuer: string, claims: Claims, ctx: Pick<Actor, 'ip' | 'requestId'>): Promise<UserRow> {
  if (!claims.email || claims.email_verified !== true)
    throw new SsoRefusal('email_not_verified', 'Your identity provider did not confirm your email address, so we cannot match it to an account.');
  const actor: Actor = { ...systemActor('sso'), ...ctx };
  const linked = await tx.query<{ user_id: string }>(`select user_id from user_identities where issuer = $1 and subject = $2`, [issuer, claims.sub]);
  let user = linked[0] ? await findUser(tx, linked[0].user_id, { forUpdate: true }) : null;
  if (user?.status === 'anonymised') {
    // Nobody is behind an anonymised account any more: the link goes, and the person is matched afresh.
    await tx.query(`delete from user_identities where user_id = $1`, [user.id]);
    user = null;
  }
  if (!user) {
    const byEmail = await findByEmail(tx, claims.email);
    user = byEmail && !byEmail.deleted_at && byEmail.status !== 'anonymised' ? await findUser(tx, byEmail.id, { forUpdate: true }) : null;
    if (!user && byEmail) throw noAccount();
    if (!user) {
      if (!settings.sso.jitCreation || !domainAllowed(claims.email, settings.sso.allowedDomains)) throw noAccount();
      user = await createConfirmedUser(tx, actor, {
        email: claims.email,
        firstName: claims.given_name || claims.email.split('@')[0]!,
        lastName: claims.family_name ?? '',
        role: 'learner',
        language: claims.locale && /^[a-z]{2}$/.test(claims.locale) ? claims.locale : null,
        passwordHash: null,
      });
    }
    await tx.query(`insert into user_identities (issuer, subject, user_id) values ($1, $2, $3) on conflict (issuer, subject) do nothing`, [issuer, claims.sub, user.id]);
    await audit.record(tx, actor, { action: 'user.sso_linked', targetType: 'user', targetId: user.id, after: { issuer } });
  }
  // The first SSO sign-in confirms a person who was created or invited but had not accepted yet.
  if (['not_invited', 'invite_scheduled', 'invite_pending'].includes(user.status) && !isPastExpiry(user))
    user = await transition(tx, { ...actor, userId: user.id, role: user.role, type: 'user' }, user, 'confirm');
  try {
    refuseUnusable(user);
  } catch (err) {
    if (err instanceof AppError) throw new SsoRefusal(err.code, err.message);
    throw err;
  }
  await audit.record(tx, { type: 'user', userId: user.id, role: user.role, ...ctx }, { action: 'user.signed_in', targetType: 'user', targetId: user.id, after: { method: 'sso' } });
  return user;
}

const isPastExpiry = (u: UserRow) => u.expires_at !== null && new Date(u.expires_at).getTime() <= Date.now();
const noAccount = () => new SsoRefusal('invalid_credentials', 'There is no account for this email address. Ask your administrator for an invitation.');
