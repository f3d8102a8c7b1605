import { z } from 'zod';
import type { Sql } from '../../db/index';
import type { Actor } from '../../http/actor';
import * as audit from '../audit/audit';

/** Organisation-wide policies. Stored one row per key; missing keys take these defaults. */
export const settingsSchema = z.object({
  organisationName: z.string().trim().min(1).max(200).default('Roster'),
  invitationExpiryDays: z.number().int().min(1).max(90).default(14),
  managersMayEditReports: z.boolean().default(false),
  usersMayChangeOwnEmail: z.boolean().default(false),
  directoryEnabled: z.boolean().default(true),
});
export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = settingsSchema.partial().strict();

export async function getSettings(sql: Sql): Promise<Settings> {
  const rows = await sql.query<{ key: string; value: unknown }>('select key, value from settings');
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  // A stored value that no longer validates falls back to its default rather than breaking start-up.
  const parsed = settingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

export async function updateSettings(tx: Sql, actor: Actor, patch: Partial<Settings>): Promise<Settings> {
  const before = await getSettings(tx);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    await tx.query(
      `insert into settings (key, value, updated_at) values ($1, $2, now())
       on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }
  const after = await getSettings(tx);
  const d = audit.diff(before, after);
  if (d.changed) await audit.record(tx, actor, { action: 'settings.updated', targetType: 'settings', before: d.before, after: d.after });
  return after;
}
