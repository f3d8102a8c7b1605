import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { notFound } from '../../core/errors';
import { getSettings } from '../settings/settings';
import { findUser, type UserRow } from '../people/repo';
import type { Sql } from '../../db/index';
import { assertCodeAttemptAllowed, confirmTotp, issueRecoveryCodes, startTotp } from './codes';
import { factorAdded, factorSummary, removeOwnFactor, resetFactors } from './factors';
import { listPasskeys, registerPasskey, registrationOptions, relyingParty } from './passkeys';
import { assertMayChangeOwnFactors } from './policy';
import { registrationResponseSchema } from './schemas';
import { noContent } from '../../../common/contract/common';
import {
  factorSummarySchema,
  passkeyListSchema,
  passkeyRegistrationOptionsSchema,
  passkeySchema,
  recoveryCodesSchema,
  totpSetupSchema,
} from '../../../common/contract/mfa';

/** Second factors: one's own under /me (authenticator app, recovery codes, passkeys), an administrator's reset. */
export async function mfaRoutes(api: FastifyInstance, { db, config }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const rp = relyingParty(config.publicUrl);
  const codeLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };
  /** The caller (who may change their own factors), their user row locked, and the organisation's name. */
  const withOwnRow = <T>(req: FastifyRequest, fn: (tx: Sql, me: UserRow, organisationName: string) => Promise<T>) => {
    const actor = actorOf(req);
    assertMayChangeOwnFactors(actor);
    return db.tx(async (tx) => {
      const me = await findUser(tx, actor.userId!, { forUpdate: true });
      if (!me) throw notFound('User');
      return fn(tx, me, (await getSettings(tx)).organisationName);
    });
  };

  r.get('/me/mfa', { schema: { tags: ['me'], response: { 200: factorSummarySchema } } }, async (req) =>
    factorSummary(db, actorOf(req).userId!),
  );

  r.post(
    '/me/mfa/totp',
    { config: { credentials: true }, schema: { tags: ['me'], response: { 200: totpSetupSchema } } },
    async (req) => withOwnRow(req, (tx, me, organisationName) => startTotp(tx, me, organisationName)),
  );

  r.post(
    '/me/mfa/totp/confirm',
    {
      config: codeLimit,
      schema: {
        tags: ['me'],
        body: z
          .object({
            code: z
              .string()
              .trim()
              .regex(/^\d{6}$/, 'Enter the 6-digit code.'),
          })
          .strict(),
        response: { 200: recoveryCodesSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      assertMayChangeOwnFactors(actor);
      await assertCodeAttemptAllowed(db, actor.userId!);
      return db.tx(async (tx) => {
        await confirmTotp(tx, actor.userId!, req.body.code);
        const recoveryCodes = await issueRecoveryCodes(tx, actor.userId!);
        await factorAdded(tx, actor, req.sessionInfo?.tokenHash, 'totp');
        return { recoveryCodes };
      });
    },
  );

  r.delete('/me/mfa/totp', { schema: { tags: ['me'], response: { 204: noContent } } }, async (req, reply) => {
    const actor = actorOf(req);
    assertMayChangeOwnFactors(actor);
    await db.tx((tx) => removeOwnFactor(tx, actor, { kind: 'totp' }));
    return reply.status(204).send();
  });

  r.get('/me/passkeys', { schema: { tags: ['me'], response: { 200: passkeyListSchema } } }, async (req) => ({
    items: await listPasskeys(db, actorOf(req).userId!),
  }));

  r.post(
    '/me/passkeys/registration-options',
    { schema: { tags: ['me'], response: { 200: passkeyRegistrationOptionsSchema } } },
    async (req) =>
      withOwnRow(req, (tx, me, organisationName) => registrationOptions(tx, { ...rp, name: organisationName }, me)),
  );

  r.post(
    '/me/passkeys',
    {
      schema: {
        tags: ['me'],
        body: z
          .object({ name: z.string().trim().min(1).max(100).default('Passkey'), response: registrationResponseSchema })
          .strict(),
        response: { 201: passkeySchema },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      assertMayChangeOwnFactors(actor);
      const passkey = await db.tx(async (tx) => {
        const created = await registerPasskey(
          tx,
          rp,
          actor.userId!,
          req.body.name,
          req.body.response as unknown as RegistrationResponseJSON,
        );
        await factorAdded(tx, actor, req.sessionInfo?.tokenHash, 'passkey');
        return created;
      });
      return reply.status(201).send(passkey);
    },
  );

  r.delete(
    '/me/passkeys/:id',
    { schema: { tags: ['me'], params: z.object({ id: z.string().min(1).max(1000) }), response: { 204: noContent } } },
    async (req, reply) => {
      const actor = actorOf(req);
      assertMayChangeOwnFactors(actor);
      await db.tx((tx) => removeOwnFactor(tx, actor, { kind: 'passkey', id: req.params.id }));
      return reply.status(204).send();
    },
  );

  r.delete(
    '/users/:id/mfa',
    {
      config: { credentials: true },
      schema: { tags: ['users'], params: z.object({ id: z.string().min(1).max(100) }), response: { 204: noContent } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      await db.tx((tx) => resetFactors(tx, actor, req.params.id));
      return reply.status(204).send();
    },
  );
}
