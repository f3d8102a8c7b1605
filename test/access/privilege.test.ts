import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { Role, Status } from '../../src/common/domain';
import { sha256 } from '../../src/server/core/crypto';
import { Client, insertUser, type Res } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { uniqueEmail } from '../helpers/api';
import { bulkActionsIdle } from '../../src/server/modules/bulkActions/runner';
import { applyDueChanges } from '../../src/server/modules/scheduledChanges/apply';

/**
 * The role ladder (docs/decisions/004-access-policy.md): nobody obtains a credential, a session or the
 * role of an account whose rank is equal to or above their own. Ranks: Owner > Admin > HR > the rest.
 * One exception: the creator of an account that never signed in may invite it or give it a first password.
 *
 * ROWS is the table of actions that can hand out a credential. Each row runs for every actor rank ×
 * target rank × target variant (who created the account, whether it ever signed in) and compares
 * what happened with the rule, written here independently of policy.ts.
 *
 * Routes that can hand out a credential carry `config: { credentials: true }` (see http/auth.ts); the
 * first test compares the routes so marked in the running app (app.routeList) with the routes the rows
 * drive, both ways. A new credential route (SSO link, SCIM adopt…) therefore fails this file until it
 * has a row, and a row cannot name a route that is not marked. Adding an action = one entry in ROWS.
 */

type Rank = 'owner' | 'admin' | 'hr' | 'learner';
const RANKS: Rank[] = ['owner', 'admin', 'hr', 'learner'];
const LEVEL: Record<Rank, number> = { owner: 3, admin: 2, hr: 1, learner: 0 };
/** Who made the target account and whether it has signed in: `own_*` were created by the actor. */
type Variant = 'used' | 'unused' | 'own_used' | 'own_unused';
const VARIANTS: Variant[] = ['used', 'unused', 'own_used', 'own_unused'];

interface Scenario {
  actor: Rank;
  target: { id: string; email: string; role: Role; rank: Rank };
  variant: Variant;
  /** The actor's signed-in client. */
  client: Client;
}
/** What an attempt did: allowed, or refused with this HTTP status (403 or 404 are the only right refusals). */
interface Outcome {
  allowed: boolean;
  status: number;
}

interface Row {
  /** The routes this row drives, as Fastify registers them ("METHOD /api/v1/…"). */
  routes: string[];
  /** The action; each scenario gets a fresh target. */
  run: (s: Scenario) => Promise<Outcome>;
  /** Status of the fresh target (default confirmed). */
  status?: Status;
  /** Whether the actor has the underlying right at all (default: every actor rank here has it). */
  can?: (actor: Rank) => boolean;
  /** The creator exception applies (invitation, first password). */
  firstAccess?: boolean;
  /** Runs once per actor (the target plays no part). */
  perActor?: boolean;
  /** Overrides the ladder rule, for actions that are never or otherwise allowed (explain why in the row). */
  expect?: (s: Scenario) => boolean;
}

const admins = (a: Rank) => a === 'owner' || a === 'admin';
/** The rule; the older "only Owners change Owners" (policy.assertCanActOn) still holds under the exception. */
const ladder = (row: Row, s: Scenario) =>
  LEVEL[s.actor] > LEVEL[s.target.rank] ||
  (row.firstAccess === true && s.variant === 'own_unused' && (s.target.rank !== 'owner' || s.actor === 'owner'));

function byStatus(res: Res): Outcome {
  return { allowed: res.status >= 200 && res.status < 300, status: res.status };
}
/** POST /users/bulk answers 200 with one result per person. */
function byBulkResult(res: Res): Outcome {
  if (res.status !== 200) return byStatus(res);
  const r = res.body.results[0];
  return {
    allowed: r.ok,
    status: r.ok ? 200 : (({ forbidden: 403, not_found: 404 } as Record<string, number>)[r.error.code] ?? 400),
  };
}

/** A second client on the actor's own session, so that "login as" does not replace the actor's cookie. */
function sameSession(c: Client): Client {
  const copy = t.anon();
  copy.cookie = c.cookie;
  copy.csrf = c.csrf;
  return copy;
}

/** Signs in as the target with "login as", then tries `then` inside that session. */
async function insideLoginAs(s: Scenario, then: (c: Client) => Promise<Res>): Promise<Outcome> {
  const c = sameSession(s.client);
  const started = await c.post(`/api/v1/users/${s.target.id}/impersonate`);
  if (started.status !== 200) return byStatus(started);
  return byStatus(await then(c));
}

const ROWS: Record<string, Row> = {
  'set a password': {
    routes: ['POST /api/v1/users/:id/set-password'],
    firstAccess: true,
    run: async (s) =>
      byStatus(await s.client.post(`/api/v1/users/${s.target.id}/set-password`, { password: 'chosen-by-someone-1' })),
  },
  'change the sign-in email': {
    routes: ['PATCH /api/v1/users/:id'],
    run: async (s) => byStatus(await s.client.patch(`/api/v1/users/${s.target.id}`, { email: uniqueEmail('moved') })),
  },
  'reset the password through a new email': {
    routes: ['PATCH /api/v1/users/:id', 'POST /api/v1/auth/password-reset'],
    run: async (s) => {
      const email = uniqueEmail('takeover');
      const patched = await s.client.patch(`/api/v1/users/${s.target.id}`, { email });
      // Asked for whether or not the change went through: only a changed address gets a link.
      expect((await t.anon().post('/api/v1/auth/password-reset', { email })).status).toBe(202);
      const mailed = await t.db.query(
        `select 1 from outbox where lower(to_address) = lower($1) and kind = 'password_reset'`,
        [email],
      );
      return { allowed: mailed.length > 0, status: patched.status };
    },
  },
  invite: {
    routes: ['POST /api/v1/users/:id/invite'],
    status: 'not_invited',
    firstAccess: true,
    run: async (s) => byStatus(await s.client.post(`/api/v1/users/${s.target.id}/invite`)),
  },
  'resend an invitation': {
    routes: ['POST /api/v1/users/:id/invite'],
    status: 'invite_pending',
    firstAccess: true,
    run: async (s) => byStatus(await s.client.post(`/api/v1/users/${s.target.id}/invite`)),
  },
  'invite from the bulk bar': {
    routes: ['POST /api/v1/users/bulk'],
    status: 'not_invited',
    firstAccess: true,
    run: async (s) =>
      byBulkResult(await s.client.post('/api/v1/users/bulk', { action: 'invite', userIds: [s.target.id] })),
  },
  // A bulk action is a job: it acts with its starter's rights, person by person, as the single route does.
  'invite by a bulk action': {
    routes: ['POST /api/v1/bulk-actions'],
    status: 'not_invited',
    firstAccess: true,
    run: async (s) => {
      const started = await s.client.post('/api/v1/bulk-actions', { action: 'invite', ids: [s.target.id] });
      if (started.status !== 202) return byStatus(started);
      for (let i = 0; i < 200; i++) {
        await bulkActionsIdle(t.db);
        const b = (await s.client.get(`/api/v1/bulk-actions/${started.body.id}`)).body;
        if (b.status === 'done' || b.status === 'failed')
          return { allowed: b.done === 1, status: b.done === 1 ? 202 : b.outOfScope ? 404 : 403 };
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('the bulk action did not finish');
    },
  },
  // "Remind all" on Home resends every invitation pending for longer than the given days, each as the resend route.
  'remind all pending invitations': {
    routes: ['POST /api/v1/reports/pending-invitations/remind'],
    status: 'invite_pending',
    firstAccess: true,
    can: (a) => a !== 'learner',
    run: async (s) => {
      const longAgo = new Date(Date.now() - 400 * 24 * 3600_000);
      await t.db.query(`update users set invited_at = $2 where id = $1`, [s.target.id, longAgo]);
      const res = await s.client.post('/api/v1/reports/pending-invitations/remind', { olderThanDays: 365 });
      if (res.status !== 200) return byStatus(res);
      const [row] = await t.db.query<{ invited_at: Date }>(`select invited_at from users where id = $1`, [s.target.id]);
      const resent = row!.invited_at.getTime() > longAgo.getTime();
      return { allowed: resent, status: resent ? 200 : 403 };
    },
  },
  // The radar's fix for expired invitation links resends each one, as the resend route.
  'resend expired invitation links': {
    routes: ['POST /api/v1/reports/data-quality/fix'],
    status: 'invite_pending',
    firstAccess: true,
    can: (a) => a !== 'learner',
    run: async (s) => {
      await t.db.query(
        `insert into invitations (id, user_id, token_hash, created_at, expires_at, state)
         values ($1, $2, $1, now() - interval '30 days', now() - interval '16 days', 'active')`,
        [randomUUID(), s.target.id],
      );
      const res = await s.client.post('/api/v1/reports/data-quality/fix', { kind: 'expired_invitation' });
      if (res.status !== 200) return byStatus(res);
      const [row] = await t.db.query<{ n: number }>(
        `select count(*)::int as n from invitations where user_id = $1 and expires_at > now()`,
        [s.target.id],
      );
      return { allowed: row!.n > 0, status: row!.n > 0 ? 200 : 403 };
    },
  },
  'set the role': {
    routes: ['PATCH /api/v1/users/:id'],
    can: admins,
    run: async (s) =>
      byStatus(
        await s.client.patch(`/api/v1/users/${s.target.id}`, {
          role: s.target.role === 'learner' ? 'reporter' : 'learner',
        }),
      ),
  },
  // A role change scheduled for later is checked now, and again with the scheduler's rights when applied.
  'set the role on a later date': {
    routes: ['POST /api/v1/users/:id/scheduled-changes'],
    can: admins,
    run: async (s) => {
      const role = s.target.role === 'learner' ? 'reporter' : 'learner';
      const res = await s.client.post(`/api/v1/users/${s.target.id}/scheduled-changes`, {
        action: 'set_role',
        params: { role },
        effectiveAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      if (res.status !== 201) return byStatus(res);
      await applyDueChanges(t.db, new Date(Date.now() + 2 * 86_400_000));
      const [row] = await t.db.query<{ role: string }>(`select role from users where id = $1`, [s.target.id]);
      return { allowed: row!.role === role, status: row!.role === role ? 201 : 403 };
    },
  },
  'grant a permission': {
    routes: ['POST /api/v1/users/:id/grants'],
    can: admins,
    run: async (s) =>
      byStatus(await s.client.post(`/api/v1/users/${s.target.id}/grants`, { permission: 'people.lifecycle' })),
  },
  // A permission profile acts as the grants it bundles (docs/decisions/031-delegated-administration.md).
  'assign a permission profile': {
    routes: ['POST /api/v1/users/:id/profile-assignments'],
    can: admins,
    run: async (s) => {
      await t.db.query(
        `insert into permission_profiles (id, name, permissions) values ('ladder-profile', 'Ladder profile', '{people.lifecycle}')
         on conflict do nothing`,
      );
      return byStatus(
        await s.client.post(`/api/v1/users/${s.target.id}/profile-assignments`, { profileId: 'ladder-profile' }),
      );
    },
  },
  // Team membership gives no credential by itself, but team-limited grants then cover the person.
  // Owners and Admins hold every right organisation-wide already, so for them it is not a way up.
  'add to a team': {
    routes: ['POST /api/v1/teams/:id/members'],
    expect: (s) => admins(s.actor) || LEVEL[s.actor] > LEVEL[s.target.rank],
    run: async (s) => byStatus(await s.client.post(`/api/v1/teams/${subTeam}/members`, { userId: s.target.id })),
  },
  'add to a team from the bulk bar': {
    routes: ['POST /api/v1/users/bulk'],
    expect: (s) => admins(s.actor) || LEVEL[s.actor] > LEVEL[s.target.rank],
    run: async (s) =>
      byBulkResult(
        await s.client.post('/api/v1/users/bulk', { action: 'add_to_team', teamId: subTeam, userIds: [s.target.id] }),
      ),
  },
  'log in as': {
    routes: ['POST /api/v1/users/:id/impersonate'],
    can: admins,
    run: async (s) => byStatus(await sameSession(s.client).post(`/api/v1/users/${s.target.id}/impersonate`)),
  },
  'end all sessions': {
    routes: ['DELETE /api/v1/users/:id/sessions'],
    run: async (s) => byStatus(await s.client.delete(`/api/v1/users/${s.target.id}/sessions`)),
  },
  'reset second factors': {
    routes: ['DELETE /api/v1/users/:id/mfa'],
    run: async (s) => byStatus(await s.client.delete(`/api/v1/users/${s.target.id}/mfa`)),
  },
  // HR sync acts with its token creator's rank (PUT shares PATCH's write, scim/users.ts replaceScimUser).
  'change the sign-in email over SCIM': {
    routes: ['PATCH /scim/v2/Users/:id', 'PATCH /scim/v2/users/:id'],
    can: admins,
    run: async (s) => {
      const token = await sameSession(s.client).post('/api/v1/tokens', { name: 'HR sync', scopes: ['scim'] });
      if (token.status !== 201) return byStatus(token);
      // A person HR provisioned earlier: SCIM addresses only those (adopting the others is a POST that matches them).
      await t.db.query(`update users set managed_by = 'scim' where id = $1`, [s.target.id]);
      const scim = t.anon();
      scim.bearer = token.body.token;
      const email = uniqueEmail('scim');
      const ops = [
        { op: 'replace', value: { userName: email, emails: [{ value: email, type: 'work', primary: true }] } },
      ];
      return byStatus(
        await scim.patch(`/scim/v2/Users/${s.target.id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: ops,
        }),
      );
    },
  },
  // Inside "login as" nothing may outlive the 30 minutes or act without the impersonator's name.
  'create an API token inside login as': {
    routes: ['POST /api/v1/tokens'],
    expect: () => false,
    run: (s) => insideLoginAs(s, (c) => c.post('/api/v1/tokens', { name: 'kept', scopes: ['api'] })),
  },
  'change the password inside login as': {
    routes: ['POST /api/v1/me/password'],
    expect: () => false,
    run: (s) =>
      insideLoginAs(s, (c) =>
        c.post('/api/v1/me/password', { currentPassword: 'password-1234', newPassword: 'known-to-the-admin-1' }),
      ),
  },
  'change the email inside login as': {
    routes: ['PATCH /api/v1/me'],
    expect: () => false,
    run: (s) => insideLoginAs(s, (c) => c.patch('/api/v1/me', { email: uniqueEmail('mine-now') })),
  },
  'set up a second factor inside login as': {
    routes: ['POST /api/v1/me/mfa/totp'],
    expect: () => false,
    run: (s) => insideLoginAs(s, (c) => c.post('/api/v1/me/mfa/totp')),
  },
  // A token made by a token would survive the revocation of the first one.
  'create an API token with a token': {
    routes: ['POST /api/v1/tokens'],
    perActor: true,
    expect: () => false,
    run: async (s) => {
      const secret = `rst_${randomUUID()}`;
      await t.db.query(
        `insert into api_tokens (id, name, token_hash, scopes, created_by) values ($1, 'first', $2, '["api"]', $3)`,
        [randomUUID(), sha256(secret), actors[s.actor].id],
      );
      const bearer = t.anon();
      bearer.bearer = secret;
      expect((await bearer.get('/api/v1/me')).status, 'the first token works').toBe(200);
      return byStatus(await bearer.post('/api/v1/tokens', { name: 'second', scopes: ['api'] }));
    },
  },
};

const { t, owner } = useApp();
const actors = {} as Record<Rank, { id: string; client: Client }>;
/** The learner-rank actor manages `team` and holds team-limited rights on it; every target is a member. */
let team: string;
let subTeam: string;
const ROLE_OF: Record<Rank, Role> = { owner: 'owner', admin: 'admin', hr: 'hr', learner: 'learner' };

beforeAll(async () => {
  actors.owner = { id: (await owner.get('/api/v1/me')).body.id, client: owner };
  for (const rank of ['admin', 'hr', 'learner'] as const) {
    const u = await insertUser(t.db, { role: ROLE_OF[rank], email: uniqueEmail(`actor-${rank}`) });
    actors[rank] = { id: u.id, client: await t.as(u.email) };
  }
  team = randomUUID();
  subTeam = randomUUID();
  await t.db.query(`insert into teams (id, name, path) values ($1, 'Ladder', '/' || $1 || '/')`, [team]);
  await t.db.query(
    `insert into teams (id, name, path, parent_id) values ($1, 'Ladder child', '/' || $2 || '/' || $1 || '/', $2)`,
    [subTeam, team],
  );
  await t.db.query(`insert into team_managers (team_id, user_id) values ($1, $2)`, [team, actors.learner.id]);
  for (const permission of ['people.view', 'people.edit', 'people.lifecycle', 'people.invite'])
    await t.db.query(`insert into permission_grants (id, user_id, permission, team_id) values ($1, $2, $3, $4)`, [
      randomUUID(),
      actors.learner.id,
      permission,
      team,
    ]);
  // The grants were loaded with the session: sign in again to hold them.
  actors.learner.client = await t.as(
    (await t.db.query<{ email: string }>(`select email from users where id = $1`, [actors.learner.id]))[0]!.email,
  );
  expect((await owner.patch('/api/v1/settings', { usersMayChangeOwnEmail: true })).status).toBe(200);
}, 120_000);

async function freshTarget(actor: Rank, rank: Rank, variant: Variant, status: Status) {
  const u = await insertUser(t.db, { role: ROLE_OF[rank], status, email: uniqueEmail(`target-${rank}`) });
  const creator = variant.startsWith('own') ? actors[actor].id : null;
  const used = variant === 'used' || variant === 'own_used';
  await t.db.query(`update users set created_by = $2, last_sign_in_at = case when $3 then now() end where id = $1`, [
    u.id,
    creator,
    used,
  ]);
  await t.db.query(`insert into team_members (team_id, user_id) values ($1, $2)`, [team, u.id]);
  return { ...u, role: ROLE_OF[rank], rank };
}

it('every route marked as handing out credentials has a row, and every row drives marked routes', () => {
  const marked = t.app.routeList.filter((r) => r.credentials).map((r) => `${r.method} ${r.url}`);
  const driven = new Set(Object.values(ROWS).flatMap((r) => r.routes));
  expect(
    marked.filter((r) => !driven.has(r)),
    'credential routes without a row in ROWS',
  ).toEqual([]);
  expect(
    [...driven].filter((r) => !marked.includes(r)),
    'rows naming routes not marked `credentials: true`',
  ).toEqual([]);
});

it.each(Object.keys(ROWS))(
  '%s follows the role ladder',
  async (name) => {
    const row = ROWS[name]!;
    const wrong: string[] = [];
    for (const actor of RANKS)
      for (const rank of row.perActor ? (['learner'] as Rank[]) : RANKS)
        for (const variant of row.perActor ? (['used'] as Variant[]) : VARIANTS) {
          const target = await freshTarget(actor, rank, variant, row.status ?? 'confirmed');
          const s: Scenario = { actor, target, variant, client: actors[actor].client };
          const expected = row.expect ? row.expect(s) : (row.can ?? (() => true))(actor) && ladder(row, s);
          const got = await row.run(s);
          const label = `${actor} → ${rank} (${variant}): ${got.allowed ? 'allowed' : `refused ${got.status}`}, expected ${expected ? 'allowed' : 'refused'}`;
          if (got.allowed !== expected || (!got.allowed && ![403, 404].includes(got.status))) wrong.push(label);
        }
    expect(wrong).toEqual([]);
  },
  300_000,
);
