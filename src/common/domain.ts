/** Names shared by the server and the web UI. They are part of the public interface. */

/**
 * The status groups, spelled here once (test/architecture/writes.test.ts refuses another spelling in src):
 * invitable people have an account nobody has used yet; inactive people cannot sign in whatever their dates.
 * The lifecycle (src/server/modules/people/lifecycle.ts) builds its table from them.
 */
export const INVITABLE_STATUSES = ['not_invited', 'invite_scheduled', 'invite_pending'] as const;
export const INACTIVE_STATUSES = ['deactivated', 'expired', 'anonymised'] as const;
/** Every status, in the lifecycle's order (lists sort by it): invitable, confirmed, inactive. */
export const STATUSES = [...INVITABLE_STATUSES, 'confirmed', ...INACTIVE_STATUSES] as const;
export type Status = (typeof STATUSES)[number];
export const isStatusIn = (group: readonly Status[], status: Status): boolean => group.includes(status);

export const ROLES = ['owner', 'admin', 'hr', 'reporter', 'learning_designer', 'curator', 'learner'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The role ladder (docs/decisions/004-access-policy.md): Owner > Admin > HR > every other role. Grants
 * and managing people never raise a rank. Server policy and the UI both read it from here.
 */
export const ROLE_RANK: Record<Role, number> = {
  owner: 3,
  admin: 2,
  hr: 1,
  reporter: 0,
  curator: 0,
  learning_designer: 0,
  learner: 0,
};
export const rankOf = (role: Role | null | undefined): number => (role ? ROLE_RANK[role] : 0);

export const ENGAGEMENTS = ['activated', 'active'] as const;
export type Engagement = (typeof ENGAGEMENTS)[number];

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'single_select', 'multi_select'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  not_invited: 'Not invited',
  invite_scheduled: 'Invite scheduled',
  invite_pending: 'Invite pending',
  confirmed: 'Confirmed',
  deactivated: 'Deactivated',
  expired: 'Expired',
  anonymised: 'Anonymised',
};

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  hr: 'HR',
  reporter: 'Reporter',
  learning_designer: 'Learning designer',
  curator: 'Curator',
  learner: 'Learner',
};

/** Days a deleted user can be restored before the purge job removes them for good. */
export const RESTORE_WINDOW_DAYS = 30;

/**
 * API token scopes (public names), each with the one line the token form shows. A token has exactly
 * one scope and works only where that scope does, so adding a scope is one line here.
 */
export const TOKEN_SCOPES = {
  api: 'The REST API (/api/v1), with the rights of the person who creates the token.',
  scim: 'HR provisioning over SCIM 2.0 (/scim/v2) only.',
  learning:
    'For the learning platform: report learning activity and read people (list and profiles), nothing else. It cannot change roles or list tokens.',
  events: 'The event feed (GET /api/v1/events) only, for an integration that follows changes.',
  metrics: 'Prometheus metrics (/metrics) only, for a monitoring system to scrape.',
} as const;
export type TokenScope = keyof typeof TOKEN_SCOPES;
export const TOKEN_SCOPE_NAMES = Object.keys(TOKEN_SCOPES) as [TokenScope, ...TokenScope[]];

/**
 * The languages Roster speaks, in the web UI and in mail (docs/decisions/021-languages.md). A person's
 * language is their profile's, else their browser's (web), else the organisation's `defaultLanguage`.
 */
export const LANGUAGES = ['en', 'fr', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
