import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { SAML, SamlStatusError, ValidateInResponseTo, type Profile } from '@node-saml/node-saml';
import type { Db } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import { sha256 } from '../../core/crypto';
import { linkTo } from '../mail/links';
import { getSettings, samlConfigured } from '../settings/settings';
import type { SamlSettings } from '../../../common/contract/saml';
import { assertionFacts, identityOf, refusalOf, SAML_CLOCK_SKEW_MS } from './samlAssertion';
import { createSession } from '../sessions/sessions';
import { recordAttempt } from './ssoAttempts';
import { recordRefusal, signedInAttempt, signInWithIdentity, SsoRefusal } from './ssoMatch';

export const SAML_METADATA_PATH = '/api/v1/auth/saml/metadata';
export const SAML_ACS_PATH = '/api/v1/auth/saml/acs';
/** A sign-in started at the identity provider must come back within this time (as for OpenID Connect). */
const REQUEST_TTL_MS = 10 * 60_000;

/** Roster's entity id is the URL of its metadata, and the ACS URL sits beside it; both follow PUBLIC_URL. */
export const spEntityId = () => linkTo(SAML_METADATA_PATH);
export const acsUrl = () => linkTo(SAML_ACS_PATH);

const pem = (base64: string) =>
  `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----`;

/**
 * node-saml set up as Roster's service provider: assertions must be signed with one of the IdP's certificates,
 * for Roster's audience, within their validity (give or take SAML_CLOCK_SKEW_MS). InResponseTo, the recipient
 * and replays are checked in finishSaml, against the database, so every Roster process agrees.
 */
function serviceProvider(saml: SamlSettings, requestId = ''): SAML {
  return new SAML({
    issuer: spEntityId(),
    callbackUrl: acsUrl(),
    audience: spEntityId(),
    entryPoint: saml.idpSsoUrl ?? undefined,
    idpCert: saml.idpCertificates.length ? saml.idpCertificates.map(pem) : 'none',
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
    validateInResponseTo: ValidateInResponseTo.never,
    // The NameID format and the way the person authenticates are the identity provider's choice (MFA at Entra ID…).
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    generateUniqueId: () => requestId,
  });
}

/** SP metadata for the identity provider's administrator: entity id, ACS URL (HTTP-POST), signed assertions wanted. */
export async function spMetadata(db: Db): Promise<string> {
  const { saml } = await getSettings(db);
  return serviceProvider(saml).generateServiceProviderMetadata(null);
}

/**
 * Sends an AuthnRequest (HTTP-Redirect binding). Its id is stored with the SHA-256 of the RelayState, so the
 * response must answer this request, come back with the same RelayState, and do so once.
 */
export async function startSaml(db: Db, returnTo: string): Promise<{ url: string; relayState: string }> {
  const { saml } = await getSettings(db);
  if (!samlConfigured(saml)) throw new AppError('not_found', 'SAML sign-in is not configured.');
  const requestId = `_${randomBytes(20).toString('hex')}`;
  const relayState = randomBytes(32).toString('base64url');
  await db.query(`delete from saml_requests where expires_at < now()`);
  await db.query(
    `insert into saml_requests (request_id, relay_state_hash, return_to, expires_at) values ($1, $2, $3, $4)`,
    [requestId, sha256(relayState), returnTo, new Date(Date.now() + REQUEST_TTL_MS)],
  );
  const url = await serviceProvider(saml, requestId).getAuthorizeUrlAsync(relayState, undefined, {});
  return { url, relayState };
}

export interface AcsPost {
  SAMLResponse?: string;
  RelayState?: string;
}

/**
 * The assertion consumer service: verifies the response (signature, audience, times), then the recipient, the
 * issuer, that the assertion was never used before, and that it answers a request Roster sent with this
 * RelayState; then matches the person with the rules of OpenID Connect (ssoMatch.ts) and opens a session.
 * Every outcome is logged and recorded (ssoAttempts.ts). `cookieState`: the RelayState cookie, checked when
 * Roster is served over HTTPS (docs/decisions/017-saml.md).
 */
export async function finishSaml(
  db: Db,
  post: AcsPost,
  cookieState: string | null,
  ctx: Pick<Actor, 'ip' | 'requestId'>,
  log: FastifyBaseLogger,
) {
  let email: string | null = null;
  try {
    const { saml } = await getSettings(db);
    if (!samlConfigured(saml))
      throw new SsoRefusal(
        'sso_failed',
        'saml_not_configured',
        'SAML sign-in is not switched on. Sign in another way or contact your administrator.',
      );
    if (!post.SAMLResponse)
      throw new SsoRefusal('sso_failed', 'response_missing', 'The identity provider sent no SAML response. Try again.');
    let profile: Profile;
    try {
      const result = await serviceProvider(saml).validatePostResponseAsync({ SAMLResponse: post.SAMLResponse });
      if (!result.profile) throw new Error('Missing SAML assertion');
      profile = result.profile;
    } catch (err) {
      throw err instanceof SamlStatusError
        ? refusalOf(err, post.SAMLResponse, true)
        : refusalOf(err as Error, post.SAMLResponse, false);
    }
    const identity = identityOf(profile, saml);
    email = identity.email;
    const refuse = (reason: string, message: string, detail?: string) =>
      new SsoRefusal('sso_failed', reason, message, email, detail);
    const facts = assertionFacts(profile, post.SAMLResponse);
    if (profile.issuer !== saml.idpEntityId)
      throw refuse(
        'issuer_invalid',
        'The answer came from another identity provider than the one set up.',
        `issuer ${profile.issuer}`,
      );
    if (!facts.recipients.includes(acsUrl()) || (facts.destination && facts.destination !== acsUrl()))
      throw refuse(
        'recipient_invalid',
        'The answer of the identity provider was meant for another address.',
        `recipient ${facts.recipients.join(' ')}`,
      );
    if (!facts.assertionId || !profile.nameID)
      throw refuse(
        'response_invalid',
        'The answer of the identity provider could not be verified. Try again.',
        'assertion without ID or NameID',
      );
    await db.query(`delete from saml_assertions where expires_at < now()`);
    const fresh = await db.query(
      `insert into saml_assertions (idp_entity_id, assertion_id, expires_at) values ($1, $2, $3) on conflict do nothing returning 1`,
      [saml.idpEntityId, facts.assertionId, facts.expiresAt],
    );
    if (!fresh.length)
      throw refuse('assertion_replayed', 'This sign-in answer was already used. Start again from the sign-in page.');
    if (!facts.inResponseTo)
      throw refuse(
        'idp_initiated',
        'Sign-ins started at the identity provider are not accepted. Start from the Roster sign-in page.',
      );
    const [request] = await db.query<{ return_to: string | null }>(
      `delete from saml_requests where request_id = $1 and relay_state_hash = $2 and expires_at > now() returning return_to`,
      [facts.inResponseTo, sha256(post.RelayState ?? '')],
    );
    if (!request || (cookieState !== null && cookieState !== post.RelayState))
      throw refuse('state_invalid', 'The sign-in took too long or was started in another browser. Try again.');
    const { user, emailDiffers } = await db.tx((tx) =>
      signInWithIdentity(tx, { ...saml, trustUnverifiedEmail: true }, identity, ctx),
    );
    const session = await createSession(db, user.id);
    await recordAttempt(db, log, signedInAttempt(emailDiffers, email));
    return { user, session, returnTo: request.return_to ?? '/' };
  } catch (err) {
    await recordRefusal(db, log, err, email);
    throw err;
  }
}
