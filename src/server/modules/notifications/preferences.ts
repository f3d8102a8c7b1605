import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { now } from '../../core/clock';
import * as audit from '../audit/audit';
import { getSettings } from '../settings/settings';
import {
  NOTIFICATION_INFO,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationPreference,
} from '../../../common/contract/notifications';
import { AppError } from '../../core/errors';
import type { Role } from '../../../common/domain';

/** Whether the organisation lets people turn this kind off (never security or invitation mail). */
async function optOutAllowed(sql: Sql, kind: NotificationKind): Promise<boolean> {
  if (NOTIFICATION_INFO[kind].category !== 'notification') return false;
  const { notifications } = await getSettings(sql);
  return (notifications.optOutAllowed as Record<string, boolean>)[kind] ?? true;
}

/** True when the person turned the kind off and the organisation allows that. */
export async function optedOut(sql: Sql, userId: string, kind: NotificationKind): Promise<boolean> {
  const [row] = await sql.query<{ enabled: boolean }>(
    `select enabled from notification_preferences where user_id = $1 and kind = $2`,
    [userId, kind],
  );
  if (!row || row.enabled) return false;
  return optOutAllowed(sql, kind);
}

/** The kinds someone of this role may receive (manager mail to anyone who manages; the digest to Owners and Admins). */
function kindsFor(role: Role): NotificationKind[] {
  return NOTIFICATION_KINDS.filter(
    (k) =>
      k !== 'invitation_reminder' &&
      (NOTIFICATION_INFO[k].audience !== 'admin' || role === 'owner' || role === 'admin'),
  );
}

export async function preferencesOf(sql: Sql, userId: string, role: Role): Promise<NotificationPreference[]> {
  const rows = await sql.query<{ kind: string; enabled: boolean }>(
    `select kind, enabled from notification_preferences where user_id = $1`,
    [userId],
  );
  const stored = new Map(rows.map((r) => [r.kind, r.enabled]));
  const out: NotificationPreference[] = [];
  for (const kind of kindsFor(role)) {
    const canOptOut = await optOutAllowed(sql, kind);
    out.push({
      kind,
      label: NOTIFICATION_INFO[kind].label,
      category: NOTIFICATION_INFO[kind].category,
      enabled: canOptOut ? (stored.get(kind) ?? true) : true,
      canOptOut,
    });
  }
  return out;
}

/** Turns kinds off or on for the caller; a kind the organisation does not let them turn off is refused (400). */
export async function setPreferences(
  tx: Sql,
  actor: Actor,
  role: Role,
  prefs: Partial<Record<NotificationKind, boolean>>,
): Promise<NotificationPreference[]> {
  const userId = actor.userId!;
  const before = await preferencesOf(tx, userId, role);
  for (const [kind, enabled] of Object.entries(prefs) as [NotificationKind, boolean][]) {
    const current = before.find((p) => p.kind === kind);
    if (!current) throw new AppError('validation_failed', `You do not receive "${kind}" mail.`, [{ field: kind }]);
    if (!current.canOptOut && !enabled)
      throw new AppError('validation_failed', `"${current.label}" cannot be turned off.`, [{ field: kind }]);
    await tx.query(
      `insert into notification_preferences (user_id, kind, enabled, updated_at) values ($1, $2, $3, $4)
       on conflict (user_id, kind) do update set enabled = excluded.enabled, updated_at = excluded.updated_at`,
      [userId, kind, enabled, now()],
    );
  }
  const after = await preferencesOf(tx, userId, role);
  const off = (list: NotificationPreference[]) => list.filter((p) => !p.enabled).map((p) => p.kind);
  if (JSON.stringify(off(before)) !== JSON.stringify(off(after)))
    await audit.record(tx, actor, {
      action: 'notifications.preferences_updated',
      targetType: 'user',
      targetId: userId,
      before: { off: off(before) },
      after: { off: off(after) },
    });
  return after;
}
