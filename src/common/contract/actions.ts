/**
 * One spelling per action (docs/api.md "Contract"). Code names an action in snake_case everywhere:
 * `allowedActions`, the UI's buttons, bulk actions, use cases. The URL of a lifecycle route is the
 * only place the kebab-case form appears, and `actionPath` is the one place that derives it.
 */

/** What a viewer may do to a user now (`allowedActions` of GET /users/{id}). */
export const USER_ACTIONS = [
  'edit',
  'invite',
  'resend_invite',
  'schedule_invite',
  'cancel_invite',
  'deactivate',
  'reactivate',
  'anonymise',
  'delete',
  'restore',
  'set_password',
  'end_sessions',
  'impersonate',
  'notes',
  // Panels and fields of the profile, decided by the same rules as their routes (modules/access/people.ts).
  'set_expiry',
  'reset_mfa',
  'change_role',
  'manage_grants',
  'export_personal_data',
  'explain_access',
] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

/**
 * The actions of `POST /users/{id}/<action>` (docs/api.md). `invite` sends, resends or, with `at`,
 * schedules; `learning_activity` is a report from the learning platform, not a button.
 */
export const LIFECYCLE_ACTIONS = [
  'invite',
  'cancel_invite',
  'deactivate',
  'reactivate',
  'anonymise',
  'restore',
  'set_password',
  'learning_activity',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/** The URL segment of a lifecycle action: `cancel_invite` → `cancel-invite`. */
export const actionPath = (action: LifecycleAction): string => action.replace(/_/g, '-');

/** `POST /users/bulk` actions. */
export const BULK_ACTIONS = ['deactivate', 'reactivate', 'invite', 'set_expiry', 'add_to_team'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
