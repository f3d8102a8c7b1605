import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { accepted, noContent } from '../../../common/contract/common';
import { resetLinkSchema } from '../../../common/contract/auth';
import { checkResetToken, requestPasswordReset, resetPassword } from './passwordReset';
import { publicLimit, newPasswordBody, tokenLink } from './publicRoutes';

/** Public password-reset endpoints (no session). */
export async function passwordResetRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/auth/password-reset',
    {
      config: { ...publicLimit, credentials: true },
      schema: {
        tags: ['auth'],
        body: z.object({ email: z.string().trim().min(3).max(254) }).strict(),
        response: { 202: accepted },
      },
    },
    async (req, reply) => {
      await requestPasswordReset(db, req.body.email, { ip: req.ip, requestId: req.id });
      return reply.status(202).send({
        message: 'If this address belongs to an active account, we have sent it a link to reset the password.',
      });
    },
  );

  r.get('/auth/password-reset/:token', tokenLink({ tags: ['auth'], response: { 200: resetLinkSchema } }), async (req) =>
    checkResetToken(db, req.params.token),
  );

  r.post(
    '/auth/password-reset/:token',
    tokenLink({ tags: ['auth'], body: newPasswordBody, response: { 204: noContent } }),
    async (req, reply) => {
      await resetPassword(db, req.params.token, req.body.password, { ip: req.ip, requestId: req.id });
      return reply.status(204).send();
    },
  );
}
