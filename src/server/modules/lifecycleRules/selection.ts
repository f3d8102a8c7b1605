import type { BulkJobAction } from '../../../common/contract/bulkActions';
import type { LifecycleRule } from '../../../common/contract/lifecycle';
import { REPORT_LEAVING_KEY_SQL } from '../notifications/engine';

const DAY_MS = 86_400_000;

/** The bulk action a rule's run is (the reminder rule sends mail instead: remind.ts). */
export const RULE_ACTION: Record<Exclude<LifecycleRule, 'remind_expiry'>, BulkJobAction> = {
  deactivate_inactive: 'deactivate',
  anonymise_deactivated: 'anonymise',
  delete_unaccepted_invitations: 'delete',
};

/**
 * Who a rule affects at `at`, as a condition on `users u` whose placeholders start after `offset` bound values.
 * The preview and the run read the same condition, and it leaves out everyone the run's bulk action would skip
 * (classify.ts with the system as actor), so what the preview lists is what the run changes:
 *
 * - deactivate_inactive: confirmed, last own sign-in (or, never signed in, acceptance) over N days ago; not on a
 *   break, not managed by HR (its next sync owns their status), not an Owner (a timer must not lock the
 *   organisation out of its own administration).
 * - anonymise_deactivated: deactivated for over N days, by the latest move to `deactivated` in status_history.
 * - delete_unaccepted_invitations: never confirmed, the last invitation an administrator sent over N days ago,
 *   and still waiting for it: `invite_pending`, or `expired` having been `invite_pending` when the end date came.
 *   Not HR-managed people (HR owns their existence); not deactivated ones (someone chose to keep them).
 * - remind_expiry: confirmed, their end date within the next N days, a manager with an email who has not been
 *   reminded for this end date yet.
 */
export function ruleWhere(
  rule: LifecycleRule,
  days: number,
  at: Date,
  offset = 0,
): { where: string; params: unknown[] } {
  const cutoff = new Date(at.getTime() - days * DAY_MS);
  const $1 = `$${offset + 1}`;
  const $2 = `$${offset + 2}`;
  switch (rule) {
    case 'deactivate_inactive':
      return {
        where: `u.deleted_at is null and u.status = 'confirmed' and not u.on_break and u.managed_by is null
          and u.role <> 'owner' and coalesce(u.last_sign_in_at, u.confirmed_at, u.created_at) < ${$1}`,
        params: [cutoff],
      };
    case 'anonymise_deactivated':
      return {
        where: `u.deleted_at is null and u.status = 'deactivated'
          and (select max(h.at) from status_history h where h.user_id = u.id and h.to_status = 'deactivated') < ${$1}`,
        params: [cutoff],
      };
    case 'delete_unaccepted_invitations':
      return {
        where: `u.deleted_at is null and u.managed_by is null and u.confirmed_at is null and u.invited_at < ${$1}
          and (u.status = 'invite_pending' or (u.status = 'expired' and u.status_before_expiry = 'invite_pending'))`,
        params: [cutoff],
      };
    case 'remind_expiry':
      return {
        where: `u.deleted_at is null and u.status = 'confirmed' and u.expires_at > ${$1}
          and u.expires_at <= ${$2}
          and exists (select 1 from users m where m.id = u.manager_id and m.deleted_at is null and m.email is not null)
          and not exists (select 1 from notification_log l where l.key = ${REPORT_LEAVING_KEY_SQL})`,
        params: [at, new Date(at.getTime() + days * DAY_MS)],
      };
  }
}
