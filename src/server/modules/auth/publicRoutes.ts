import { z } from 'zod';

/** The token in the path of a link sent by email (invitation, sign-up confirmation, password reset). */
export const tokenParams = z.object({ token: z.string().min(1).max(200) });

/** The public endpoints of signing in and of the emailed links: no session needed, and rate limited. */
export const publicLimit = { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } };

/** The route options of an endpoint behind an emailed link: public, rate limited, the link's token in the path. */
export const tokenLink = <S extends { tags: string[] }>(schema: S) => ({
  config: publicLimit,
  schema: { ...schema, params: tokenParams },
});

/** The body of a link that sets the password: accepting an invitation, resetting a forgotten password. */
export const newPasswordBody = z.object({ password: z.string().max(200) }).strict();
