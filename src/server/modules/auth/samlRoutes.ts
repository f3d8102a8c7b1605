import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorAllowedTo } from '../access/guardedRoutes';
import { forbidden, invalid } from '../../core/errors';
import { getSettings, updateSettings } from '../settings/settings';
import { acsUrl, finishSaml, spEntityId, spMetadata, startSaml } from './saml';
import { certificateInfo, fetchIdpMetadata, MetadataError, parseIdpMetadata, type IdpMetadata } from './samlMetadata';
import { completeSso, safeReturn } from './ssoRoutes';
import { samlMetadataReportSchema, samlMetadataSavedSchema } from '../../../common/contract/saml';

const STATE_COOKIE = 'roster_saml_state';
const COOKIE_PATH = '/api/v1/auth/saml';
const metadataSource = z
  .object({ url: z.url().max(1000).optional(), xml: z.string().max(1_000_000).optional() })
  .strict()
  .refine((b) => !(b.url && b.xml), 'Give the metadata URL or the metadata XML, not both.');

/** What "Test" and "Save metadata" show of an identity provider's metadata. */
const report = (m: IdpMetadata) => ({ ok: true as const, ...m, certificates: m.idpCertificates.map(certificateInfo) });

/**
 * SAML 2.0 sign-in (docs/decisions/017-saml.md): Roster's metadata, the start (an AuthnRequest by redirect) and the
 * assertion consumer service (HTTP-POST), plus the settings routes that read the identity provider's metadata.
 * Registered in a plugin of its own: the form body parser of the ACS applies here only.
 */
export async function samlRoutes(api: FastifyInstance, { db, config }: AppContext) {
  api.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  const r = api.withTypeProvider<ZodTypeProvider>();
  const secure = config.publicUrl.startsWith('https://');
  const limit = { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } };

  r.get('/auth/saml/metadata', { config: { public: true }, schema: { tags: ['auth'] } }, async (_req, reply) => {
    reply.type('application/samlmetadata+xml; charset=utf-8');
    return spMetadata(db);
  });

  r.get(
    '/auth/saml/start',
    { config: limit, schema: { tags: ['auth'], querystring: z.object({ next: z.string().max(2000).optional() }) } },
    async (req, reply) => {
      const { url, relayState } = await startSaml(db, safeReturn(req.query.next));
      // The identity provider answers with a cross-site POST, which only carries a SameSite=None cookie, and
      // browsers take those over HTTPS only: without HTTPS (development on loopback) the RelayState alone binds.
      if (secure)
        reply.setCookie(STATE_COOKIE, relayState, {
          httpOnly: true,
          sameSite: 'none',
          secure,
          path: COOKIE_PATH,
          maxAge: 600,
        });
      return reply.redirect(url, 302);
    },
  );

  r.post(
    '/auth/saml/acs',
    {
      // A form POST from the identity provider: its proof is the signed assertion, not a CSRF token.
      config: { ...limit, csrf: false },
      schema: {
        tags: ['auth'],
        body: z.looseObject({
          SAMLResponse: z.string().max(1_000_000).optional(),
          RelayState: z.string().max(2000).optional(),
        }),
      },
    },
    async (req, reply) => {
      const cookieState = secure ? (req.cookies[STATE_COOKIE] ?? '') : null;
      if (secure) reply.clearCookie(STATE_COOKIE, { path: COOKIE_PATH, sameSite: 'none', secure });
      return completeSso(reply, secure, 303, () =>
        finishSaml(db, req.body, cookieState, { ip: req.ip, requestId: req.id }, req.log),
      );
    },
  );

  // Reads the identity provider's metadata without saving it. Another source than the saved URL is part of
  // configuring SAML, which is an Owner's (docs/decisions/010-single-sign-on.md); Admins may test the saved one.
  r.post(
    '/settings/saml/test',
    { schema: { tags: ['settings'], body: metadataSource, response: { 200: samlMetadataReportSchema } } },
    async (req) => {
      const actor = actorAllowedTo(req, 'settings.manage');
      const { saml } = await getSettings(db);
      const { url, xml } = req.body;
      if ((xml || (url && url !== saml.idpMetadataUrl)) && actor.role !== 'owner')
        throw forbidden('Only an Owner can change the single sign-on settings.');
      const source = url ?? saml.idpMetadataUrl;
      if (!xml && !source)
        throw invalid('Enter the metadata URL or paste the metadata first.', [{ field: 'url', message: 'Required.' }]);
      try {
        return report(xml ? parseIdpMetadata(xml) : await fetchIdpMetadata(source!));
      } catch (err) {
        if (err instanceof MetadataError) return { ok: false as const, message: err.message };
        throw err;
      }
    },
  );

  // Reads the metadata (fetched from the URL, or as uploaded) and saves the identity provider it describes.
  r.post(
    '/settings/saml/idp-metadata',
    { schema: { tags: ['settings'], body: metadataSource, response: { 200: samlMetadataSavedSchema } } },
    async (req) => {
      const actor = actorAllowedTo(req, 'settings.manage');
      if (actor.role !== 'owner') throw forbidden('Only an Owner can change the single sign-on settings.');
      const { url, xml } = req.body;
      if (!url && !xml)
        throw invalid('Enter the metadata URL or paste the metadata.', [{ field: 'url', message: 'Required.' }]);
      let idp: IdpMetadata;
      try {
        idp = xml ? parseIdpMetadata(xml) : await fetchIdpMetadata(url!);
      } catch (err) {
        if (err instanceof MetadataError)
          throw invalid(err.message, [{ field: xml ? 'xml' : 'url', message: err.message }]);
        throw err;
      }
      const settings = await db.tx((tx) =>
        updateSettings(tx, actor, { saml: { ...idp, idpMetadataUrl: url ?? null } }),
      );
      return { ...report(idp), saml: settings.saml, spEntityId: spEntityId(), acsUrl: acsUrl() };
    },
  );
}
