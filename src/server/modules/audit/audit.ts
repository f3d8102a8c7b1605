import { CUSTOM_FIELDS_FIELD, EMAIL_FIELD, fieldsWhere } from '../../../common/profileFields';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';

/** Typed audit event names: every change Roster makes appears under one of these. */
export type AuditAction =
  | 'user.created'
  | 'user.updated'
  | 'user.status_changed'
  | 'user.deleted'
  | 'user.restored'
  | 'user.purged'
  | 'user.anonymised'
  | 'user.personal_data_exported'
  | 'user.personal_data_requested'
  | 'user.personal_data_downloaded'
  | 'user.handed_over'
  | 'user.password_set'
  | 'user.learning_activity'
  | 'user.hr_linked'
  | 'user.hr_override'
  | 'user.signed_in'
  | 'user.mfa_added'
  | 'user.mfa_removed'
  | 'user.mfa_reset'
  | 'user.signed_out'
  | 'user.sessions_ended'
  | 'session.ended'
  | 'user.sign_in_refused'
  | 'invitation.sent'
  | 'invitation.scheduled'
  | 'invitation.cancelled'
  | 'invitation.accepted'
  | 'invitation.renewed'
  | 'user.password_reset_requested'
  | 'user.password_reset'
  | 'user.signed_up'
  | 'user.sso_linked'
  | 'signup.requested'
  | 'signup.verified'
  | 'signup.approved'
  | 'signup.declined'
  | 'custom_field.created'
  | 'custom_field.updated'
  | 'custom_field.deleted'
  | 'settings.updated'
  | 'token.created'
  | 'token.revoked'
  | 'grant.added'
  | 'grant.removed'
  | 'note.created'
  | 'note.updated'
  | 'note.deleted'
  | 'impersonation.started'
  | 'impersonation.ended'
  | 'team.created'
  | 'team.updated'
  | 'team.moved'
  | 'team.deleted'
  | 'team.member_added'
  | 'team.member_removed'
  | 'team.manager_added'
  | 'team.manager_removed'
  | 'team.join_requested'
  | 'team.join_approved'
  | 'team.join_declined'
  | 'group.created'
  | 'group.updated'
  | 'group.deleted'
  | 'import.created'
  | 'import.committed'
  | 'import.columns_ignored'
  | 'import.cancelled'
  | 'users.exported'
  | 'report.exported'
  | 'report_schedule.created'
  | 'report_schedule.deleted'
  | 'people_view.created'
  | 'people_view.updated'
  | 'people_view.deleted'
  | 'people_columns.updated'
  | 'audit.exported'
  | 'job.run_requested'
  | 'webhook.created'
  | 'webhook.updated'
  | 'webhook.deleted'
  | 'webhook.secret_rotated'
  | 'webhook.disabled'
  | 'webhook.delivery_retried'
  | 'bulk_action.started'
  | 'bulk_action.undo_requested'
  | 'mail_template.updated'
  | 'mail_template.reset'
  | 'mail_template.test_sent'
  | 'mail_branding.updated'
  | 'notifications.preferences_updated'
  | 'lifecycle_rule.updated'
  | 'lifecycle_rule.run'
  | 'scheduled_change.created'
  | 'scheduled_change.cancelled'
  | 'scheduled_change.applied'
  | 'scheduled_change.refused'
  | 'permission_profile.created'
  | 'permission_profile.updated'
  | 'permission_profile.deleted'
  | 'profile_assignment.added'
  | 'profile_assignment.removed';

export interface AuditEvent {
  action: AuditAction;
  targetType?:
    | 'user'
    | 'custom_field'
    | 'settings'
    | 'token'
    | 'team'
    | 'group'
    | 'signup_request'
    | 'import'
    | 'job'
    | 'webhook'
    | 'bulk_action'
    | 'mail_template'
    | 'report_schedule'
    | 'people_view'
    | 'lifecycle_rule'
    | 'permission_profile';
  targetId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Records an update as the fields that changed, before and after, and nothing when no field changed: the
 * shape every "<thing>.updated" entry takes.
 */
export async function recordChange(
  tx: Sql,
  actor: Actor,
  event: Omit<AuditEvent, 'before' | 'after'>,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Promise<void> {
  const d = diff(before, after);
  if (d.changed) await record(tx, actor, { ...event, before: d.before, after: d.after });
}

type Target = NonNullable<AuditEvent['targetType']>;
/** The targets with an audited "<target>.<verb>" action, e.g. WithAction<'deleted'> includes 'webhook'. */
type WithAction<Verb extends string> = { [T in Target]: `${T}.${Verb}` extends AuditAction ? T : never }[Target];

/** Records that a thing was created or deleted: one "<target>.<verb>" entry with the thing's state. */
type RecordVerb<Verb extends string> = (
  tx: Sql,
  actor: Actor,
  targetType: WithAction<Verb>,
  targetId: string,
  state: Record<string, unknown>,
) => Promise<void>;

/** "<target>.created", with what it was created as. */
export const recordCreated: RecordVerb<'created'> = (tx, actor, targetType, targetId, after) =>
  record(tx, actor, { action: `${targetType}.created`, targetType, targetId, after });

/** "<target>.deleted", with what it was: the row itself is gone. */
export const recordDeleted: RecordVerb<'deleted'> = (tx, actor, targetType, targetId, before) =>
  record(tx, actor, { action: `${targetType}.deleted`, targetType, targetId, before });

/** Records one audit entry in the caller's transaction, so it commits or rolls back with the change. */
export async function record(tx: Sql, actor: Actor, event: AuditEvent): Promise<void> {
  await tx.query(
    `insert into audit_log (actor_id, actor_type, impersonator_id, action, target_type, target_id, before, after, ip, request_id, cause)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      actor.type === 'token' ? actor.tokenId : actor.userId,
      actor.type,
      actor.impersonatorId ?? null,
      event.action,
      event.targetType ?? null,
      event.targetId ?? null,
      event.before ? JSON.stringify(event.before) : null,
      event.after ? JSON.stringify(event.after) : null,
      actor.ip ?? null,
      actor.requestId ?? null,
      actor.cause ?? null,
    ],
  );
}

/** Records many entries by one actor in one statement (bulk work such as imports). */
export async function recordMany(tx: Sql, actor: Actor, events: readonly AuditEvent[]): Promise<void> {
  if (!events.length) return;
  // One JSON parameter for all events: cheaper to send than an array per column of JSON texts.
  const records = events.map((e) => ({
    action: e.action,
    target_type: e.targetType ?? null,
    target_id: e.targetId ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
  }));
  await tx.query(
    `insert into audit_log (actor_id, actor_type, impersonator_id, action, target_type, target_id, before, after, ip, request_id, cause)
     select $1, $2, $3, e.action, e.target_type, e.target_id, e.before, e.after, $4, $5, $6
       from json_to_recordset($7::json) as e(action text, target_type text, target_id text, before jsonb, after jsonb)`,
    [
      actor.type === 'token' ? actor.tokenId : actor.userId,
      actor.type,
      actor.impersonatorId ?? null,
      actor.ip ?? null,
      actor.requestId ?? null,
      actor.cause ?? null,
      JSON.stringify(records),
    ],
  );
}

/** Only the fields that changed, as {before, after}. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}

/** Keys of audit payloads that carry personal data (user fields). */
export const PERSONAL_KEYS = [EMAIL_FIELD, ...fieldsWhere('personal'), CUSTOM_FIELDS_FIELD];

/** Keys of audit payloads that hold free text written about the target: a note's text before and after an edit. */
export const FREE_TEXT_KEYS = ['body'];

/**
 * GDPR: the audit trail keeps what happened to an anonymised user, but nothing personal.
 * Personal values in entries about them are replaced, and the IP addresses of their own actions dropped.
 */
export async function scrubPersonalData(tx: Sql, userId: string): Promise<void> {
  const scrub = (col: string) =>
    `case when ${col} is null then null else (select jsonb_object_agg(k, case when k = any($2::text[]) then '"[anonymised]"'::jsonb else v end) from jsonb_each(${col}) as e(k, v)) end`;
  await tx.query(`update audit_log set before = ${scrub('before')}, after = ${scrub('after')} where target_id = $1`, [
    userId,
    [...PERSONAL_KEYS, ...FREE_TEXT_KEYS],
  ]);
  await tx.query(`update audit_log set ip = null where actor_id = $1 or target_id = $1`, [userId]);
}
