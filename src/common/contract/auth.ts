import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { z } from 'zod';
import { ABILITIES } from './access';
import { LANGUAGES } from '../domain';
import { timestamp } from './common';
import { webAuthnOptions } from './mfa';
import { userSchema } from './users';

/** What the UI learns about the signed-in person: one shape for sign-in, reload, invitation and login-as. */
export const sessionSchema = z.object({
  user: userSchema,
  csrfToken: z.string(),
  /** Abilities the person has somewhere: the UI shows navigation and actions from these. */
  abilities: z.array(z.enum(ABILITIES)),
  /** The person has direct or indirect reports ("My team"). */
  isManager: z.boolean(),
  mailboxEnabled: z.boolean(),
  /** Set during "login as": who is really signed in, and when this session ends. */
  impersonator: z.object({ id: z.string(), name: z.string(), endsAt: timestamp }).nullable(),
  /** The session may only set up a second factor, which the organisation requires (docs/decisions/013-second-factor.md). */
  mfaEnrolmentRequired: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

/** One session as its owner (or someone above them) sees it: no secret, only when and from where. */
export const sessionItemSchema = z.object({
  id: z.string(),
  createdAt: timestamp,
  lastSeenAt: timestamp,
  expiresAt: timestamp,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
  loginAs: z.boolean(),
});
export type SignedInSession = z.infer<typeof sessionItemSchema>;
export const sessionListSchema = z.object({ items: z.array(sessionItemSchema) });
export const sessionsEndedSchema = z.object({ ended: z.number().int() });

/** The answer of a right password when a second factor is needed: no session yet. */
export const secondStepSchema = z.object({
  mfaRequired: z.literal(true),
  mfaToken: z.string(),
  /** What the person can use: their authenticator app, a passkey, a recovery code. */
  methods: z.array(z.enum(['totp', 'passkey', 'recovery_code'])),
  /** Options for navigator.credentials.get() when the person has passkeys. */
  passkeyOptions: webAuthnOptions<PublicKeyCredentialRequestOptionsJSON>(
    'PublicKeyCredentialRequestOptionsJSON (WebAuthn)',
  ).nullable(),
});
export type SecondStep = z.infer<typeof secondStepSchema>;
export const signInSchema = z.union([sessionSchema, secondStepSchema]);

/** What the sign-in page offers (public; says nothing about any account). */
export const authOptionsSchema = z.object({
  organisationName: z.string(),
  /** The UI's language when neither the person nor their browser names one Roster speaks. */
  defaultLanguage: z.enum(LANGUAGES),
  passwordSignInAllowed: z.boolean(),
  selfSignup: z.object({ enabled: z.boolean(), requireApproval: z.boolean(), allowedDomains: z.array(z.string()) }),
  sso: z.object({ enabled: z.boolean(), displayName: z.string() }),
  saml: z.object({ enabled: z.boolean(), displayName: z.string() }),
});
export type AuthOptions = z.infer<typeof authOptionsSchema>;

/** `GET /invitations/{token}`: who the link is for. */
export const invitationInfoSchema = z.object({
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  /** The invited person's profile language, so the acceptance page speaks it (docs/decisions/021-languages.md). */
  language: z.string().nullable(),
});
export type InvitationInfo = z.infer<typeof invitationInfoSchema>;

/** `GET /auth/password-reset/{token}`: whose password the link resets. */
export const resetLinkSchema = z.object({ email: z.string() });

/** `POST /signup/verify/{token}`: waiting for approval, or confirmed and signed in. */
export const signupVerifiedSchema = z.union([
  z.object({ state: z.literal('pending_approval') }),
  z.object({
    state: z.literal('confirmed'),
    user: userSchema,
    csrfToken: z.string(),
    abilities: z.array(z.enum(ABILITIES)),
    mailboxEnabled: z.boolean(),
  }),
]);
export type SignupVerified = z.infer<typeof signupVerifiedSchema>;

/** The body of `POST /signup` (the server's route validates it; the sign-up page sends it). */
export interface SignupInput {
  email: string;
  firstName: string;
  lastName: string;
  password: string;
  language?: string | null;
}

/** A sign-up waiting for an administrator's approval. */
export const signupRequestSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  requestedAt: timestamp,
  verifiedAt: timestamp,
});
export type SignupRequest = z.infer<typeof signupRequestSchema>;
export const signupDecisionSchema = z.object({ userId: z.string().nullable() });
