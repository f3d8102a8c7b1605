import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorAllowedTo } from '../access/guardedRoutes';
import { setSessionCookie } from '../sessions/cookie';
import { forbidden, invalid } from '../../core/errors';
import { linkTo } from '../mail/links';
import { ssoAttemptListSchema, ssoTestResultSchema } from '../../../common/contract/settings';
import { getSettings } from '../settings/settings';
import { finishSso, startSso } from './oidc';
import { SsoRefusal } from './ssoMatch';
import { listAttempts } from './ssoAttempts';
import { testProvider } from './ssoProvider';

const STATE_COOKIE = 'roster_sso_state';

/** Only paths inside the app, never another origin. */
export function safeReturn(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Back to the sign-in page, which shows the reason in words (the same codes as a password sign-in). */
export const toLoginPage = (err: SsoRefusal) =>
  linkTo(`/login?${new URLSearchParams({ error: err.code, message: err.message })}`);

/**
 * The end of a single sign-on (OIDC callback, SAML ACS): the session cookie and a redirect to where the person
 * was going, or back to the sign-in page with the reason when the sign-in is refused.
 */
export async function completeSso(
  reply: FastifyReply,
  secure: boolean,
  status: 302 | 303,
  finish: () => Promise<{ session: { token: string }; returnTo: string }>,
) {
  try {
    const { session, returnTo } = await finish();
    setSessionCookie(reply, session.token, secure);
    return reply.redirect(linkTo(returnTo), status);
  } catch (err) {
    if (err instanceof SsoRefusal) return reply.redirect(toLoginPage(err), status);
    throw err;
  }
}

/** Single sign-on with OpenID Connect: the browser is sent to the provider and comes back to the callback. */
export async function ssoRoutes(api: FastifyInstance, { db, config }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const secure = config.publicUrl.startsWith('https://');
  const limit = { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } }; // no session needed

  r.get(
    '/auth/sso/start',
    { config: limit, schema: { tags: ['auth'], querystring: z.object({ next: z.string().max(2000).optional() }) } },
    async (req, reply) => {
      try {
        const { url, state } = await startSso(db, safeReturn(req.query.next), req.log);
        // Lax: the cookie comes back on the provider's top-level redirect to the callback.
        reply.setCookie(STATE_COOKIE, state, {
          httpOnly: true,
          sameSite: 'lax',
          secure,
          path: '/api/v1/auth/sso',
          maxAge: 600,
        });
        return reply.redirect(url, 302);
      } catch (err) {
        if (err instanceof SsoRefusal) return reply.redirect(toLoginPage(err), 302);
        throw err;
      }
    },
  );

  r.get(
    '/auth/sso/callback',
    { config: limit, schema: { tags: ['auth'], querystring: z.record(z.string(), z.string()) } },
    async (req, reply) => {
      const url = new URL(linkTo(req.url.replace(/^[^?]*/, '/api/v1/auth/sso/callback')));
      const cookieState = req.cookies[STATE_COOKIE];
      reply.clearCookie(STATE_COOKIE, { path: '/api/v1/auth/sso' });
      return completeSso(reply, secure, 302, () =>
        finishSso(db, url, cookieState, { ip: req.ip, requestId: req.id }, req.log),
      );
    },
  );

  r.get(
    '/settings/sso/attempts',
    { schema: { tags: ['settings'], response: { 200: ssoAttemptListSchema } } },
    async (req) => {
      actorAllowedTo(req, 'settings.manage');
      return { items: await listAttempts(db) };
    },
  );

  // Discovery only: says what the provider supports, or why it cannot be used, in words. An issuer other
  // than the saved one is part of configuring SSO, which is an Owner's (docs/decisions/010-single-sign-on.md).
  r.post(
    '/settings/sso/test',
    {
      schema: {
        tags: ['settings'],
        body: z.object({ issuer: z.url().max(500).optional() }).strict(),
        response: { 200: ssoTestResultSchema },
      },
    },
    async (req) => {
      const actor = actorAllowedTo(req, 'settings.manage');
      const { sso } = await getSettings(db);
      if (req.body.issuer && req.body.issuer !== sso.issuer && actor.role !== 'owner')
        throw forbidden('Only an Owner can change the single sign-on settings.');
      const issuer = req.body.issuer ?? sso.issuer;
      if (!issuer) throw invalid('Enter the issuer URL first.', [{ field: 'issuer', message: 'Required.' }]);
      return testProvider(issuer, sso.clientId ?? '');
    },
  );
}
