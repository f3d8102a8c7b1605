import * as client from 'openid-client';
import { sha256 } from '../../core/crypto';

/** Seconds Roster waits for any answer of the provider (discovery, token, userinfo). */
const PROVIDER_TIMEOUT_S = 10;
/** Client authentication methods Roster can use, best first; client_secret_basic is also the OIDC default. */
const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** The provider could not be used: its words say why, for the settings page and the log. */
export class ProviderError extends Error {
  constructor(
    readonly reason:
      'provider_unreachable' | 'provider_timeout' | 'provider_discovery_invalid' | 'provider_client_auth_unsupported',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Picks how Roster authenticates at the token endpoint from the discovery document. An absent list means
 * client_secret_basic (OpenID Connect Discovery 1.0, token_endpoint_auth_methods_supported).
 */
export function chooseClientAuth(supported: readonly string[] | undefined): ClientAuthMethod | null {
  const offered = supported ?? ['client_secret_basic'];
  return CLIENT_AUTH_METHODS.find((m) => offered.includes(m)) ?? null;
}

/** Plain HTTP only for a provider on this machine (development, tests); anything else must be HTTPS. */
const isLoopback = (issuer: string) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(issuer);

/** Fetches and checks the discovery document; any failure becomes a ProviderError in words. */
export async function discover(issuer: string, clientId: string): Promise<client.Configuration> {
  try {
    return await client.discovery(new URL(issuer), clientId, undefined, client.None(), {
      timeout: PROVIDER_TIMEOUT_S,
      execute: isLoopback(issuer) ? [client.allowInsecureRequests] : [],
    });
  } catch (err) {
    throw providerErrorOf(err, issuer);
  }
}

/** Turns a network or protocol error into the sentence an administrator reads. */
export function providerErrorOf(err: unknown, issuer: string): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = err as {
    name?: string;
    message?: string;
    code?: string;
    cause?: { code?: string; name?: string; message?: string };
  };
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.cause?.name === 'TimeoutError')
    return new ProviderError(
      'provider_timeout',
      `The provider at ${issuer} did not answer within ${PROVIDER_TIMEOUT_S} seconds.`,
    );
  if (e.name === 'TypeError' && /fetch failed/.test(e.message ?? '')) {
    const cause = e.cause?.code ?? e.cause?.message ?? 'network error';
    return new ProviderError('provider_unreachable', `The provider at ${issuer} could not be reached (${cause}).`);
  }
  if (e.code === 'OAUTH_HTTP_REQUEST_FORBIDDEN')
    return new ProviderError(
      'provider_discovery_invalid',
      `The issuer URL must start with https:// (plain http only for localhost).`,
    );
  return new ProviderError(
    'provider_discovery_invalid',
    `The provider at ${issuer} answered, but its discovery document could not be used: ${e.message ?? 'unknown error'}.`,
  );
}

let cached: { key: string; at: number; config: client.Configuration; method: ClientAuthMethod } | null = null;

/**
 * The client configuration for sign-in: discovery (cached five minutes per issuer, client and secret),
 * then the client authentication method the provider supports.
 */
export async function providerConfig(
  issuer: string,
  clientId: string,
  secret: string,
): Promise<{ config: client.Configuration; method: ClientAuthMethod }> {
  const key = sha256(`${issuer}\n${clientId}\n${secret}`);
  if (cached?.key === key && Date.now() - cached.at < 5 * 60_000) return cached;
  const discovered = await discover(issuer, clientId);
  const metadata = discovered.serverMetadata();
  const method = chooseClientAuth(metadata.token_endpoint_auth_methods_supported);
  if (!method)
    throw new ProviderError(
      'provider_client_auth_unsupported',
      `The provider supports none of the client authentication methods Roster uses (${CLIENT_AUTH_METHODS.join(', ')}); it offers ${metadata.token_endpoint_auth_methods_supported!.join(', ') || 'none'}.`,
    );
  const auth = method === 'client_secret_basic' ? client.ClientSecretBasic(secret) : client.ClientSecretPost(secret);
  const config = new client.Configuration(metadata, clientId, secret, auth);
  config.timeout = PROVIDER_TIMEOUT_S;
  if (isLoopback(issuer)) client.allowInsecureRequests(config);
  cached = { key, at: Date.now(), config, method };
  return cached;
}

/** What "Test connection" shows: what the provider supports, as its discovery document says. */
export interface ProviderReport {
  ok: true;
  issuer: string;
  authorizationEndpoint: string | null;
  tokenEndpoint: string | null;
  userinfoEndpoint: string | null;
  tokenEndpointAuthMethods: string[] | null;
  clientAuthMethod: ClientAuthMethod | null;
  scopes: string[] | null;
  /** null when the provider does not publish claims_supported. */
  emailVerifiedClaim: boolean | null;
}

export async function testProvider(
  issuer: string,
  clientId: string,
): Promise<ProviderReport | { ok: false; reason: string; message: string }> {
  try {
    const m = (await discover(issuer, clientId || 'roster')).serverMetadata();
    return {
      ok: true,
      issuer: m.issuer,
      authorizationEndpoint: m.authorization_endpoint ?? null,
      tokenEndpoint: m.token_endpoint ?? null,
      userinfoEndpoint: m.userinfo_endpoint ?? null,
      tokenEndpointAuthMethods: m.token_endpoint_auth_methods_supported ?? null,
      clientAuthMethod: chooseClientAuth(m.token_endpoint_auth_methods_supported),
      scopes: m.scopes_supported ?? null,
      emailVerifiedClaim: Array.isArray(m.claims_supported)
        ? (m.claims_supported as string[]).includes('email_verified')
        : null,
    };
  } catch (err) {
    const e = providerErrorOf(err, issuer);
    return { ok: false, reason: e.reason, message: e.message };
  }
}
