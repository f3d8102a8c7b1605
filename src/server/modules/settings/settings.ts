import { z } from 'zod';
import type { Sql } from '../../db/index';
import { stamped } from '../../db/stamped';
import type { Actor } from '../../core/actor';
import { forbidden } from '../../core/errors';
import { now } from '../../core/clock';
import * as audit from '../audit/audit';
import { samlSchema, type SamlSettings } from '../../../common/contract/saml';

// The settings' shapes and defaults live in the contract, which the UI reads too.
import {
  SESSION_LIFETIME_DEFAULTS,
  selfSignupSchema,
  settingsSchema,
  ssoSchema,
  type Settings,
} from '../../../common/contract/settings';
import { notificationSettingsSchema } from '../../../common/contract/notifications';

/**
 * A PATCH names only what changes. (zod's .partial() would still fill in the defaults of absent
 * fields and so reset them; the defaults are removed here.) `sso.clientSecretSet` is accepted and
 * ignored, so the settings object can be sent back as GET returned it.
 */
function patchOf(schema: z.ZodObject, extra: z.ZodRawShape = {}) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([k, v]) => [
      k,
      (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : v).optional(),
    ]),
  );
  return z.object({ ...shape, ...extra }).strict();
}
const ssoPatchSchema = patchOf(ssoSchema, { clientSecret: z.string().max(500).nullable().optional() });
export type SettingsPatch = Partial<Omit<Settings, 'selfSignup' | 'sso' | 'saml' | 'notifications'>> & {
  selfSignup?: Partial<Settings['selfSignup']>;
  notifications?: Partial<Settings['notifications']>;
  saml?: Partial<Settings['saml']>;
  sso?: Partial<Settings['sso']> & { clientSecret?: string | null };
};
export const settingsPatchSchema = patchOf(
  settingsSchema.omit({ selfSignup: true, sso: true, saml: true, notifications: true }),
  {
    selfSignup: patchOf(selfSignupSchema).optional(),
    notifications: patchOf(notificationSettingsSchema).optional(),
    saml: patchOf(samlSchema).optional(),
    sso: ssoPatchSchema.optional(),
  },
) as unknown as z.ZodType<SettingsPatch>;

/**
 * The two session lifetimes as one row (`idle_minutes`, `absolute_hours`), to join where sessions are
 * created and resolved: read with the session itself, so a changed setting applies on the next request.
 */
export const SESSION_LIFETIMES_SQL = `(select
    coalesce((select (value #>> '{}')::int from settings where key = 'sessionIdleMinutes'), ${SESSION_LIFETIME_DEFAULTS.idleMinutes}) as idle_minutes,
    coalesce((select (value #>> '{}')::int from settings where key = 'sessionAbsoluteHours'), ${SESSION_LIFETIME_DEFAULTS.absoluteHours}) as absolute_hours)`;

/** The stored SSO client secret (never part of Settings). */
export async function getSsoClientSecret(sql: Sql): Promise<string | null> {
  const rows = await sql.query<{ value: { clientSecret?: string | null } }>(
    `select value from settings where key = 'sso'`,
  );
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

const settingsCopy = stamped(getSettings);

/**
 * The settings as getSettings reads them, from this process's copy while the version stamp has not moved
 * (db/stamped.ts): for request paths that would otherwise read them on every request (access/policy.ts).
 */
export function cachedSettings(sql: Sql): Promise<Settings> {
  return settingsCopy.get(sql);
}

export async function updateSettings(tx: Sql, actor: Actor, patch: SettingsPatch): Promise<Settings> {
  const before = await getSettings(tx);
  for (const [key, raw] of Object.entries(patch)) {
    if (raw === undefined) continue;
    let value: unknown = raw;
    if (key === 'selfSignup') value = { ...before.selfSignup, ...(raw as object) };
    if (key === 'notifications') value = { ...before.notifications, ...(raw as object) };
    if (key === 'saml') {
      value = { ...before.saml, ...(raw as object) };
      // Like the OpenID Connect provider, the SAML identity provider is an Owner's to set.
      if (
        actor.type !== 'system' &&
        actor.role !== 'owner' &&
        JSON.stringify(samlSchema.parse(value)) !== JSON.stringify(before.saml)
      )
        throw forbidden('Only an Owner can change the single sign-on settings.');
    }
    if (key === 'sso') {
      // Merged into what is stored; the secret is kept unless the patch sets or clears it.
      const { clientSecretSet: _ignored, clientSecret, ...rest } = raw as NonNullable<SettingsPatch['sso']>;
      const { clientSecretSet: _derived, ...current } = before.sso;
      const storedSecret = await getSsoClientSecret(tx);
      const next = {
        ...current,
        ...rest,
        clientSecret: clientSecret === undefined ? storedSecret : clientSecret || null,
      };
      // Whoever sets the provider decides who it may sign in as: Owners only (docs/decisions/010-single-sign-on.md).
      // The unchanged object sent back by a settings form is not a change.
      if (
        actor.type !== 'system' &&
        actor.role !== 'owner' &&
        JSON.stringify(next) !== JSON.stringify({ ...current, clientSecret: storedSecret })
      )
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
  await audit.recordChange(tx, actor, { action: 'settings.updated', targetType: 'settings' }, before, after);
  return after;
}

/** SAML sign-in is offered once it is switched on and the identity provider is known. */
export function samlConfigured(saml: SamlSettings): boolean {
  return Boolean(saml.enabled && saml.idpEntityId && saml.idpSsoUrl && saml.idpCertificates.length);
}
