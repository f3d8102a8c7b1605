import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { systemActor } from '../../core/actor';
import { invitationInfoSchema, sessionSchema } from '../../../common/contract/auth';
import { accepted } from '../../../common/contract/common';
import { beginSession } from './sessionStart';
import * as audit from '../audit/audit';
import { createSession } from '../sessions/sessions';
import { findUser } from '../people/repo';
import { storePassword } from '../users/service';
import { transition } from '../people/transitions';
import { markUsed, resolveToken } from '../invitations/invitations';
import { renewInvitation } from '../invitations/renew';
import { newPasswordBody, tokenLink } from './publicRoutes';

/** Public endpoints behind the link in an invitation email: no session needed. */
export async function invitationRoutes(api: FastifyInstance, { db, config, transport }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/invitations/:token',
    tokenLink({ tags: ['invitations'], response: { 200: invitationInfoSchema } }),
    async (req) => {
      const { userId } = await resolveToken(db, req.params.token);
      const user = (await findUser(db, userId))!;
      return { email: user.email!, firstName: user.first_name, lastName: user.last_name, language: user.language };
    },
  );

  r.post(
    '/invitations/:token/renew',
    tokenLink({ tags: ['invitations'], response: { 202: accepted } }),
    async (req, reply) => {
      await renewInvitation(db, req.params.token, { ip: req.ip, requestId: req.id });
      return reply
        .status(202)
        .send({ message: 'If this invitation can be renewed, a new link is on its way to your email address.' });
    },
  );

  r.post(
    '/invitations/:token/accept',
    tokenLink({ tags: ['invitations'], body: newPasswordBody, response: { 200: sessionSchema } }),
    async (req, reply) => {
      const result = await db.tx(async (tx) => {
        // Locks the invitation and the user: two clicks on one link confirm once.
        const inv = await resolveToken(tx, req.params.token, true);
        const user = (await findUser(tx, inv.userId))!;
        const actor = {
          ...systemActor('invitation'),
          userId: user.id,
          role: user.role,
          ip: req.ip,
          requestId: req.id,
          type: 'user' as const,
        };
        await markUsed(tx, inv.invitationId);
        const withPassword = await storePassword(tx, user, req.body.password);
        const confirmed = await transition(tx, actor, withPassword, 'confirm');
        await audit.record(tx, actor, {
          action: 'invitation.accepted',
          targetType: 'user',
          targetId: user.id,
          after: { invitationId: inv.invitationId },
        });
        const session = await createSession(tx, user.id);
        return { user: confirmed, ...session, actor };
      });
      const site = { db, secure: config.publicUrl.startsWith('https://'), mailbox: transport.kind === 'mailbox' };
      return beginSession(reply, site, result, { userId: result.user.id, role: result.user.role });
    },
  );
}
