import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertUser, OWNER, type Client, type TestApp } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { seal } from '../../src/server/modules/mail/secrets';

/**
 * The authorization matrix: every API endpoint × every kind of caller × target in scope, out of
 * scope and self. Expectations come from docs/product-rules.md §2, written here independently of policy.ts.
 * Adding an endpoint without adding it to ROUTES fails the first test.
 */
type P = 'owner' | 'admin' | 'hr' | 'reporter' | 'curator' | 'viewer' | 'learner' | 'manager';
type T = 'report' | 'other' | 'self';
/** 'allowed': not refused (401/403/404) and not a server error; any other 4xx (validation) is fine. */
type Outcome = 'ok' | 'allowed' | 401 | 403 | 404;
const PRINCIPALS: P[] = ['owner', 'admin', 'hr', 'reporter', 'curator', 'viewer', 'learner', 'manager'];

type Cap =
  | 'view'
  | 'invite'
  | 'edit'
  | 'lifecycle'
  | 'delete'
  | 'impersonate'
  | 'notes'
  | 'audit'
  | 'settings'
  | 'teams'
  | 'groups'
  | 'reports';
const HAS: Record<Cap, P[]> = {
  view: ['owner', 'admin', 'hr', 'viewer'],
  invite: ['owner', 'admin', 'hr'],
  edit: ['owner', 'admin', 'hr'],
  lifecycle: ['owner', 'admin', 'hr'],
  delete: ['owner', 'admin'],
  impersonate: ['owner', 'admin'],
  notes: ['owner', 'admin', 'hr'],
  audit: ['owner', 'admin', 'reporter'],
  settings: ['owner', 'admin'],
  teams: ['owner', 'admin', 'hr'],
  groups: ['owner', 'admin', 'hr'],
  reports: ['owner', 'admin', 'hr'],
};

const visible = (p: P, t: T) => t === 'self' || HAS.view.includes(p) || (p === 'manager' && t === 'report');
const holder = (cap: Cap, p: P) => HAS[cap].includes(p);

/** An action on another user: out of scope → 404; in scope without the right → 403; never on oneself. */
const onUser =
  (cap: Cap, opts: { managers?: boolean; self?: Outcome | ((p: P) => Outcome) } = {}) =>
  (p: P, t: T): Outcome => {
    if (t === 'self') return typeof opts.self === 'function' ? opts.self(p) : (opts.self ?? 403);
    if (!visible(p, t)) return 404;
    return holder(cap, p) || (opts.managers && p === 'manager' && t === 'report') ? 'ok' : 403;
  };
const listOpener = (p: P): Outcome => (holder('view', p) || p === 'manager' ? 'ok' : 403);
const sharer = (p: P): Outcome => (p === 'owner' || p === 'admin' ? 'ok' : 403);
const readUser = (p: P, t: T): Outcome => (visible(p, t) ? 'ok' : 404);
const everyone = (): Outcome => 'ok';
const only =
  (cap: Cap) =>
  (p: P): Outcome =>
    holder(cap, p) ? 'ok' : 403;

interface Ctx {
  t: TestApp;
  target: string;
}
interface Case {
  /** Run per target kind; omitted → one call with no user target. */
  targets?: T[];
  expect: (p: P, t: T) => Outcome;
  prepare?: (ctx: Ctx) => Promise<Record<string, string> | void>;
  body?: unknown;
  /** Public routes answer the same with or without a session. */
  public?: boolean;
  /** Calls that change the caller's own session run on a throwaway sign-in. */
  ownSession?: boolean;
}
const US: T[] = ['report', 'other', 'self'];
const OTHERS: T[] = ['report', 'other'];
/** The target as an anonymised person with their certificate (the row only: the matrix is about who reads it). */
const certified = async ({ t, target }: Ctx) => {
  await t.db.query(`update users set status = 'anonymised' where id = $1`, [target]);
  await t.db.query(
    `insert into anonymisation_certificates (user_id, anonymised_at, actor_type, removed) values ($1, now(), 'system', '[]') on conflict do nothing`,
    [target],
  );
};

const setStatus =
  (status: string, extra = '') =>
  async ({ t, target }: Ctx) => {
    await t.db.query(`update users set status = $2, status_before_deactivation = 'confirmed' ${extra} where id = $1`, [
      target,
      status,
    ]);
  };

/** Who may change a note about someone: Owners and Admins who see them (never on their own profile). */
const changeNote = (p: P, t: T): Outcome => {
  if (t === 'self' || !visible(p, t)) return 404;
  return p === 'owner' || p === 'admin' ? 'ok' : 403;
};
const aNote = async ({ t, target }: Ctx) => {
  const noteId = randomUUID();
  await t.db.query(`insert into notes (id, user_id, body) values ($1, $2, 'A note')`, [noteId, target]);
  return { noteId };
};

/** The profile the permission-profile rows act on (created again when a DELETE row removed it). */
const aProfile = async ({ t }: Ctx) => {
  await t.db.query(
    `insert into permission_profiles (id, name, permissions) values ('matrix-profile', 'Matrix fixture', '{people.view}')
     on conflict do nothing`,
  );
};
const profileId = async (ctx: Ctx) => {
  await aProfile(ctx);
  return { id: 'matrix-profile' };
};
const ROUTES: Record<string, Case> = {
  'GET /api/v1/openapi.json': { expect: everyone, public: true },
  'POST /api/v1/auth/login': { expect: () => 401, public: true, body: { email: 'nobody@example.com', password: 'x' } },
  'POST /api/v1/auth/logout': { expect: everyone, public: true, ownSession: true },
  'GET /api/v1/auth/session': { expect: everyone },
  'POST /api/v1/auth/stop-impersonating': { expect: () => 403 },
  'GET /api/v1/me': { expect: everyone },
  'PATCH /api/v1/me': { expect: everyone, body: { jobTitle: 'Matrix tester' } },
  'POST /api/v1/me/password': {
    expect: () => 'allowed',
    body: { currentPassword: 'wrong-password', newPassword: 'another-password-1' },
  },
  'GET /api/v1/users': { expect: everyone },
  'GET /api/v1/users/counts': { expect: everyone },
  // The list answers everyone (a learner sees themselves); its export only people.view holders and managers.
  'GET /api/v1/users/export': { expect: (p) => (holder('view', p) || p === 'manager' ? 'ok' : 403) },
  // The People list's columns and saved views: whoever may open the list as a list (people.view or reports);
  // a shared view is changed only by Owners and Admins (docs/decisions/026-people-list-views.md).
  'GET /api/v1/me/people-columns': { expect: listOpener },
  'PUT /api/v1/me/people-columns': { expect: listOpener, body: { columns: ['email', 'status'] } },
  'GET /api/v1/people-views': { expect: listOpener },
  'POST /api/v1/people-views': { expect: listOpener, body: { name: 'Matrix view', columns: ['status'] } },
  'PATCH /api/v1/people-views/:id': { expect: sharer, prepare: newSharedView, body: { name: 'Renamed' } },
  'DELETE /api/v1/people-views/:id': { expect: sharer, prepare: newSharedView },
  'POST /api/v1/users': {
    expect: only('invite'),
    body: () => ({ email: `new-${randomUUID()}@example.com`, firstName: 'New' }),
  },
  'POST /api/v1/users/bulk': { expect: everyone, body: { action: 'deactivate', userIds: ['does-not-exist'] } },
  // Bulk actions as jobs: starting one needs the action's right somewhere (each person is checked by the job);
  // a bulk action is seen, downloaded and undone by its starter or an Owner only (404 for anyone else).
  'POST /api/v1/bulk-actions': {
    expect: only('lifecycle'),
    body: { action: 'deactivate', ids: ['does-not-exist'], dryRun: true },
  },
  'GET /api/v1/bulk-actions/:id': { expect: (p) => (p === 'owner' ? 'ok' : 404), prepare: newBulkAction },
  'GET /api/v1/bulk-actions/:id/results.csv': { expect: (p) => (p === 'owner' ? 'ok' : 404), prepare: newBulkAction },
  'POST /api/v1/bulk-actions/:id/undo': { expect: (p) => (p === 'owner' ? 'ok' : 404), prepare: newBulkAction },
  // Lifecycle rules: Owners and Admins (settings). Running a rule that is switched off is refused (409).
  'GET /api/v1/lifecycle-rules': { expect: only('settings') },
  'PATCH /api/v1/lifecycle-rules/:rule': { expect: only('settings'), prepare: aRule, body: { days: 14 } },
  'GET /api/v1/lifecycle-rules/:rule/preview': { expect: only('settings'), prepare: aRule },
  'POST /api/v1/lifecycle-rules/:rule/run': {
    expect: (p) => (holder('settings', p) ? 'allowed' : 403),
    prepare: aRule,
  },
  'GET /api/v1/lifecycle-rules/runs': { expect: only('settings') },
  'GET /api/v1/lifecycle-rules/runs/:id': { expect: only('settings'), prepare: newRuleRun },
  'GET /api/v1/lifecycle-rules/runs/:id/people': { expect: only('settings'), prepare: newRuleRun },
  // Effective-dated changes: seen with the profile; scheduled and cancelled as the change itself would be made.
  'GET /api/v1/users/:id/scheduled-changes': { targets: US, expect: readUser },
  'POST /api/v1/users/:id/scheduled-changes': {
    targets: US,
    expect: onUser('lifecycle'),
    body: () => ({
      action: 'set_expiry',
      params: { expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString() },
      effectiveAt: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  },
  'DELETE /api/v1/users/:id/scheduled-changes/:changeId': {
    targets: OTHERS,
    expect: onUser('edit'),
    prepare: newScheduledChange,
  },
  'GET /api/v1/users/:id': { targets: US, expect: readUser },
  'GET /api/v1/users/:id/hr-sync': { targets: US, expect: readUser },
  // One's own profile is edited through /me; PATCH /users/{self} needs the edit right.
  'PATCH /api/v1/users/:id': {
    targets: US,
    expect: onUser('edit', { self: only('edit') }),
    body: { jobTitle: 'Changed' },
  },
  'DELETE /api/v1/users/:id': { targets: US, expect: onUser('delete') },
  'POST /api/v1/users/:id/invite': { targets: OTHERS, expect: onUser('invite'), prepare: setStatus('not_invited') },
  'POST /api/v1/users/:id/cancel-invite': {
    targets: OTHERS,
    expect: onUser('invite'),
    prepare: setStatus('invite_scheduled', ", invite_scheduled_at = now() + interval '1 day'"),
  },
  'POST /api/v1/users/:id/deactivate': { targets: US, expect: onUser('lifecycle') },
  // The leaver's hand-over preview: whoever may deactivate them.
  'GET /api/v1/users/:id/hand-over': { targets: US, expect: onUser('lifecycle') },
  'POST /api/v1/users/:id/reactivate': {
    targets: OTHERS,
    expect: onUser('lifecycle'),
    prepare: setStatus('deactivated'),
  },
  'POST /api/v1/users/:id/anonymise': { targets: OTHERS, expect: onUser('delete'), prepare: setStatus('deactivated') },
  // GDPR access request: Owners and Admins, on anyone they may act on, themselves included.
  'GET /api/v1/users/:id/personal-data': { targets: US, expect: onUser('delete', { self: only('delete') }) },
  'GET /api/v1/users/:id/personal-data.html': { targets: US, expect: onUser('delete', { self: only('delete') }) },
  // The anonymisation certificate: whoever may anonymise the person, once they are anonymised.
  'GET /api/v1/users/:id/anonymisation-certificate': { targets: OTHERS, expect: onUser('delete'), prepare: certified },
  'GET /api/v1/users/:id/anonymisation-certificate.html': {
    targets: OTHERS,
    expect: onUser('delete'),
    prepare: certified,
  },
  // Anyone signed in asks for their own data (a link by mail); the link itself needs no session.
  'POST /api/v1/me/personal-data-request': { expect: everyone },
  'GET /api/v1/personal-data/:token': {
    expect: () => 'allowed',
    public: true,
    prepare: async () => ({ token: 'x'.repeat(43) }),
  },
  'POST /api/v1/users/:id/restore': {
    targets: OTHERS,
    expect: (p) => (holder('delete', p) ? 'ok' : 403),
    prepare: async ({ t, target }) =>
      void (await t.db.query(`update users set deleted_at = now() where id = $1`, [target])),
  },
  'POST /api/v1/users/:id/set-password': {
    targets: US,
    expect: onUser('lifecycle'),
    body: { password: 'set-by-admin-123' },
  },
  'POST /api/v1/users/:id/learning-activity': { targets: OTHERS, expect: onUser('edit') },
  // A profile's relations panel: whoever sees the person (each named relation is filtered by scope too).
  'GET /api/v1/users/:id/relations': { targets: US, expect: readUser },
  'GET /api/v1/users/:id/status-history': { targets: US, expect: readUser },
  'GET /api/v1/users/:id/invitations': { targets: US, expect: readUser },
  'GET /api/v1/users/:id/grants': { targets: US, expect: readUser },
  // The access explainer: Owners and Admins (grants.manage), on people they see; without both names 400.
  'GET /api/v1/users/:id/access': { targets: US, expect: onUser('settings', { self: only('settings') }) },
  'GET /api/v1/access/explain': { expect: (p) => (holder('settings', p) ? 'allowed' : 403) },
  'POST /api/v1/users/:id/grants': { targets: US, expect: onUser('settings'), body: { permission: 'people.view' } },
  'DELETE /api/v1/users/:id/grants/:grantId': {
    targets: OTHERS,
    expect: onUser('settings'),
    prepare: async ({ t, target }) => {
      const grantId = randomUUID();
      await t.db.query(`insert into permission_grants (id, user_id, permission) values ($1, $2, 'people.invite')`, [
        grantId,
        target,
      ]);
      return { grantId };
    },
  },
  // Permission profiles (docs/decisions/031-delegated-administration.md): edited and assigned by Owners and Admins.
  'GET /api/v1/permission-profiles': { expect: only('settings') },
  'POST /api/v1/permission-profiles': {
    expect: (p) => (holder('settings', p) ? 'allowed' : 403),
    body: { name: 'Matrix profile', permissions: ['people.view'] },
  },
  'PATCH /api/v1/permission-profiles/:id': {
    expect: only('settings'),
    prepare: profileId,
    body: { description: 'Changed' },
  },
  'DELETE /api/v1/permission-profiles/:id': { expect: only('settings'), prepare: profileId },
  'GET /api/v1/users/:id/profile-assignments': { targets: US, expect: readUser },
  'POST /api/v1/users/:id/profile-assignments': {
    targets: US,
    expect: onUser('settings'),
    prepare: aProfile,
    body: { profileId: 'matrix-profile' },
  },
  'DELETE /api/v1/users/:id/profile-assignments/:assignmentId': {
    targets: OTHERS,
    expect: onUser('settings'),
    prepare: async (ctx) => {
      await aProfile(ctx);
      const assignmentId = randomUUID();
      await ctx.t.db.query(
        `insert into profile_assignments (id, user_id, profile_id) values ($1, $2, 'matrix-profile') on conflict do nothing`,
        [assignmentId, ctx.target],
      );
      return { assignmentId };
    },
  },
  // What a person can reach: the person themselves, or Owners and Admins about people they see.
  'GET /api/v1/users/:id/reach': { targets: US, expect: onUser('settings', { self: 'ok' }) },
  'GET /api/v1/users/:id/notes': { targets: US, expect: onUser('notes', { managers: true, self: 404 }) },
  'POST /api/v1/users/:id/notes': {
    targets: US,
    expect: onUser('notes', { managers: true, self: 404 }),
    body: { body: 'A note' },
  },
  // Changing a note: its author, an Admin or an Owner; other note readers 403 (the note here has no author).
  'PATCH /api/v1/users/:id/notes/:noteId': {
    targets: US,
    expect: changeNote,
    prepare: aNote,
    body: { body: 'An edited note' },
  },
  'DELETE /api/v1/users/:id/notes/:noteId': { targets: US, expect: changeNote, prepare: aNote },
  'POST /api/v1/users/:id/impersonate': { targets: US, expect: onUser('impersonate'), ownSession: true },
  // Targets here are learners: every holder of the lifecycle right is above them (test/access/privilege.test.ts covers the ladder).
  'GET /api/v1/users/:id/sessions': { targets: US, expect: onUser('lifecycle') },
  'DELETE /api/v1/users/:id/sessions': { targets: US, expect: onUser('lifecycle') },
  'GET /api/v1/me/sessions': { expect: everyone },
  'DELETE /api/v1/me/sessions/:id': { expect: () => 404, prepare: async () => ({ id: 'no-such-session' }) },
  'GET /api/v1/invitations/:token': {
    expect: () => 404,
    public: true,
    prepare: async () => ({ token: 'x'.repeat(43) }),
  },
  'POST /api/v1/invitations/:token/accept': {
    expect: () => 404,
    public: true,
    body: { password: 'whatever-password' },
    prepare: async () => ({ token: 'x'.repeat(43) }),
  },
  'GET /api/v1/auth/options': { expect: everyone, public: true },
  'POST /api/v1/auth/password-reset': { expect: everyone, public: true, body: { email: 'nobody@example.com' } },
  'GET /api/v1/auth/password-reset/:token': {
    expect: () => 404,
    public: true,
    prepare: async () => ({ token: 'x'.repeat(43) }),
  },
  'POST /api/v1/auth/password-reset/:token': {
    expect: () => 404,
    public: true,
    body: { password: 'whatever-password' },
    prepare: async () => ({ token: 'x'.repeat(43) }),
  },
  'POST /api/v1/invitations/:token/renew': {
    expect: everyone,
    public: true,
    prepare: async () => ({ token: 'x'.repeat(43) }),
  },
  // Self sign-up is off by default: the endpoints answer 404 until it is switched on.
  'POST /api/v1/signup': {
    expect: () => 404,
    public: true,
    body: { email: 'someone@example.com', firstName: 'S', password: 'a-long-password' },
  },
  'POST /api/v1/signup/verify/:token': {
    expect: () => 404,
    public: true,
    prepare: async () => ({ token: 'x'.repeat(43) }),
  },
  'GET /api/v1/signup-requests': { expect: only('invite') },
  'POST /api/v1/signup-requests/:id/approve': {
    expect: (p) => (holder('invite', p) ? 404 : 403),
    prepare: async () => ({ id: 'no-such-request' }),
  },
  'POST /api/v1/signup-requests/:id/decline': {
    expect: (p) => (holder('invite', p) ? 404 : 403),
    prepare: async () => ({ id: 'no-such-request' }),
  },
  // SSO is not configured here: start answers 404; the callback redirects to the sign-in page with the reason.
  'GET /api/v1/auth/sso/start': { expect: () => 404, public: true },
  'GET /api/v1/auth/sso/callback': { expect: () => 'allowed', public: true },
  // SAML is not configured here either: the metadata is public, start answers 404, the ACS sends the browser to
  // the sign-in page with the reason. Reading an IdP's metadata is the settings managers'; saving it an Owner's.
  'GET /api/v1/auth/saml/metadata': { expect: everyone, public: true },
  'GET /api/v1/auth/saml/start': { expect: () => 404, public: true },
  'POST /api/v1/auth/saml/acs': { expect: () => 'allowed', public: true, body: {} },
  // Teams: everyone sees the tree (to ask to join); changes need teams.manage or managing the team.
  'GET /api/v1/teams': { expect: everyone },
  'POST /api/v1/teams': { expect: only('teams'), body: () => ({ name: `Team ${randomUUID()}` }) },
  'GET /api/v1/teams/:id': { expect: everyone, prepare: newTeam },
  'PATCH /api/v1/teams/:id': { expect: only('teams'), prepare: newTeam, body: { joinPolicy: 'open' } },
  'DELETE /api/v1/teams/:id': { expect: only('teams'), prepare: newTeam },
  'GET /api/v1/teams/:id/members': { expect: only('view'), prepare: newTeam },
  'POST /api/v1/teams/:id/members': {
    expect: only('teams'),
    prepare: async (ctx) => ({ ...(await newTeam(ctx)), userId: (await insertUser(ctx.t.db)).id }),
    body: () => ({ userId: lastUserId }),
  },
  'DELETE /api/v1/teams/:id/members/:userId': { expect: only('teams'), prepare: teamWithMember('team_members') },
  'GET /api/v1/teams/:id/managers': { expect: everyone, prepare: newTeam },
  'POST /api/v1/teams/:id/managers': {
    expect: only('teams'),
    prepare: async (ctx) => ({ ...(await newTeam(ctx)), userId: (await insertUser(ctx.t.db)).id }),
    body: () => ({ userId: lastUserId }),
  },
  'DELETE /api/v1/teams/:id/managers/:userId': { expect: only('teams'), prepare: teamWithMember('team_managers') },
  'GET /api/v1/teams/:id/join-requests': { expect: only('teams'), prepare: newTeam },
  'POST /api/v1/teams/:id/join-requests': { expect: everyone, prepare: (ctx) => newTeam(ctx, 'on_request') },
  'POST /api/v1/teams/:id/join-requests/:requestId/approve': { expect: only('teams'), prepare: teamWithRequest },
  'POST /api/v1/teams/:id/join-requests/:requestId/decline': { expect: only('teams'), prepare: teamWithRequest },
  'GET /api/v1/groups': { expect: only('groups') },
  'POST /api/v1/groups': {
    expect: only('groups'),
    body: () => ({ name: `Group ${randomUUID()}`, rules: { all: [{ field: 'role', op: 'eq', value: 'learner' }] } }),
  },
  'POST /api/v1/groups/preview': {
    expect: only('groups'),
    body: { rules: { all: [{ field: 'role', op: 'eq', value: 'learner' }] } },
  },
  'GET /api/v1/groups/:id': { expect: only('groups'), prepare: newGroup },
  'PATCH /api/v1/groups/:id': {
    expect: only('groups'),
    prepare: newGroup,
    body: () => ({ name: `Renamed ${randomUUID()}` }),
  },
  'DELETE /api/v1/groups/:id': { expect: only('groups'), prepare: newGroup },
  'GET /api/v1/groups/:id/members': { expect: only('groups'), prepare: newGroup },
  'GET /api/v1/groups/:id/events': { expect: only('groups'), prepare: newGroup },
  'GET /api/v1/users/:id/groups': { targets: US, expect: onUser('groups', { self: 'ok' }) },
  'GET /api/v1/users/:id/group-events': { targets: US, expect: onUser('groups', { self: 'ok' }) },
  'GET /api/v1/directory': { expect: everyone },
  'GET /api/v1/settings': { expect: only('settings') },
  'PATCH /api/v1/settings': { expect: only('settings'), body: { organisationName: 'Matrix Inc' } },
  'GET /api/v1/settings/sso/attempts': { expect: only('settings') },
  // No provider is saved here: 400 for those who may test it.
  'POST /api/v1/settings/sso/test': { expect: (p) => (holder('settings', p) ? 'allowed' : 403), body: {} },
  'POST /api/v1/settings/saml/test': { expect: (p) => (holder('settings', p) ? 'allowed' : 403), body: {} },
  'POST /api/v1/settings/saml/idp-metadata': { expect: (p) => (p === 'owner' ? 'allowed' : 403), body: {} },
  'GET /api/v1/custom-fields': { expect: everyone },
  'POST /api/v1/custom-fields': {
    expect: only('settings'),
    body: () => ({ key: `f_${randomUUID().slice(0, 8)}`, label: 'F', type: 'text' }),
  },
  'GET /api/v1/custom-fields/:key': { expect: everyone, prepare: newField },
  'PATCH /api/v1/custom-fields/:key': { expect: only('settings'), prepare: newField, body: { label: 'Renamed' } },
  'DELETE /api/v1/custom-fields/:key': { expect: only('settings'), prepare: newField },
  'GET /api/v1/audit': { expect: only('audit') },
  'GET /api/v1/audit/export': { expect: only('audit') },
  'POST /api/v1/tokens': { expect: only('settings'), body: { name: 'matrix', scopes: ['api'] } },
  'GET /api/v1/tokens': { expect: only('settings') },
  'DELETE /api/v1/tokens/:id': {
    expect: only('settings'),
    prepare: async ({ t }) => {
      const id = randomUUID();
      await t.db.query(
        `insert into api_tokens (id, name, token_hash, scopes, created_by) select $1, 'm', $1, '["api"]', id from users where role = 'owner' limit 1`,
        [id],
      );
      return { id };
    },
  },
  'GET /api/v1/mailbox': { expect: only('settings') },
  // Notification preferences: one's own, for everyone. Mail templates and branding: Owners and Admins.
  'GET /api/v1/me/notifications': { expect: everyone },
  'PUT /api/v1/me/notifications': { expect: everyone, body: { preferences: { manager_report_break: true } } },
  'GET /api/v1/mail-templates': { expect: only('settings') },
  'GET /api/v1/mail-templates/:kind/:lang': {
    expect: only('settings'),
    prepare: async () => ({ kind: 'invitation', lang: 'fr' }),
  },
  'PUT /api/v1/mail-templates/:kind/:lang': {
    expect: only('settings'),
    prepare: async () => ({ kind: 'signup_declined', lang: 'en' }),
    body: { subject: 'Matrix {{org}}', text: 'Hello {{firstName}}', html: '<p>Hello {{firstName}}</p>' },
  },
  'DELETE /api/v1/mail-templates/:kind/:lang': {
    expect: only('settings'),
    prepare: async () => ({ kind: 'signup_declined', lang: 'en' }),
  },
  'POST /api/v1/mail-templates/:kind/:lang/preview': {
    expect: only('settings'),
    prepare: async () => ({ kind: 'invitation', lang: 'en' }),
    body: { subject: 'Matrix {{org}}', text: 'Hello {{firstName}}', html: '<p>Hello {{firstName}}</p>' },
  },
  'POST /api/v1/mail-templates/:kind/:lang/test': {
    expect: only('settings'),
    prepare: async () => ({ kind: 'invitation', lang: 'en' }),
    body: { subject: 'Matrix {{org}}', text: 'Hello {{firstName}}', html: '<p>Hello {{firstName}}</p>' },
  },
  'GET /api/v1/mail-branding': { expect: only('settings') },
  'PUT /api/v1/mail-branding': { expect: only('settings'), body: { colour: '#1c7ed6' } },
  // Imports: adding people needs the invite right (a JSON body is not a file upload: 400 for those who may import).
  'POST /api/v1/imports': { expect: (p) => (holder('invite', p) ? 'allowed' : 403) },
  'GET /api/v1/imports': { expect: only('invite') },
  'GET /api/v1/imports/template.csv': { expect: only('invite') },
  'GET /api/v1/imports/:id': { expect: only('invite'), prepare: newImport },
  'GET /api/v1/imports/:id/rows': { expect: only('invite'), prepare: newImport },
  'GET /api/v1/imports/:id/log.csv': { expect: only('invite'), prepare: newImport },
  'GET /api/v1/imports/:id/summary': { expect: only('invite'), prepare: newImport },
  'PUT /api/v1/imports/:id/ignored-columns': { expect: only('invite'), prepare: newImport, body: { columns: [] } },
  'POST /api/v1/imports/:id/commit': { expect: only('invite'), prepare: newImport },
  'POST /api/v1/imports/:id/cancel': { expect: only('invite'), prepare: newImport },
  'GET /api/v1/scim/status': { expect: only('settings') },
  // Home and the reports (docs/decisions/020-insight.md): Owners, Admins and HR.
  'GET /api/v1/reports/summary': { expect: only('reports') },
  'GET /api/v1/reports/inactive': { expect: only('reports') },
  'GET /api/v1/reports/pending-invitations': { expect: only('reports') },
  'POST /api/v1/reports/pending-invitations/remind': { expect: only('reports'), body: { olderThanDays: 3650 } },
  'GET /api/v1/reports/movements': { expect: only('reports') },
  'GET /api/v1/reports/forecast': { expect: only('reports') },
  'GET /api/v1/reports/data-quality': { expect: only('reports') },
  'GET /api/v1/reports/schedules': { expect: only('reports') },
  // No such recipient: 400 for those who may schedule reports.
  'POST /api/v1/reports/schedules': {
    expect: (p) => (holder('reports', p) ? 'allowed' : 403),
    body: { report: 'summary', cadence: 'weekly', recipientIds: ['nobody'] },
  },
  'DELETE /api/v1/reports/schedules/:id': { expect: only('reports'), prepare: newReportSchedule },
  'POST /api/v1/reports/data-quality/fix': {
    expect: only('reports'),
    body: { kind: 'dangling_manager' },
    // Who may fix, not how many: the lines to managers that earlier rows deleted are cleared first, so an allowed
    // call does not fix hundreds of people one transaction each (it ran past 30 s on PGlite under load).
    prepare: async ({ t }) => {
      await t.db.query(
        `update users set manager_id = null
          where manager_id in (select id from users where deleted_at is not null or status = 'anonymised')`,
      );
    },
  },
  // Background jobs: Owners only, an Admin is refused too.
  'GET /api/v1/jobs': { expect: (p) => (p === 'owner' ? 'ok' : 403) },
  'POST /api/v1/jobs/:name/run': {
    expect: (p) => (p === 'owner' ? 'ok' : 403),
    prepare: async () => ({ name: 'end-breaks' }),
  },
  // Second factors: one's own for everyone (from a session of one's own); a reset of someone else's like other lifecycle actions.
  'POST /api/v1/auth/mfa': { expect: () => 401, public: true, body: { mfaToken: 'x'.repeat(43), code: '123456' } },
  'GET /api/v1/me/mfa': { expect: everyone },
  'POST /api/v1/me/mfa/totp': { expect: everyone },
  'POST /api/v1/me/mfa/totp/confirm': { expect: () => 'allowed', body: { code: '000000' } },
  'DELETE /api/v1/me/mfa/totp': {
    expect: everyone,
    prepare: async ({ t, target }) =>
      void (await t.db.query(
        `insert into mfa_totp (user_id, secret) values ($1, 'JBSWY3DPEHPK3PXP') on conflict do nothing`,
        [target],
      )),
  },
  'GET /api/v1/me/passkeys': { expect: everyone },
  'POST /api/v1/me/passkeys/registration-options': { expect: everyone },
  'POST /api/v1/me/passkeys': {
    expect: () => 'allowed',
    body: {
      response: {
        id: 'AAAA',
        rawId: 'AAAA',
        type: 'public-key',
        clientExtensionResults: {},
        response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' },
      },
    },
  },
  'DELETE /api/v1/me/passkeys/:id': { expect: () => 404, prepare: async () => ({ id: 'no-such-passkey' }) },
  'DELETE /api/v1/users/:id/mfa': { targets: US, expect: onUser('lifecycle') },
  // The event feed and webhooks: Owners and Admins (docs/decisions/018-event-feed-and-webhooks.md).
  'GET /api/v1/events': { expect: only('settings') },
  'POST /api/v1/webhooks': {
    expect: only('settings'),
    body: { url: 'https://hooks.example.com/roster', events: ['*'] },
  },
  'GET /api/v1/webhooks': { expect: only('settings') },
  'GET /api/v1/webhooks/:id': { expect: only('settings'), prepare: newWebhook },
  'PATCH /api/v1/webhooks/:id': { expect: only('settings'), prepare: newWebhook, body: { description: 'Changed' } },
  'DELETE /api/v1/webhooks/:id': { expect: only('settings'), prepare: newWebhook },
  'POST /api/v1/webhooks/:id/rotate-secret': { expect: only('settings'), prepare: newWebhook },
  'GET /api/v1/webhooks/:id/deliveries': { expect: only('settings'), prepare: newWebhook },
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/retry': {
    expect: only('settings'),
    prepare: async (ctx) => {
      const { id } = await newWebhook(ctx);
      const deliveryId = `msg_${randomUUID()}`;
      await ctx.t.db.query(
        `insert into webhook_deliveries (id, webhook_id, event_id, event_type, status, attempts, created_at)
         values ($1, $2, 1, 'user.created', 'failed', 11, now())`,
        [deliveryId, id],
      );
      return { id, deliveryId };
    },
  },
};

/** A webhook to a public address, its secret sealed as the API would (the key is the test process's). */
async function newWebhook({ t }: Ctx) {
  const id = randomUUID();
  await t.db.query(
    `insert into webhooks (id, url, events, secret_sealed, created_at, updated_at)
     values ($1, 'https://hooks.example.com/roster', '["*"]', $2, now(), now())`,
    [id, seal(`whsec_${'A'.repeat(44)}`)],
  );
  return { id };
}

/** A previewed add-mode import with no rows, started by the Owner. */
async function newImport({ t }: Ctx) {
  const id = randomUUID();
  await t.db.query(
    `insert into imports (id, state, file_name, file, options, encoding, delimiter, actor, created_by)
     select $1, 'previewed', 'm.csv', ''::bytea, '{"mode":"add","blankCells":"keep","matchOn":"email","invite":"none","inviteAt":null,"createMissingTeams":false}',
            'utf-8', ',', json_build_object('type', 'user', 'userId', id), id from users where role = 'owner' limit 1`,
    [id],
  );
  return { id };
}

/** A view shared by the Owner. */
async function newSharedView({ t }: Ctx) {
  const id = randomUUID();
  await t.db.query(
    `insert into people_views (id, owner_id, name, shared, filters, columns, sort, created_at, updated_at)
     select $1, id, 'Shared', true, '{}', '["status"]', 'name', now(), now() from users where role = 'owner' limit 1`,
    [id],
  );
  return { id };
}

/** A weekly summary mailed to the Owner. */
async function newReportSchedule({ t }: Ctx) {
  const id = randomUUID();
  await t.db.query(
    `insert into report_schedules (id, report, cadence, created_at, last_period) values ($1, 'summary', 'weekly', now(), '')`,
    [id],
  );
  await t.db.query(
    `insert into report_schedule_recipients (schedule_id, user_id) select $1, id from users where role = 'owner' limit 1`,
    [id],
  );
  return { id };
}

/** A finished bulk action with no items, started by an Owner. */
async function newBulkAction({ t }: Ctx) {
  const id = randomUUID();
  await t.db.query(
    `insert into bulk_actions (id, action, status, params, target, actor, created_by, created_at, completed_at)
     select $1, 'deactivate', 'done', '{}', '{"ids": 0}', json_build_object('type', 'user', 'userId', id), id, now(), now()
       from users where role = 'owner' limit 1`,
    [id],
  );
  return { id };
}

async function aRule() {
  return { rule: 'remind_expiry' };
}

async function newRuleRun({ t }: Ctx) {
  const id = randomUUID();
  await t.db.query(
    `insert into lifecycle_rule_runs (id, rule, days, created_at) values ($1, 'remind_expiry', 14, now())`,
    [id],
  );
  return { id };
}

/** A pending change on the target, scheduled by the Owner. */
async function newScheduledChange({ t, target }: Ctx) {
  const changeId = randomUUID();
  await t.db.query(
    `insert into scheduled_changes (id, user_id, action, params, effective_at, scheduled_by, created_at)
     select $1, $2, 'set_role', '{"role": "reporter"}', now() + interval '1 day', id, now() from users where role = 'owner' limit 1`,
    [changeId, target],
  );
  return { changeId };
}

/** The user id most recently made by a prepare step, for bodies that name a user. */
let lastUserId = '';

async function newTeam({ t }: Ctx, joinPolicy = 'closed') {
  const id = randomUUID();
  await t.db.query(`insert into teams (id, name, path, join_policy) values ($1, $1, '/' || $1 || '/', $2)`, [
    id,
    joinPolicy,
  ]);
  return { id };
}

function teamWithMember(table: 'team_members' | 'team_managers') {
  return async (ctx: Ctx) => {
    const { id } = await newTeam(ctx);
    const user = await insertUser(ctx.t.db);
    await ctx.t.db.query(`insert into ${table} (team_id, user_id) values ($1, $2)`, [id, user.id]);
    return { id, userId: user.id };
  };
}

async function teamWithRequest(ctx: Ctx) {
  const { id } = await newTeam(ctx, 'on_request');
  const user = await insertUser(ctx.t.db);
  const requestId = randomUUID();
  await ctx.t.db.query(`insert into team_join_requests (id, team_id, user_id) values ($1, $2, $3)`, [
    requestId,
    id,
    user.id,
  ]);
  return { id, requestId };
}

async function newGroup({ t }: Ctx) {
  const id = randomUUID();
  await t.db.query(
    `insert into groups (id, name, rules) values ($1, $1, '{"all": [{"field": "role", "op": "eq", "value": "learner"}]}')`,
    [id],
  );
  return { id };
}

async function newField({ t }: Ctx) {
  const key = `f_${randomUUID().slice(0, 8)}`;
  await t.db.query(`insert into custom_fields (key, label, type) values ($1, 'F', 'text')`, [key]);
  return { key };
}

const { t } = useApp({ signInOwner: false });
const who = {} as Record<P, { id: string; email: string; client: Client }>;
let middle: string;

beforeAll(async () => {
  const roles: Record<P, string> = {
    owner: 'owner',
    admin: 'admin',
    hr: 'hr',
    reporter: 'reporter',
    curator: 'curator',
    viewer: 'curator',
    learner: 'learner',
    manager: 'learner',
  };
  for (const p of PRINCIPALS) {
    const u =
      p === 'owner'
        ? { ...(await t.db.query(`select id, email from users where role = 'owner'`))[0]! }
        : await insertUser(t.db, { role: roles[p] as any, email: `${p}@example.com` });
    who[p] = { id: u.id, email: u.email, client: await t.as(u.email, p === 'owner' ? OWNER.password : undefined) };
  }
  await t.db.query(`insert into permission_grants (id, user_id, permission) values ($1, $2, 'people.view')`, [
    randomUUID(),
    who.viewer.id,
  ]);
  // Reports are indirect: target → middle → manager.
  middle = (await insertUser(t.db, { managerId: who.manager.id })).id;
});

function concretePath(route: string, params: Record<string, string>) {
  return route.split(' ')[1]!.replace(/:(\w+)/g, (_, k) => params[k] ?? `missing-${k}`);
}

async function call(route: string, c: Case, client: Client, params: Record<string, string>) {
  const method = route.split(' ')[0]!;
  const body = typeof c.body === 'function' ? c.body() : c.body;
  return client.request(
    method,
    concretePath(route, params),
    method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}),
  );
}

function check(status: number, outcome: Outcome, label: string) {
  if (outcome === 'ok') expect(status, label).toBeGreaterThanOrEqual(200);
  if (outcome === 'ok') expect(status, label).toBeLessThan(300);
  else if (outcome === 'allowed') {
    expect([401, 403, 404], label).not.toContain(status);
    expect(status, `${label}: a server error is never "allowed"`).toBeLessThan(500);
  } else expect(status, label).toBe(outcome);
}

it('every registered endpoint is in the matrix, and nothing else', () => {
  const registered = t.app.routeList.filter((r) => r.url.startsWith('/api/v1/')).map((r) => `${r.method} ${r.url}`);
  expect(
    registered.filter((r) => !(r in ROUTES)),
    'endpoints missing from the matrix',
  ).toEqual([]);
  expect(
    Object.keys(ROUTES).filter((r) => !registered.includes(r)),
    'matrix rows for unknown endpoints',
  ).toEqual([]);
});

describe.each(Object.keys(ROUTES))('%s', (route) => {
  const c = ROUTES[route]!;

  it('refuses or serves the anonymous caller as specified', async () => {
    const params = (await c.prepare?.({ t, target: middle })) ?? {};
    const res = await call(route, c, t.anon(), { id: middle, ...params });
    if (c.public) check(res.status, c.expect('owner', 'other'), `${route} anonymous`);
    else expect(res.status, `${route} anonymous`).toBe(401);
  });

  it.each(PRINCIPALS)('as %s', async (p) => {
    for (const kind of c.targets ?? [null]) {
      let target = who[p].id;
      if (kind === 'report') target = (await insertUser(t.db, { managerId: middle })).id;
      if (kind === 'other') target = (await insertUser(t.db)).id;
      const params = (await c.prepare?.({ t, target })) ?? {};
      lastUserId = params.userId ?? '';
      const client = c.ownSession
        ? await t.as(who[p].email, p === 'owner' ? OWNER.password : undefined)
        : who[p].client;
      const res = await call(route, c, client, { id: target, ...params });
      check(
        res.status,
        c.expect(p, kind ?? 'other'),
        `${route} as ${p} on ${kind ?? '-'}: ${JSON.stringify(res.body)?.slice(0, 200)}`,
      );
    }
  });
});

/**
 * The access explainer agrees with the policy on the matrix's cases: for every caller and target kind, its
 * "can see" and "can edit" equal both this matrix's expectation and what the API then does for that caller.
 */
describe('the access explainer', () => {
  const canEdit = onUser('edit', { self: only('edit') });
  it.each(PRINCIPALS)('answers for %s as the policy decides', async (p) => {
    for (const kind of US) {
      let target = who[p].id;
      if (kind === 'report') target = (await insertUser(t.db, { managerId: middle })).id;
      if (kind === 'other') target = (await insertUser(t.db)).id;
      const res = await who.owner.client.get(`/api/v1/access/explain?actor=${who[p].id}&target=${target}`);
      expect(res.status).toBe(200);
      const label = `${p} on ${kind}: ${JSON.stringify(res.body)}`;
      expect(res.body.see.allowed, label).toBe(readUser(p, kind) === 'ok');
      expect(res.body.edit.allowed, label).toBe(canEdit(p, kind) === 'ok');
      expect(res.body.see.rule.length, label).toBeGreaterThan(0);
      const seen = await who[p].client.get(`/api/v1/users/${target}`);
      expect(seen.status === 200, label).toBe(res.body.see.allowed);
      const edited = await who[p].client.patch(`/api/v1/users/${target}`, { jobTitle: 'Explained' });
      expect(edited.status === 200, label).toBe(res.body.edit.allowed);
      const listed = await who.owner.client.get(`/api/v1/users/${target}/access`);
      expect(listed.status).toBe(200);
      const entry = listed.body.items.find((i: any) => i.person.id === who[p].id);
      expect(Boolean(entry), `${label}: listed among who can see`).toBe(res.body.see.allowed);
      if (entry) expect(entry.canEdit, label).toBe(res.body.edit.allowed);
    }
  });
});
