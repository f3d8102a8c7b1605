import type { Sql } from '../../db/index';
import type { AccessExplanation, AccessReason, PersonAccess } from '../../../common/contract/access';
import type { Actor } from '../../core/actor';
import { invalid, notFound } from '../../core/errors';
import { findUser, type UserRow } from '../people/repo';
import { effectiveGrantsOf } from './effective';
import { assertCan, assertCanActOn, decide, type Ability, type Decision } from './policy';
import { ROLE_ABILITIES } from './roles';
import { relationTo, type Relation } from './scope';

/**
 * The access explainer (docs/decisions/004-access-policy.md "Explainer"): "Can A see / edit B?" and "who can
 * see this person and why", answered by running the policy itself (relationTo + decide) for A as if A had
 * signed in — never by a second copy of the rules. Owners and Admins (grants.manage) ask it.
 */

/** A person as the policy sees them when they act: their role and their grants (as http/auth.ts loads them). */
async function actorFor(sql: Sql, user: UserRow): Promise<Actor> {
  const grants = await effectiveGrantsOf(sql, user.id);
  return { type: 'user', userId: user.id, role: user.role, grants };
}

const ref = (u: UserRow) => ({
  id: u.id,
  name: `${u.first_name ?? ''} ${u.last_name ?? ''}`.trim() || (u.email ?? u.id),
  role: u.role,
  status: u.status,
});

const ABILITY_WORDS: Partial<Record<Ability, string>> = { 'people.view': 'see', 'people.edit': 'edit' };

/** One reason in words. */
export function describeReason(r: AccessReason): string {
  switch (r.kind) {
    case 'self':
      return 'It is their own profile.';
    case 'system':
      return 'Background jobs act for the system.';
    case 'role':
      return `Their role (${r.role}) gives ${r.abilities.join(', ')}.`;
    case 'grant':
      if (r.groupId)
        return `A grant of ${r.permission} limited to the group ${r.groupName}, which they are a member of.`;
      return r.teamId === null
        ? `An organisation-wide grant of ${r.permission}.`
        : `A grant of ${r.permission} limited to the team ${r.teamName}, which covers them through ${r.viaTeam}.`;
    case 'reporting_line':
      return `They report to them (reporting line): ${r.abilities.join(', ')}${r.managersMayEdit ? '' : '; editing reports is off in the settings'}.`;
    case 'team_manager':
      return `They manage the team ${r.teamName} this person is in: they manage that membership, which shows no profile.`;
  }
}

/** The rule that decides one ability, in words. */
function ruleFor(d: Decision, rel: Relation, ability: Ability): string {
  const verb = ABILITY_WORDS[ability] ?? ability;
  if (d.outcome === 'not_visible')
    return 'Out of scope: no role, grant (organisation-wide or on one of their teams) or reporting line shows this person.';
  if (d.outcome === 'forbidden') {
    if (d.message) return d.message;
    const line = rel.reasons.find((r) => r.kind === 'reporting_line');
    if (ability === 'people.edit' && line && !line.managersMayEdit)
      return 'They are their manager, but "managers may edit their reports\' details" is off in the settings.';
    return `They can see this person, but no role, grant or reporting line lets them ${verb} them.`;
  }
  const because = rel.reasons.filter((r) => r.abilities.includes(ability)).map(describeReason);
  return because.join(' ');
}

async function person(sql: Sql, id: string): Promise<UserRow> {
  const u = await findUser(sql, id);
  if (!u) throw notFound('User');
  return u;
}

/** "Can A see / edit B?" The caller must be able to see both. */
export async function explain(
  sql: Sql,
  caller: Actor,
  actorId?: string,
  targetId?: string,
): Promise<AccessExplanation> {
  assertCan(caller, 'grants.manage');
  if (!actorId || !targetId)
    throw invalid('Name both people: actor and target.', [
      ...(actorId ? [] : [{ field: 'actor', message: 'Required.' }]),
      ...(targetId ? [] : [{ field: 'target', message: 'Required.' }]),
    ]);
  const a = await person(sql, actorId);
  const b = await person(sql, targetId);
  await assertCanActOn(sql, caller, a, 'people.view');
  await assertCanActOn(sql, caller, b, 'people.view');
  const actor = await actorFor(sql, a);
  const rel = await relationTo(sql, actor, b, { explain: true });
  const see = decide(actor, b, rel, 'people.view');
  const edit = decide(actor, b, rel, 'people.edit');
  return {
    actor: ref(a),
    target: ref(b),
    see: { allowed: see.outcome === 'allowed', rule: ruleFor(see, rel, 'people.view') },
    edit: { allowed: edit.outcome === 'allowed', rule: ruleFor(edit, rel, 'people.edit') },
    abilities: [...rel.abilities].sort(),
    reasons: rel.reasons,
  };
}

const LIMIT = 200;

/**
 * Who can see this person and why. Candidates are everyone a source of rights could reach (a role or
 * organisation-wide grant with people.view, someone above them in the line, a team-limited grant over one
 * of their teams, a group-limited grant over one of their groups, themselves); each is then confirmed by the policy itself, and listed with its reasons.
 */
export async function whoCanSee(sql: Sql, caller: Actor, targetId: string): Promise<PersonAccess> {
  const b = await person(sql, targetId);
  await assertCanActOn(sql, caller, b, 'people.view');
  assertCan(caller, 'grants.manage');
  const viewRoles = Object.entries(ROLE_ABILITIES)
    .filter(([, set]) => set.has('people.view'))
    .map(([role]) => role);
  const candidates = await sql.query<UserRow>(
    `select u.* from users u, users b
      where b.id = $1 and u.deleted_at is null and u.status <> 'anonymised' and (
        u.id = b.id or u.role = any($2::text[]) or starts_with(b.manager_path, u.line_path)
        or exists (select 1 from effective_grants g where g.user_id = u.id and g.team_id is null and g.group_id is null
                     and g.permission = 'people.view')
        or exists (select 1 from effective_grants g join group_members gm on gm.group_id = g.group_id and gm.user_id = b.id
                    where g.user_id = u.id)
        or exists (select 1 from effective_grants g join teams gt on gt.id = g.team_id
                     join team_members tm on tm.user_id = b.id join teams t on t.id = tm.team_id and starts_with(t.path, gt.path)
                    where g.user_id = u.id))
      order by u.sort_name, u.id limit ${LIMIT + 1}`,
    [b.id, viewRoles],
  );
  const items: PersonAccess['items'] = [];
  for (const u of candidates.slice(0, LIMIT)) {
    const actor = await actorFor(sql, u);
    const rel = await relationTo(sql, actor, b, { explain: true });
    if (decide(actor, b, rel, 'people.view').outcome !== 'allowed') continue;
    items.push({
      person: ref(u),
      canEdit: decide(actor, b, rel, 'people.edit').outcome === 'allowed',
      reasons: rel.reasons.filter((r) => r.abilities.length || r.kind === 'team_manager'),
    });
  }
  return { items, total: items.length, truncated: candidates.length > LIMIT };
}
