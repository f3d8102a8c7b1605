import { z } from 'zod';

const base64url = z.string().max(20_000).regex(/^[A-Za-z0-9_-]*$/, 'Not base64url.');
/** Browsers may add fields to WebAuthn responses: those are kept, the ones the check needs are validated. */
const credentialBase = { id: base64url.min(1), rawId: base64url.min(1), type: z.literal('public-key'), clientExtensionResults: z.record(z.string(), z.unknown()).default({}), authenticatorAttachment: z.string().max(50).optional() };

export const authenticationResponseSchema = z.looseObject({
  ...credentialBase,
  response: z.looseObject({ clientDataJSON: base64url, authenticatorData: base64url, signature: base64url, userHandle: base64url.optional() }),
});

export const registrationResponseSchema = z.looseObject({
  ...credentialBase,
  response: z.looseObject({ clientDataJSON: base64url, attestationObject: base64url, transports: z.array(z.string().max(50)).max(10).optional() }),
});

/** POST /auth/mfa: the token of the first step and exactly one proof. */
export const secondStepInputSchema = z
  .object({
    mfaToken: z.string().min(1).max(200),
    code: z.string().trim().min(1).max(50).optional(),
    assertion: authenticationResponseSchema.optional(),
  })
  .strict()
  .refine((b) => (b.code === undefined) !== (b.assertion === undefined), { message: 'Send either a code or a passkey assertion.', path: ['code'] });

/** The answer of a right password when a second factor is needed: no session yet. */
export const secondStepSchema = z.object({
  mfaRequired: z.literal(true),
  mfaToken: z.string(),
  /** What the person can use: their authenticator app, a passkey, a recovery code. */
  methods: z.array(z.enum(['totp', 'passkey', 'recovery_code'])),
  /** Options for navigator.credentials.get() when the person has passkeys. */
  passkeyOptions: z
    .object({
      challenge: z.string(),
      timeout: z.number().optional(),
      rpId: z.string().optional(),
      allowCredentials: z.array(z.object({ id: z.string(), type: z.string(), transports: z.array(z.string()).optional() })).optional(),
      userVerification: z.enum(['required', 'preferred', 'discouraged']).optional(),
    })
    .nullable(),
});

export const factorSummarySchema = z.object({
  totp: z.object({ enabled: z.boolean(), enabledAt: z.string().nullable() }),
  passkeys: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })),
  recoveryCodesLeft: z.number().int(),
  /** The organisation requires a second factor of this person. */
  required: z.boolean(),
});
