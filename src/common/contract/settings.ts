import { z } from 'zod';
import { domainList, samlSchema } from './saml';
import { LANGUAGES, STATUSES } from '../domain';
import { notificationSettingsSchema } from './notifications';

/**
 * Organisation settings: these schemas both fill in the defaults of stored settings (server
 * modules/settings/settings.ts) and are the answer of GET and PATCH /settings.
 */
/** Self sign-up (docs/product-rules.md §3): off by default; privileged roles cannot be the default. */
export const selfSignupSchema = z.object({
  enabled: z.boolean().default(false),
  allowedDomains: domainList.default([]),
  defaultRole: z.enum(['learner', 'reporter', 'learning_designer', 'curator']).default('learner'),
  requireApproval: z.boolean().default(false),
  /** The team people who sign up join (on sign-up, or on approval when approval is required). */
  defaultTeamId: z.string().trim().min(1).max(100).nullable().default(null),
});
export type SelfSignupSettings = z.infer<typeof selfSignupSchema>;

/** OpenID Connect single sign-on as GET returns it: the client secret is never returned, only whether it is set. */
export const ssoSchema = z.object({
  issuer: z.url().max(500).nullable().default(null),
  clientId: z.string().trim().max(300).nullable().default(null),
  clientSecretSet: z.boolean().default(false),
  /** Label of the "Sign in with …" button. */
  displayName: z.string().trim().max(60).default('single sign-on'),
  allowedDomains: domainList.default([]),
  jitCreation: z.boolean().default(false),
  passwordSignInAllowed: z.boolean().default(true),
  /**
   * Match by email when the provider sends no email_verified claim (Entra ID work accounts). Only for the
   * organisation's own single-tenant provider: docs/decisions/010-single-sign-on.md.
   */
  trustUnverifiedEmail: z.boolean().default(false),
});
export type SsoSettings = z.infer<typeof ssoSchema>;

/** Session lifetimes: the defaults are what sessions did before they were settings (12 hours idle, a 12-hour cookie). */
export const SESSION_LIFETIME_DEFAULTS = { idleMinutes: 720, absoluteHours: 12 } as const;
/** The longest absolute lifetime an organisation may choose (90 days); the session cookie lives this long. */
export const MAX_SESSION_ABSOLUTE_HOURS = 2160;

/** Organisation-wide policies. Stored one row per key; missing keys take these defaults. */
export const settingsSchema = z.object({
  organisationName: z.string().trim().min(1).max(200).default('Roster'),
  /** The language of the UI and of mail for people whose profile (and, in the UI, browser) names none we speak. */
  defaultLanguage: z.enum(LANGUAGES).default('en'),
  invitationExpiryDays: z.number().int().min(1).max(90).default(14),
  managersMayEditReports: z.boolean().default(false),
  usersMayChangeOwnEmail: z.boolean().default(false),
  directoryEnabled: z.boolean().default(true),
  /** Email people when they are deactivated (off by default). */
  deactivationNotice: z.boolean().default(false),
  selfSignup: selfSignupSchema.default(selfSignupSchema.parse({})),
  sso: ssoSchema.default(ssoSchema.parse({})),
  /** SAML 2.0 single sign-on (docs/decisions/017-saml.md). */
  saml: samlSchema.default(samlSchema.parse({})),
  /** SCIM: an HR user who arrives is matched to an existing Roster user on this field. */
  scimMatchOn: z.enum(['email', 'employeeId']).default('email'),
  /** A second factor for password sign-ins (docs/decisions/013-second-factor.md): Owners and Admins, or everyone. */
  mfaRequiredForAdmins: z.boolean().default(false),
  mfaRequiredForEveryone: z.boolean().default(false),
  /** A session ends after this long without a request, and in any case this long after sign-in. */
  sessionIdleMinutes: z.number().int().min(5).max(43_200).default(SESSION_LIFETIME_DEFAULTS.idleMinutes),
  sessionAbsoluteHours: z
    .number()
    .int()
    .min(1)
    .max(MAX_SESSION_ABSOLUTE_HOURS)
    .default(SESSION_LIFETIME_DEFAULTS.absoluteHours),
  /** Days the event feed keeps events (docs/decisions/018-event-feed-and-webhooks.md); older ones are pruned. */
  eventRetentionDays: z.number().int().min(1).max(3650).default(90),
  /** Lowest password strength score accepted (zxcvbn: 0 very easy to guess … 4 very hard). */
  passwordMinScore: z.number().int().min(0).max(4).default(3),
  /** The contract's seat limit (null: none set); Home and the seats forecast compare seats used with it. */
  seatLimit: z.number().int().min(1).max(10_000_000).nullable().default(null),
  /** Which statuses use a seat (docs/decisions/020-insight.md): by default people who can sign in or are invited to. */
  seatStatuses: z
    .array(z.enum(STATUSES))
    .min(1)
    .max(STATUSES.length)
    .refine((a) => new Set(a).size === a.length, 'A status is listed twice.')
    .default(['invite_pending', 'confirmed']),
  /** Notification mail: reminders, warnings and which kinds people may turn off (docs/api.md "Notifications"). */
  notifications: notificationSettingsSchema.default(notificationSettingsSchema.parse({})),
});
export type Settings = z.infer<typeof settingsSchema>;

/** One of the last single sign-on attempts; the email is masked. */
export const ssoAttemptSchema = z.object({
  at: z.string(),
  outcome: z.enum(['signed_in', 'refused']),
  reason: z.string(),
  message: z.string(),
  emailMasked: z.string().nullable(),
});
export type SsoAttempt = z.infer<typeof ssoAttemptSchema>;
export const ssoAttemptListSchema = z.object({ items: z.array(ssoAttemptSchema) });

/** What "Test connection" found at the provider, or why it cannot be used. */
export const ssoTestResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    issuer: z.string(),
    authorizationEndpoint: z.string().nullable(),
    tokenEndpoint: z.string().nullable(),
    userinfoEndpoint: z.string().nullable(),
    tokenEndpointAuthMethods: z.array(z.string()).nullable(),
    clientAuthMethod: z.enum(['client_secret_basic', 'client_secret_post']).nullable(),
    scopes: z.array(z.string()).nullable(),
    /** null when the provider does not publish claims_supported. */
    emailVerifiedClaim: z.boolean().nullable(),
  }),
  z.object({ ok: z.literal(false), reason: z.string(), message: z.string() }),
]);
export type SsoTestResult = z.infer<typeof ssoTestResultSchema>;
