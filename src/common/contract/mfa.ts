import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { z } from 'zod';
import { listOf, timestamp } from './common';

/** Second factors (docs/decisions/013-second-factor.md). */
export const passkeySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
});
export type Passkey = z.infer<typeof passkeySchema>;
export const passkeyListSchema = listOf(passkeySchema);

export const factorSummarySchema = z.object({
  totp: z.object({ enabled: z.boolean(), enabledAt: timestamp.nullable() }),
  passkeys: z.array(passkeySchema),
  recoveryCodesLeft: z.number().int(),
  /** The organisation requires a second factor of this person. */
  required: z.boolean(),
});
export type Factors = z.infer<typeof factorSummarySchema>;

export const totpSetupSchema = z.object({ secret: z.string(), otpauthUri: z.string(), qrCode: z.string() });
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

/** Options for navigator.credentials.create(), as the WebAuthn library makes them: passed through whole. */
export const passkeyRegistrationOptionsSchema = webAuthnOptions<PublicKeyCredentialCreationOptionsJSON>(
  'PublicKeyCredentialCreationOptionsJSON (WebAuthn)',
);

/** WebAuthn options (W3C JSON forms) go through as the library writes them, typed but not re-described here. */
export function webAuthnOptions<T extends { challenge: string }>(description: string) {
  return z
    .custom<T>(
      (v) => typeof v === 'object' && v !== null && typeof (v as { challenge?: unknown }).challenge === 'string',
    )
    .describe(description);
}
