import { z } from 'zod';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { forbidden } from '../../core/errors';
import { now } from '../../core/clock';
import * as audit from '../audit/audit';
import { samlSchema } from './samlSettings';

const domainList = z.array(z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'Not a domain name.')).max(100);

/** Self sign-up (docs/product-rules.md §3): off by default; privileged roles cannot be the default. */
export const selfSignupSchema = z.object({
  enabled: z.boolean().default(false),
  allowedDomains: domainList.default([]),
  defaultRole: z.enum(['learner', 'reporter', 'learning_designer', 'curator']).default('learner'),
  requireApproval: z.boolean().default(false),
  /** The team people who sign up join (on sign-up, or on approval when approval is required). */
  defaultTeamId: z.string().trim().min(1).max(100).nullable().default(null),
});

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

/** Session lifetimes: the defaults are what sessions did before they were settings (12 hours idle, a 12-hour cookie). */
export const SESSION_LIFETIME_DEFAULTS = { idleMinutes: 720, absoluteHours: 12 } as const;
/** The longest absolute lifetime an organisation may choose (90 days); the session cookie lives this long. */
export const MAX_SESSION_ABSOLUTE_HOURS = 2160;

/** Organisation-wide policies. Stored one row per key; missing keys take these defaults. */
export const settingsSchema = z.object({
  organisationName: z.string().trim().min(1).max(200).default('Roster'),
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
  sessionAbsoluteHours: z.number().int().min(1).max(MAX_SESSION_ABSOLUTE_HOURS).default(SESSION_LIFETIME_DEFAULTS.absoluteHours),
  /** Lowest password strength score accepted (zxcvbn: 0 very easy to guess … 4 very hard). */
  passwordMinScore: z.number().int().min(0).max(4).default(3),
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * A PATCH names only what changes. (zod's .partial() would still fill in the defaults of absent
 * fields and so reset them; the defaults are removed here.) `sso.clientSecretSet` is accepted and
 * ignored, so the settings object can be sent back as GET returned it.
 */
function patchOf(schema: z.ZodObject, extra: z.ZodRawShape = {}) {
  const shape = Object.fromEntries(Object.entries(schema.shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : v).optional()]));
  return z.object({ ...shape, ...extra }).strict();
}
const ssoPatchSchema = patchOf(ssoSchema, { clientSecret: z.string().max(500).nullable().optional() });
export type SettingsPatch = Partial<Omit<Settings, 'selfSignup' | 'sso' | 'saml'>> & {
  selfSignup?: Partial<Settings['selfSignup']>;
  saml?: Partial<Settings['saml']>;
  sso?: Partial<Settings['sso']> & { clientSecret?: string | null };
};
export const settingsPatchSchema = patchOf(settingsSchema.omit({ selfSignup: true, sso: true, saml: true }), {
  selfSignup: patchOf(selfSignupSchema).optional(),
  saml: patchOf(samlSchema).optional(),
  sso: ssoPatchSchema.optional(),
}) as unknown as z.ZodType<SettingsPatch>;

/**
 * The two session lifetimes as one row (`idle_minutes`, `absolute_hours`), to join where sessions are
 * created and resolved: read with the session itself, so a changed setting applies on the next request.
 */
export const SESSION_LIFETIMES_SQL = `(select
    coalesce((select (value #>> '{}')::int from settings where key = 'sessionIdleMinutes'), ${SESSION_LIFETIME_DEFAULTS.idleMinutes}) as idle_minutes,
    coalesce((select (value #>> '{}')::int from settings where key = 'sessionAbsoluteHours'), ${SESSION_LIFETIME_DEFAULTS.absoluteHours}) as absolute_hours)`;

/** The stored SSO client secret (never part of Settings). */
export async function getSsoClientSecret(sql: Sql): Promise<string | null> {
  const rows = await sql.query<{ value: { clientSecret?: string | null } }>(`select value from settings where key = 'sso'`);
  return rows[0]?.value?.clientSecret ?? null;
}

export async function getSettings(sql: Sql): Promise<Settings> {
  const rows = await sql.query<{ key: string; value: unknown }>('select key, value from settings');
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  // A stored value that no longer validates falls back to its default rather than breaking start-up.
  const parsed = settingsSchema.safeParse(stored);
  const settings = parsed.success ? parsed.data : settingsSchema.parse({});
  const clientSecretSet = Boolean((stored.sso as { clientSecret?: string } | undefined)?.clientSecret);
  return { ...settings, sso: { ...settings.sso, clientSecretSet } };
}

export async function updateSettings(tx: Sql, actor: Actor, patch: SettingsPatch): Promise<Settings> {
  const before = await getSettings(tx);
  for (const [key, raw] of Object.entries(patch)) {
    if (raw === undefined) continue;
    let value: unknown = raw;
    if (key === 'selfSignup') value = { ...before.selfSignup, ...(raw as object) };
    if (key === 'saml') {
      value = { ...before.saml, ...(raw as object) };
      // Like the OpenID Connect provider, the SAML identity provider is an Owner's to set.
      if (actor.type !== 'system' && actor.role !== 'owner' && JSON.stringify(samlSchema.parse(value)) !== JSON.stringify(before.saml))
        throw forbidden('Only an Owner can change the single sign-on settings.');
    }
    if (key === 'sso') {
      // Merged into what is stored; the secret is kept unless the patch sets or clears it.
      const { clientSecretSet: _ignored, clientSecret, ...rest } = raw as NonNullable<SettingsPatch['sso']>;
      const { clientSecretSet: _derived, ...current } = before.sso;
      const storedSecret = await getSsoClientSecret(tx);
      const next = { ...current, ...rest, clientSecret: clientSecret === undefined ? storedSecret : clientSecret || null };
      // Whoever sets the provider decides who it may sign in as: Owners only (docs/decisions/010-single-sign-on.md).
      // The unchanged object sent back by a settings form is not a change.
      if (actor.type !== 'system' && actor.role !== 'owner' && JSON.stringify(next) !== JSON.stringify({ ...current, clientSecret: storedSecret }))
        throw forbidden('Only an Owner can change the single sign-on settings.');
      value = next;
    }
    await tx.query(
      `insert into settings (key, value, updated_at) values ($1, $2, $3)
       on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
      [key, JSON.stringify(value), now()],
    );
  }
  const after = await getSettings(tx);
  const d = audit.diff(before, after);
  if (d.changed) await audit.record(tx, actor, { action: 'settings.updated', targetType: 'settings', before: d.before, after: d.after });
  return after;
}
