import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor';
import { AppError } from './errors';

/** What every route may know about a request: its route options, who is calling, and the cookie session behind them. */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (sign-in, invitation links, …). Every other /api route needs one. */
    public?: boolean;
    /**
     * The route can hand out or change a credential of someone (password, sign-in address, invitation,
     * role, grant, session, token): test/access/privilege.test.ts must have a row that drives it.
     */
    credentials?: boolean;
    /**
     * `false`: a cookie session's unsafe request needs no X-CSRF-Token header, because something else proves it
     * (the SAML ACS: a form POST from the identity provider, proven by its signed assertion). Default: checked.
     */
    csrf?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user or API token, or null. Use `actorOf(request)` in handlers that need one. */
    actor: Actor | null;
    /** The cookie session behind the actor, if any. */
    sessionInfo: { tokenHash: string; csrfToken: string } | null;
  }
}

/** The caller, or 401 when nobody is signed in. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated', 'Sign in to continue.');
  return req.actor;
}
