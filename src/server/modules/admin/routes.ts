import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { actorAllowedTo, settingsSection } from '../access/guardedRoutes';
import { AppError, invalid } from '../../core/errors';
import { assertMayCreateToken, can } from '../access/policy';
import { listAudit, auditQuerySchema } from '../audit/query';
import { nameActors } from '../access/auditActors';
import * as customFields from '../customFields/customFields';
import { createToken, listTokens, revokeToken, tokenInputSchema } from '../tokens/tokens';
import { readMailbox } from '../mail/mailbox';
import { findTeam } from '../teams/repo';
import { getSettings, settingsPatchSchema, updateSettings } from '../settings/settings';
import { settingsSchema } from '../../../common/contract/settings';
import {
  apiTokenListSchema,
  auditPageSchema,
  createdTokenSchema,
  customFieldListSchema,
  customFieldSchema,
  mailboxSchema,
} from '../../../common/contract/admin';
import { noContent } from '../../../common/contract/common';

/** Administration: settings, custom field definitions, API tokens, audit log, built-in mailbox. */
export async function adminRoutes(api: FastifyInstance, { db, transport }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const keyParams = z.object({ key: z.string().min(1).max(50) });

  const settings = settingsSection(api, { path: '/settings', tags: ['settings'], schema: settingsSchema });
  settings.get(() => getSettings(db));
  settings.patch(settingsPatchSchema, (actor, body) =>
    db.tx(async (tx) => {
      // Checked here, not in the settings store: settings sit below teams in docs/ARCHITECTURE.md's layer order.
      const teamId = body.selfSignup?.defaultTeamId;
      if (teamId)
        await findTeam(tx, teamId).catch(() => {
          throw invalid('The default team does not exist.', [
            { field: 'selfSignup.defaultTeamId', message: 'Unknown team.' },
          ]);
        });
      return updateSettings(tx, actor, body);
    }),
  );

  r.get(
    '/custom-fields',
    { schema: { tags: ['custom fields'], response: { 200: customFieldListSchema } } },
    async (req) => {
      actorOf(req); // every signed-in user may read definitions: profile forms need them
      return { items: await customFields.listFields(db) };
    },
  );
  r.post(
    '/custom-fields',
    {
      schema: {
        tags: ['custom fields'],
        body: customFields.customFieldInputSchema,
        response: { 201: customFieldSchema },
      },
    },
    async (req, reply) => {
      const actor = actorAllowedTo(req, 'settings.manage');
      return reply.status(201).send(await db.tx((tx) => customFields.createField(tx, actor, req.body)));
    },
  );
  r.get(
    '/custom-fields/:key',
    { schema: { tags: ['custom fields'], params: keyParams, response: { 200: customFieldSchema } } },
    async (req) => {
      actorOf(req);
      return customFields.getField(db, req.params.key);
    },
  );
  r.patch(
    '/custom-fields/:key',
    {
      schema: {
        tags: ['custom fields'],
        params: keyParams,
        body: customFields.customFieldPatchSchema,
        response: { 200: customFieldSchema },
      },
    },
    async (req) => {
      const actor = actorAllowedTo(req, 'settings.manage');
      return db.tx((tx) => customFields.updateField(tx, actor, req.params.key, req.body));
    },
  );
  r.delete(
    '/custom-fields/:key',
    { schema: { tags: ['custom fields'], params: keyParams, response: { 204: noContent } } },
    async (req, reply) => {
      const actor = actorAllowedTo(req, 'settings.manage');
      await db.tx((tx) => customFields.deleteField(tx, actor, req.params.key));
      return reply.status(204).send();
    },
  );

  r.get(
    '/audit',
    { schema: { tags: ['audit'], querystring: auditQuerySchema, response: { 200: auditPageSchema } } },
    async (req) => {
      const actor = actorAllowedTo(req, 'audit.read');
      const page = await listAudit(db, req.query, { readsNotes: can(actor, 'notes') });
      return { ...page, items: await nameActors(db, actor, page.items) };
    },
  );

  r.post(
    '/tokens',
    {
      config: { credentials: true },
      schema: { tags: ['tokens'], body: tokenInputSchema, response: { 201: createdTokenSchema } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      assertMayCreateToken(actor);
      return reply.status(201).send(await db.tx((tx) => createToken(tx, actor, req.body)));
    },
  );
  r.get('/tokens', { schema: { tags: ['tokens'], response: { 200: apiTokenListSchema } } }, async (req) => {
    actorAllowedTo(req, 'settings.manage');
    return { items: await listTokens(db) };
  });
  r.delete(
    '/tokens/:id',
    { schema: { tags: ['tokens'], params: z.object({ id: z.string().max(100) }), response: { 204: noContent } } },
    async (req, reply) => {
      const actor = actorAllowedTo(req, 'settings.manage');
      await db.tx((tx) => revokeToken(tx, actor, req.params.id));
      return reply.status(204).send();
    },
  );

  r.get(
    '/mailbox',
    {
      schema: {
        tags: ['mailbox'],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: mailboxSchema },
      },
    },
    async (req) => {
      const actor = actorAllowedTo(req, 'settings.manage');
      if (transport.kind !== 'mailbox')
        throw new AppError('not_found', 'The built-in mailbox is off because SMTP_URL is set.');
      return { items: await readMailbox(db, actor, req.query.limit) };
    },
  );
}
