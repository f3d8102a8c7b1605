import type { FastifyInstance, FastifyReply } from 'fastify';
import { verify } from '@node-rs/argon2';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { clearSessionCookie } from '../sessions/cookie';
import { AppError, invalid, notFound } from '../../core/errors';
import * as audit from '../audit/audit';
import * as customFields from '../customFields/customFields';
import { getSettings } from '../settings/settings';
import { findUser, toDto, type UserRow } from '../people/repo';
import { normalizeEmail } from '../people/email';
import { SELF_EDITABLE } from '../people/fields';
import { noContent } from '../../../common/contract/common';
import { sessionListSchema, sessionSchema, signInSchema } from '../../../common/contract/auth';
import { updateMeBody, userSchema } from '../../../common/contract/users';
import { emailSchema } from '../people/schemas';
import { applyChanges, storePassword } from '../users/service';
import { assertNotLoginAs } from '../access/policy';
import { secondStepInputSchema } from '../mfa/schemas';
import { relyingParty } from '../mfa/passkeys';
import { finishSecondStep, type SecondStepProof } from '../mfa/signIn';
import { login, openSession, refuseUnusable } from './login';
import { sessionView } from './sessionView';
import { beginSession } from './sessionStart';
import { publicLimit } from './publicRoutes';
import { endSession, listSessionsOf, SESSION_COOKIE } from '../sessions/sessions';
import { endOwnSession } from './userSessions';

/** PATCH /me: the contract's body with the address checked and made canonical. */
const mePatchSchema = updateMeBody.extend({ email: emailSchema.optional() }).strict();

export async function authRoutes(api: FastifyInstance, { db, config, transport }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const secureCookie = config.publicUrl.startsWith('https://');

  r.post(
    '/auth/login',
    {
      config: publicLimit,
      schema: {
        tags: ['auth'],
        body: z.object({ email: z.string().max(254), password: z.string().max(200) }).strict(),
        response: { 200: signInSchema },
      },
    },
    async (req, reply) => {
      const result = await login(
        db,
        req.body.email,
        req.body.password,
        { ip: req.ip, requestId: req.id, userAgent: req.headers['user-agent'] ?? null },
        relyingParty(config.publicUrl),
      );
      if (result.secondStep) return result.secondStep;
      return startSession(reply, result.session);
    },
  );

  r.post(
    '/auth/mfa',
    {
      config: publicLimit,
      schema: { tags: ['auth'], body: secondStepInputSchema, response: { 200: sessionSchema } },
    },
    async (req, reply) => {
      const { mfaToken, ...proof } = req.body;
      const ctx = { ip: req.ip, requestId: req.id, userAgent: req.headers['user-agent'] ?? null };
      const session = await finishSecondStep(
        db,
        relyingParty(config.publicUrl),
        mfaToken,
        proof as SecondStepProof,
        async (tx, userId, method) => {
          const user = await findUser(tx, userId, { forUpdate: true });
          if (!user) throw new AppError('unauthenticated', 'Sign in again.');
          refuseUnusable(user);
          return openSession(tx, user, ctx, { secondFactor: method });
        },
      );
      return startSession(reply, session);
    },
  );

  function startSession(
    reply: FastifyReply,
    session: { user: UserRow; token: string; csrfToken: string; enrolmentOnly: boolean },
  ) {
    const { user, enrolmentOnly } = session;
    const site = { db, secure: secureCookie, mailbox: transport.kind === 'mailbox' };
    return beginSession(reply, site, session, { userId: user.id, role: user.role, mfaEnrolmentOnly: enrolmentOnly });
  }

  r.post(
    '/auth/logout',
    { config: { public: true }, schema: { tags: ['auth'], response: { 204: noContent } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await endSession(db, token);
      clearSessionCookie(reply);
      return reply.status(204).send();
    },
  );

  r.get('/auth/session', { schema: { tags: ['auth'], response: { 200: sessionSchema } } }, async (req) => {
    const actor = actorOf(req);
    const user = await findUser(db, actor.userId!);
    if (!user || !req.sessionInfo) throw new AppError('unauthenticated', 'Sign in to continue.');
    return sessionView(db, actor, req.sessionInfo.csrfToken, transport.kind === 'mailbox');
  });

  r.get('/me', { schema: { tags: ['me'], response: { 200: userSchema } } }, async (req) => {
    const user = await findUser(db, actorOf(req).userId!);
    if (!user) throw notFound('User');
    return toDto(user);
  });

  r.patch(
    '/me',
    { config: { credentials: true }, schema: { tags: ['me'], body: mePatchSchema, response: { 200: userSchema } } },
    async (req) => {
      const actor = actorOf(req);
      const body = req.body;
      const user = await db.tx(async (tx) => {
        const me = await findUser(tx, actor.userId!, { forUpdate: true });
        if (!me) throw notFound('User');
        const settings = await getSettings(tx);
        const changes: Record<string, unknown> = {};
        // The fields a person may change on their own profile: those declared `self` (src/common/profileFields.ts).
        const map = SELF_EDITABLE;
        for (const [k, col] of Object.entries(map)) if ((body as any)[k] !== undefined) changes[col] = (body as any)[k];
        if (body.onBreak === false) changes.break_until = null;
        if (body.email !== undefined && normalizeEmail(body.email) !== me.email_normalized) {
          if (!settings.usersMayChangeOwnEmail)
            throw new AppError('forbidden', 'Your organisation does not let users change their own email.');
          assertNotLoginAs(actor, 'change the email address');
          const taken = await tx.query('select 1 from users where email_normalized = $1', [normalizeEmail(body.email)]);
          if (taken.length) throw new AppError('email_taken', 'Another user already has this email address.');
          Object.assign(changes, { email: body.email, email_normalized: normalizeEmail(body.email) });
        }
        if (body.customFields) {
          const fields = await customFields.listFields(tx);
          const locked = Object.keys(body.customFields).filter((k) => !fields.find((f) => f.key === k)?.editableByUser);
          if (locked.length)
            throw invalid(
              'Some fields can only be changed by an administrator.',
              locked.map((k) => ({ field: `customFields.${k}` })),
            );
          const values = customFields.validateValues(fields, body.customFields);
          await customFields.syncUniqueValues(tx, fields, me.id, values);
          changes.custom_fields = JSON.stringify(
            Object.fromEntries(Object.entries({ ...me.custom_fields, ...values }).filter(([, v]) => v !== null)),
          );
        }
        return applyChanges(tx, actor, me, changes);
      });
      return toDto(user);
    },
  );

  r.post(
    '/me/password',
    {
      config: { credentials: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['me'],
        body: z.object({ currentPassword: z.string().max(200), newPassword: z.string().max(200) }).strict(),
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      assertNotLoginAs(actor, 'change the password');
      await db.tx(async (tx) => {
        const me = await findUser(tx, actor.userId!, { forUpdate: true });
        if (!me?.password_hash || !(await verify(me.password_hash, req.body.currentPassword).catch(() => false)))
          throw invalid('The current password is not correct.', [
            { field: 'currentPassword', message: 'Not correct.' },
          ]);
        await storePassword(tx, me, req.body.newPassword, {
          keepSessionHash: req.sessionInfo?.tokenHash,
          field: 'newPassword',
        });
        await audit.record(tx, actor, { action: 'user.password_set', targetType: 'user', targetId: me.id });
      });
      return reply.status(204).send();
    },
  );

  r.get('/me/sessions', { schema: { tags: ['me'], response: { 200: sessionListSchema } } }, async (req) => ({
    items: await listSessionsOf(db, actorOf(req).userId!, req.sessionInfo?.tokenHash ?? null),
  }));

  r.delete(
    '/me/sessions/:id',
    { schema: { tags: ['me'], params: z.object({ id: z.string().min(1).max(100) }), response: { 204: noContent } } },
    async (req, reply) => {
      const actor = actorOf(req);
      await db.tx((tx) => endOwnSession(tx, actor, req.params.id));
      return reply.status(204).send();
    },
  );
}
