import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { setSessionCookie } from '../../http/auth';
import { linkTo } from '../mail/links';
import { finishSso, SsoRefusal, startSso } from './oidc';

const STATE_COOKIE = 'roster_sso_state';

/** Only paths inside the app, never another origin. */
function safeReturn(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Single sign-on with OpenID Connect: the browser is sent to the provider and comes back to the callback. */
export async function ssoRoutes(api: FastifyInstance, { db, config }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const secure = config.publicUrl.startsWith('https://');
  const limit = { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } }; // no session needed

  r.get('/auth/sso/start', { config: limit, schema: { tags: ['auth'], querystring: z.object({ next: z.string().max(2000).optional() }) } }, async (req, reply) => {
    const { url, state } = await startSso(db, safeReturn(req.query.next));
    // Lax: the cookie comes back on the provider's top-level redirect to the callback.
    reply.setCookie(STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', secure, path: '/api/v1/auth/sso', maxAge: 600 });
    return reply.redirect(url, 302);
  });

  r.get('/auth/sso/callback', { config: limit, schema: { tags: ['auth'], querystring: z.record(z.string(), z.string()) } }, async (req, reply) => {
    const url = new URL(linkTo(req.url.replace(/^[^?]*/, '/api/v1/auth/sso/callback')));
    const cookieState = req.cookies[STATE_COOKIE];
    reply.clearCookie(STATE_COOKIE, { path: '/api/v1/auth/sso' });
    try {
      const { session, returnTo } = await finishSso(db, url, cookieState, { ip: req.ip, requestId: req.id });
      setSessionCookie(reply, session.token, secure);
      return reply.redirect(linkTo(returnTo), 302);
    } catch (err) {
      if (!(err instanceof SsoRefusal)) throw err;
      // Back to the sign-in page, which shows the reason (the same codes as a password sign-in).
      const q = new URLSearchParams({ error: err.code, message: err.message });
      return reply.redirect(linkTo(`/login?${q}`), 302);
    }
  });
}
