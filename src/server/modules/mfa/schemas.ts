import { z } from 'zod';

const base64url = z
  .string()
  .max(20_000)
  .regex(/^[A-Za-z0-9_-]*$/, 'Not base64url.');
/** Browsers may add fields to WebAuthn responses: those are kept, the ones the check needs are validated. */
const credentialBase = {
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.string().max(50).optional(),
};

export const authenticationResponseSchema = z.looseObject({
  ...credentialBase,
  response: z.looseObject({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
});

export const registrationResponseSchema = z.looseObject({
  ...credentialBase,
  response: z.looseObject({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports: z.array(z.string().max(50)).max(10).optional(),
  }),
});

/** POST /auth/mfa: the token of the first step and exactly one proof. */
export const secondStepInputSchema = z
  .object({
    mfaToken: z.string().min(1).max(200),
    code: z.string().trim().min(1).max(50).optional(),
    assertion: authenticationResponseSchema.optional(),
  })
  .strict()
  .refine((b) => (b.code === undefined) !== (b.assertion === undefined), {
    message: 'Send either a code or a passkey assertion.',
    path: ['code'],
  });
