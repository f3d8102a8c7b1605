import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { actorAllowedTo, settingsSection } from '../access/guardedRoutes';
import { AppError, notFound } from '../../core/errors';
import * as audit from '../audit/audit';
import { findUser } from '../people/repo';
import { getSettings } from '../settings/settings';
import * as outbox from '../mail/outbox';
import { LANGUAGES, MAIL_KINDS, type Lang, type MailKind } from '../mail/i18n';
import {
  customTemplate,
  defaultTemplate,
  getBranding,
  latestVersions,
  renderTemplate,
  saveTemplate,
  setBranding,
  variablesOf,
  versionsOf,
  assertParses,
} from '../mail/templateStore';
import {
  mailBrandingSchema,
  mailPreviewSchema,
  mailTemplateBodySchema,
  mailTemplateListSchema,
  mailTemplateSchema,
  mailTestSentSchema,
  notificationPreferencesInputSchema,
  notificationPreferencesSchema,
  type MailTemplateBody,
} from '../../../common/contract/notifications';
import { preferencesOf, setPreferences } from './preferences';
import { sampleValues } from './samples';

const templateParams = z.object({ kind: z.string().min(1).max(60), lang: z.string().min(1).max(10) });

/** The kind and language named in the path, or 404. */
function templateOf(p: { kind: string; lang: string }): { kind: MailKind; lang: Lang } {
  if (!(MAIL_KINDS as readonly string[]).includes(p.kind) || !(LANGUAGES as readonly string[]).includes(p.lang))
    throw notFound('Mail template');
  return { kind: p.kind as MailKind, lang: p.lang as Lang };
}

/**
 * Notification preferences (`/me/notifications`, everyone signed in) and editable mail (`/mail-templates`,
 * `/mail-branding`: Owners and Admins, `settings.manage`). docs/api.md "Notifications", "Mail templates".
 */
export async function notificationRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/me/notifications',
    { schema: { tags: ['me'], response: { 200: notificationPreferencesSchema } } },
    async (req) => {
      const actor = actorOf(req);
      const me = await findUser(db, actor.userId!);
      if (!me) throw notFound('User');
      return { items: await preferencesOf(db, me.id, me.role) };
    },
  );
  r.put(
    '/me/notifications',
    {
      schema: {
        tags: ['me'],
        body: notificationPreferencesInputSchema,
        response: { 200: notificationPreferencesSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      if (actor.impersonatorId)
        throw new AppError('forbidden', 'Notification preferences cannot be changed while signed in as someone else.');
      return db.tx(async (tx) => {
        const me = await findUser(tx, actor.userId!, { forUpdate: true });
        if (!me) throw notFound('User');
        return { items: await setPreferences(tx, actor, me.role, req.body.preferences) };
      });
    },
  );

  r.get('/mail-templates', { schema: { tags: ['mail'], response: { 200: mailTemplateListSchema } } }, async (req) => {
    actorAllowedTo(req, 'settings.manage');
    const latest = new Map((await latestVersions(db)).map((v) => [`${v.kind}/${v.lang}`, v]));
    return {
      items: MAIL_KINDS.flatMap((kind) =>
        LANGUAGES.map((lang) => {
          const v = latest.get(`${kind}/${lang}`);
          return {
            kind,
            lang,
            customised: v?.customised ?? false,
            version: v?.version ?? 0,
            changedAt: v ? new Date(v.changed_at).toISOString() : null,
            changedBy: v?.changed_by ?? null,
          };
        }),
      ),
    };
  });

  const describe = async (kind: MailKind, lang: Lang) => {
    const custom = await customTemplate(db, kind, lang);
    const defaults = defaultTemplate(kind, lang);
    const samples = sampleValues(lang, (await getSettings(db)).organisationName);
    return {
      kind,
      lang,
      customised: custom !== null,
      current: custom ?? defaults,
      defaults,
      variables: variablesOf(kind).map((name) => ({ name, sample: samples[name] ?? '' })),
      versions: (await versionsOf(db, kind, lang)).map((v) => ({
        version: v.version,
        reset: v.reset,
        changedAt: new Date(v.changed_at).toISOString(),
        changedBy: v.changed_by,
        changedByName: v.name,
      })),
    };
  };

  r.get(
    '/mail-templates/:kind/:lang',
    { schema: { tags: ['mail'], params: templateParams, response: { 200: mailTemplateSchema } } },
    async (req) => {
      actorAllowedTo(req, 'settings.manage');
      const { kind, lang } = templateOf(req.params);
      return describe(kind, lang);
    },
  );
  r.put(
    '/mail-templates/:kind/:lang',
    {
      schema: {
        tags: ['mail'],
        params: templateParams,
        body: mailTemplateBodySchema,
        response: { 200: mailTemplateSchema },
      },
    },
    async (req) => {
      const actor = actorAllowedTo(req, 'settings.manage');
      const { kind, lang } = templateOf(req.params);
      await db.tx((tx) => saveTemplate(tx, actor, kind, lang, req.body));
      return describe(kind, lang);
    },
  );
  r.delete(
    '/mail-templates/:kind/:lang',
    { schema: { tags: ['mail'], params: templateParams, response: { 200: mailTemplateSchema } } },
    async (req) => {
      const actor = actorAllowedTo(req, 'settings.manage');
      const { kind, lang } = templateOf(req.params);
      // A reset is a version of its own: the history keeps what was there before.
      if (await customTemplate(db, kind, lang)) await db.tx((tx) => saveTemplate(tx, actor, kind, lang, null));
      return describe(kind, lang);
    },
  );

  const rendered = async (kind: MailKind, lang: Lang, body: MailTemplateBody) => {
    assertParses(body);
    const samples = sampleValues(lang, (await getSettings(db)).organisationName);
    // Branding variables come from the organisation's branding, the others from the samples.
    const vars = Object.fromEntries(variablesOf(kind).flatMap((n) => (n in samples ? [[n, samples[n]!]] : [])));
    return renderTemplate(body, vars, await getBranding(db));
  };

  r.post(
    '/mail-templates/:kind/:lang/preview',
    {
      schema: {
        tags: ['mail'],
        params: templateParams,
        body: mailTemplateBodySchema,
        response: { 200: mailPreviewSchema },
      },
    },
    async (req) => {
      actorAllowedTo(req, 'settings.manage');
      const { kind, lang } = templateOf(req.params);
      return rendered(kind, lang, req.body);
    },
  );
  r.post(
    '/mail-templates/:kind/:lang/test',
    {
      schema: {
        tags: ['mail'],
        params: templateParams,
        body: mailTemplateBodySchema,
        response: { 202: mailTestSentSchema },
      },
    },
    async (req, reply) => {
      const actor = actorAllowedTo(req, 'settings.manage');
      const { kind, lang } = templateOf(req.params);
      const mail = await rendered(kind, lang, req.body);
      const me = await findUser(db, actor.userId!);
      if (!me?.email) throw new AppError('validation_failed', 'Your account has no email address to send a test to.');
      await db.tx(async (tx) => {
        // Security category: a test goes out even during the sender's break.
        await outbox.enqueue(tx, {
          userId: me.id,
          to: me.email!,
          kind: 'template_test',
          category: 'security',
          subject: `[Test] ${mail.subject}`,
          text: mail.text,
          html: mail.html,
        });
        await audit.record(tx, actor, {
          action: 'mail_template.test_sent',
          targetType: 'mail_template',
          targetId: `${kind}/${lang}`,
        });
      });
      return reply.status(202).send({ queued: true, to: me.email });
    },
  );

  const branding = settingsSection(api, { path: '/mail-branding', tags: ['mail'], schema: mailBrandingSchema });
  branding.get(() => getBranding(db));
  branding.put(mailBrandingSchema, (actor, body) => db.tx((tx) => setBranding(tx, actor, body)));
}
