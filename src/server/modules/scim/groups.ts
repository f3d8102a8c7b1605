import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import { insertMember, removeMember } from '../teams/members';
import type { TeamRow } from '../teams/repo';
import { createTeam, deleteTeam, updateTeam } from '../teams/service';
import { assertCanManageTeam } from '../access/teams';
import { CORE_GROUP, USER_DISPLAY_SQL } from './attributes';
import { canonical, type Shape } from './canonical';
import { invalidValue, notFound, ScimError } from './errors';
import { isObject } from './filterEval';

/**
 * SCIM Groups are Roster teams (docs/product-rules.md §3); `members` are the team's direct members. Changes go
 * through the teams module, so audit entries and group-membership refreshes follow.
 */
export interface ScimTeamRow extends TeamRow {
  external_id: string | null;
  managed_by: string | null;
}
export interface Member {
  id: string;
  display: string;
}

const GROUP_SHAPE: Shape = {
  schemas: 1,
  id: 1,
  externalId: 1,
  displayName: 1,
  members: [{ value: 1, display: 1, $ref: 1, type: 1 }],
};
const MAX_MEMBERS = 100_000;

export async function findScimGroup(sql: Sql, id: string, forUpdate = false): Promise<ScimTeamRow> {
  const rows = await sql.query<ScimTeamRow>(`select * from teams where id = $1 ${forUpdate ? 'for update' : ''}`, [id]);
  if (!rows[0]) throw notFound('Group');
  return rows[0];
}

/** Direct members of each team, by team id (one query for a page of groups). */
export async function membersOf(sql: Sql, teamIds: string[]): Promise<Map<string, Member[]>> {
  const out = new Map<string, Member[]>(teamIds.map((id) => [id, []]));
  if (!teamIds.length) return out;
  const rows = await sql.query<{ team_id: string; id: string; display: string }>(
    `select m.team_id, u.id, ${USER_DISPLAY_SQL} as display
       from team_members m join users u on u.id = m.user_id and u.deleted_at is null
      where m.team_id = any($1::text[]) order by m.added_at, u.id`,
    [teamIds],
  );
  for (const r of rows) out.get(r.team_id)!.push({ id: r.id, display: r.display });
  return out;
}

/** A group as SCIM renders it; `members` null when the client excluded them (not loaded). */
export function renderGroup(
  t: ScimTeamRow,
  members: Member[] | null,
  version: string,
  baseUrl: string,
): Record<string, unknown> {
  return {
    schemas: [CORE_GROUP],
    id: t.id,
    ...(t.external_id ? { externalId: t.external_id } : {}),
    displayName: t.name,
    ...(members
      ? {
          members: members.map((m) => ({
            value: m.id,
            display: m.display,
            type: 'User',
            $ref: `${baseUrl}/Users/${m.id}`,
          })),
        }
      : {}),
    meta: {
      resourceType: 'Group',
      created: new Date(t.created_at).toISOString(),
      lastModified: new Date(t.updated_at).toISOString(),
      location: `${baseUrl}/Groups/${t.id}`,
      version,
    },
  };
}

interface ParsedGroup {
  displayName: string;
  externalId: string | null;
  memberIds: string[];
}

function parseGroup(body: unknown): ParsedGroup {
  if (!isObject(body)) throw invalidValue('The request body must be a Group object.');
  const g = canonical(body, GROUP_SHAPE) as Record<string, any>;
  const displayName = typeof g.displayName === 'string' ? g.displayName.trim() : '';
  if (!displayName || displayName.length > 200)
    throw invalidValue('"displayName" is required (at most 200 characters).');
  if (g.externalId !== undefined && g.externalId !== null && typeof g.externalId !== 'string')
    throw invalidValue('"externalId" must be a string.');
  const members = g.members ?? [];
  if (!Array.isArray(members) || members.length > MAX_MEMBERS) throw invalidValue('"members" must be a list.');
  const ids = members.map((m: unknown) => {
    if (!isObject(m) || typeof m.value !== 'string' || !m.value)
      throw invalidValue('Each member is an object with the user id as "value".');
    return m.value;
  });
  return { displayName, externalId: g.externalId || null, memberIds: [...new Set(ids)] };
}

async function assertUsersExist(tx: Sql, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const rows = await tx.query<{ id: string }>(
    `select id from users where id = any($1::text[]) and deleted_at is null`,
    [ids],
  );
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length)
    throw invalidValue(`Unknown member${missing.length > 1 ? 's' : ''}: ${missing.slice(0, 5).join(', ')}.`);
}

function nameTaken(err: unknown): never {
  if (err instanceof AppError && err.code === 'conflict')
    throw new ScimError(409, 'uniqueness', 'Another team with this displayName already exists.');
  throw err;
}

export async function createScimGroup(tx: Sql, actor: Actor, body: unknown): Promise<ScimTeamRow> {
  const p = parseGroup(body);
  await assertUsersExist(tx, p.memberIds);
  const team = await createTeam(tx, actor, { name: p.displayName }).catch(nameTaken);
  await tx.query(`update teams set external_id = $2, managed_by = 'scim' where id = $1`, [team.id, p.externalId]);
  for (const userId of p.memberIds) await insertMember(tx, actor, team.id, userId, 'scim');
  return findScimGroup(tx, team.id);
}

/** PUT, and PATCH after its operations were applied to the rendered group: the state to reach. */
export async function replaceScimGroup(
  tx: Sql,
  actor: Actor,
  current: ScimTeamRow,
  body: unknown,
): Promise<ScimTeamRow> {
  const p = parseGroup(body);
  await assertUsersExist(tx, p.memberIds);
  await assertCanManageTeam(tx, actor, current.id);
  if (p.displayName !== current.name) await updateTeam(tx, actor, current.id, { name: p.displayName }).catch(nameTaken);
  // PATCH renders the group first, so an externalId it does not remove is still there: absent means cleared.
  const externalId = p.externalId;
  if (externalId !== current.external_id || current.managed_by !== 'scim')
    await tx.query(`update teams set external_id = $2, managed_by = 'scim', updated_at = now() where id = $1`, [
      current.id,
      externalId,
    ]);
  const now = (await membersOf(tx, [current.id])).get(current.id)!.map((m) => m.id);
  const have = new Set(now);
  const want = new Set(p.memberIds);
  for (const id of p.memberIds) if (!have.has(id)) await insertMember(tx, actor, current.id, id, 'scim');
  for (const id of now) if (!want.has(id)) await removeMember(tx, actor, current.id, id);
  return findScimGroup(tx, current.id);
}

/** DELETE of a group the caller found with `findScimGroup`: sub-teams move up, members are removed. */
export async function deleteScimGroup(tx: Sql, actor: Actor, current: ScimTeamRow): Promise<void> {
  await deleteTeam(tx, actor, current.id, { subteams: 'move_to_parent', members: 'remove' });
}
