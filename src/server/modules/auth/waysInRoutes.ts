import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { authOptionsSchema } from '../../../common/contract/auth';
import { getSettings, samlConfigured } from '../settings/settings';
import { ssoConfigured } from './accounts';
import { samlRoutes } from './samlRoutes';
import { passwordResetRoutes } from './resetRoutes';
import { signupRoutes } from './signupRoutes';
import { ssoRoutes } from './ssoRoutes';

/** Every way in beyond the invitation link: password reset, self sign-up, single sign-on (OpenID Connect, SAML). */
export async function waysInRoutes(api: FastifyInstance, ctx: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  // What the sign-in page offers; public, and says nothing about any account.
  r.get(
    '/auth/options',
    { config: { public: true }, schema: { tags: ['auth'], response: { 200: authOptionsSchema } } },
    async () => {
      const s = await getSettings(ctx.db);
      const ssoEnabled = ssoConfigured(s.sso);
      return {
        organisationName: s.organisationName,
        defaultLanguage: s.defaultLanguage,
        passwordSignInAllowed: s.sso.passwordSignInAllowed || !ssoEnabled,
        selfSignup: {
          enabled: s.selfSignup.enabled,
          requireApproval: s.selfSignup.requireApproval,
          allowedDomains: s.selfSignup.allowedDomains,
        },
        sso: { enabled: ssoEnabled, displayName: s.sso.displayName },
        saml: { enabled: samlConfigured(s.saml), displayName: s.saml.displayName },
      };
    },
  );
  await passwordResetRoutes(api, ctx);
  await signupRoutes(api, ctx);
  await ssoRoutes(api, ctx);
  await api.register(async (saml) => samlRoutes(saml, ctx));
}
