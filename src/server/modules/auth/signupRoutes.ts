import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorAllowedTo } from '../access/guardedRoutes';
import { setSessionCookie } from '../sessions/cookie';
import { abilitiesOf } from '../access/policy';
import { toDto } from '../people/repo';
import { accepted, listOf } from '../../../common/contract/common';
import { signupDecisionSchema, signupRequestSchema, signupVerifiedSchema } from '../../../common/contract/auth';
import { emailSchema } from '../people/schemas';
import { createSession } from '../sessions/sessions';
import { decide, listPending, requestSignup, verifySignup } from './signup';
import { publicLimit, tokenLink } from './publicRoutes';

const signupBody = z
  .object({
    email: emailSchema,
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().max(100).default(''),
    password: z.string().max(200),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
      .nullable()
      .optional(),
  })
  .strict();
const idParams = z.object({ id: z.string().min(1).max(100) });

/** Self sign-up (public) and its approval queue (administrators with people.invite). */
export async function signupRoutes(api: FastifyInstance, { db, config, transport }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/signup',
    { config: publicLimit, schema: { tags: ['sign-up'], body: signupBody, response: { 202: accepted } } },
    async (req, reply) => {
      await requestSignup(db, req.body, { ip: req.ip, requestId: req.id });
      return reply
        .status(202)
        .send({ message: 'Check your inbox: we have sent a link to confirm your email address.' });
    },
  );

  r.post(
    '/signup/verify/:token',
    tokenLink({ tags: ['sign-up'], response: { 200: signupVerifiedSchema } }),
    async (req, reply) => {
      const result = await verifySignup(db, req.params.token, { ip: req.ip, requestId: req.id });
      if (result.state === 'pending_approval') return { state: result.state };
      // Confirmed now: the person who proved the address is signed in, as after accepting an invitation.
      const { token, csrfToken } = await createSession(db, result.user.id);
      setSessionCookie(reply, token, config.publicUrl.startsWith('https://'));
      const actor = { type: 'user' as const, userId: result.user.id, role: result.user.role };
      return {
        state: result.state,
        user: toDto(result.user),
        csrfToken,
        abilities: abilitiesOf(actor),
        mailboxEnabled: transport.kind === 'mailbox',
      };
    },
  );

  r.get(
    '/signup-requests',
    { schema: { tags: ['sign-up'], response: { 200: listOf(signupRequestSchema) } } },
    async (req) => {
      actorAllowedTo(req, 'people.invite');
      return { items: await listPending(db) };
    },
  );

  for (const action of ['approve', 'decline'] as const) {
    r.post(
      `/signup-requests/:id/${action}`,
      { schema: { tags: ['sign-up'], params: idParams, response: { 200: signupDecisionSchema } } },
      async (req) => {
        const actor = actorAllowedTo(req, 'people.invite');
        return db.tx((tx) => decide(tx, actor, req.params.id, action === 'approve'));
      },
    );
  }
}
