import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { actorOf } from '../../core/request';
import { idParams, readsById } from '../access/guardedRoutes';
import { clearSessionCookie } from '../sessions/cookie';
import { RETURN_COOKIE, SESSION_COOKIE, SESSION_IDLE_MS } from '../sessions/sessions';
import { sessionListSchema, sessionSchema, sessionsEndedSchema } from '../../../common/contract/auth';
import { resumeOwnSession, startImpersonation, stopImpersonation } from './impersonation';
import { beginSession } from './sessionStart';
import { endSessionsFor, listSessionsFor } from './userSessions';

/** On a person's profile: their sessions (list, end all) and "login as". */
export async function userSessionRoutes(api: FastifyInstance, { db, config, transport }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const secure = config.publicUrl.startsWith('https://');
  const site = { db, secure, mailbox: transport.kind === 'mailbox' };

  readsById(api, ['access'])('/users/:id/sessions', sessionListSchema, async (actor, id) => ({
    items: await listSessionsFor(db, actor, id),
  }));
  r.delete(
    '/users/:id/sessions',
    {
      config: { credentials: true },
      schema: { tags: ['access'], params: idParams, response: { 200: sessionsEndedSchema } },
    },
    async (req) => {
      const actor = actorOf(req);
      return { ended: await db.tx((tx) => endSessionsFor(tx, actor, req.params.id)) };
    },
  );

  r.post(
    '/users/:id/impersonate',
    {
      config: { credentials: true },
      schema: {
        tags: ['access'],
        params: idParams,
        body: z.object({}).strict().optional(),
        response: { 200: sessionSchema },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const own = req.cookies[SESSION_COOKIE];
      if (!own || !req.sessionInfo) throw new AppError('forbidden', 'Login as needs a signed-in browser session.');
      const started = await db.tx((tx) => startImpersonation(tx, actor, req.params.id));
      // The impersonator's own session is kept aside so "return to my account" needs no new sign-in.
      reply.setCookie(RETURN_COOKIE, own, {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: '/api/v1/auth',
        maxAge: SESSION_IDLE_MS / 1000,
      });
      const { target } = started;
      return beginSession(reply, site, started, { userId: target.id, role: target.role, impersonatorId: actor.userId });
    },
  );

  // Public: after the 30 minutes there is no session, but the own one can still come back.
  r.post(
    '/auth/stop-impersonating',
    { config: { public: true }, schema: { tags: ['auth'], response: { 200: sessionSchema } } },
    async (req, reply) => {
      const returnToken = req.cookies[RETURN_COOKIE];
      const actor = req.actor;
      if (actor && !actor.impersonatorId) throw new AppError('forbidden', 'You are not signed in as someone else.');
      // When the 30 minutes have run out there is no login-as session any more, but the own one may remain.
      const back = actor
        ? await db.tx((tx) => stopImpersonation(tx, actor, req.sessionInfo!.tokenHash, returnToken))
        : await resumeOwnSession(db, returnToken);
      reply.clearCookie(RETURN_COOKIE, { path: '/api/v1/auth' });
      if (!back) {
        clearSessionCookie(reply);
        throw new AppError('unauthenticated', 'Your own session has ended; sign in again.');
      }
      return beginSession(reply, site, back, { userId: back.userId, role: null });
    },
  );
}
