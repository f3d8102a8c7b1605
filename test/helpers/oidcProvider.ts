import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** The claims an account at the test provider has (email_verified left out on purpose for Entra-like providers). */
export interface IdpAccount {
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by subject; tests may change an account's claims between sign-ins. */
  accounts: Record<string, IdpAccount>;
  /** With `autoLogin`: the subject the next sign-in at the provider is. */
  nextAccount: string;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) on a loopback port, shaped like the providers Roster meets:
 * one client authentication method only, and with or without the email_verified claim (Entra ID has none).
 * `autoLogin` signs in `nextAccount` and grants consent without a form (for HTTP-only tests); without it,
 * the provider shows its development login and consent pages (for the browser).
 */
export async function startOidcProvider(opts: {
  redirectUri: string;
  clientAuthMethod: 'client_secret_basic' | 'client_secret_post';
  emailVerifiedClaim: boolean;
  accounts: Record<string, IdpAccount>;
  autoLogin?: boolean;
}): Promise<TestIdp> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp: TestIdp = {
    issuer,
    clientId: 'roster',
    clientSecret: 'roster-test-secret',
    accounts: opts.accounts,
    nextAccount: '',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const auto: Configuration = {
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/auto-login/${interaction.uid}` },
    // Consent is taken as given, as an organisation's provider does for its own applications.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: idp.clientId,
        client_secret: idp.clientSecret,
        redirect_uris: [opts.redirectUri],
        token_endpoint_auth_method: opts.clientAuthMethod,
      },
    ],
    clientAuthMethods: [opts.clientAuthMethod],
    claims: {
      openid: ['sub'],
      email: opts.emailVerifiedClaim ? ['email', 'email_verified'] : ['email'],
      profile: ['given_name', 'family_name'],
    },
    findAccount: (_ctx, sub) => {
      const account = idp.accounts[sub];
      if (!account) return undefined;
      const { email_verified, ...rest } = account;
      return {
        accountId: sub,
        claims: () => ({ sub, ...rest, ...(opts.emailVerifiedClaim ? { email_verified } : {}) }),
      };
    },
    cookies: { keys: ['oidc-test-cookie-key'] },
    ...(opts.autoLogin ? auto : {}),
  });
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (opts.autoLogin && req.url?.startsWith('/auto-login/')) {
      void provider.interactionFinished(
        req,
        res,
        { login: { accountId: idp.nextAccount } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    void handle(req, res);
  });
  return idp;
}

/**
 * The browser's part of an SSO sign-in, over plain HTTP with a cookie jar per origin: start at Roster,
 * through the provider (autoLogin), back to Roster's callback. Returns where Roster finally sends the
 * browser and its session cookie, if any.
 */
export async function ssoSignInOverHttp(
  base: string,
  idp: TestIdp,
  subject: string,
): Promise<{ location: URL; sessionCookie: string | null }> {
  idp.nextAccount = subject;
  const jars = new Map<string, Map<string, string>>();
  let url = new URL(`${base}/api/v1/auth/sso/start`);
  for (let hop = 0; hop < 15; hop++) {
    const jar = jars.get(url.origin) ?? new Map<string, string>();
    jars.set(url.origin, jar);
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location)
      throw new Error(`SSO flow stopped at ${url.href} with ${res.status}: ${await res.text()}`);
    const next = new URL(location, url);
    if (next.origin === new URL(base).origin && !next.pathname.startsWith('/api/')) {
      const session = jars.get(next.origin)?.get('roster_session');
      return { location: next, sessionCookie: session ? `roster_session=${session}` : null };
    }
    url = next;
  }
  throw new Error('SSO flow did not come back to Roster');
}
