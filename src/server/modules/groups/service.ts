import { randomUUID } from 'node:crypto';
import { binder, unlessTaken, type Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, invalid, notFound } from '../../core/errors';
import { decodeNameCursor, namePage } from '../../core/keyset';
import { namedPerson } from '../people/repo';
import * as audit from '../audit/audit';
import { assertCan } from '../access/policy';
import { customFieldDefs, membershipSql, recomputeGroup } from './membership';
import { hasDateRules, references, validateRules, type Rule } from './rules';

/** Use cases of dynamic groups: define, change, delete, preview, read members and history. */
export interface GroupRow {
  id: string;
  name: string;
  rules: Rule;
  has_date_rules: boolean;
  evaluated_on: string | null;
  created_at: Date;
  updated_at: Date;
  member_count?: number;
}

export function toGroupDto(g: GroupRow) {
  return {
    id: g.id,
    name: g.name,
    rules: g.rules,
    hasDateRules: g.has_date_rules,
    memberCount: g.member_count ?? 0,
    createdAt: new Date(g.created_at).toISOString(),
    updatedAt: new Date(g.updated_at).toISOString(),
  };
}

const WITH_COUNT = `select g.*, (select count(*) from group_members m where m.group_id = g.id)::int as member_count from groups g`;

export async function listGroups(sql: Sql, actor: Actor) {
  assertCan(actor, 'groups.manage');
  const rows = await sql.query<GroupRow>(`${WITH_COUNT} order by lower(g.name), g.id`);
  return rows.map(toGroupDto);
}

export async function getGroup(sql: Sql, actor: Actor, id: string): Promise<GroupRow> {
  assertCan(actor, 'groups.manage');
  const [row] = await sql.query<GroupRow>(`${WITH_COUNT} where g.id = $1`, [id]);
  if (!row) throw notFound('Group');
  return row;
}

/** Refuses rules that do not validate or that name teams or managers that do not exist. */
export async function assertValidRules(sql: Sql, rules: unknown): Promise<Rule> {
  const errors = validateRules(rules, await customFieldDefs(sql));
  if (errors.length) throw invalid('The rules are not valid.', errors);
  const rule = rules as Rule;
  const refs = references(rule);
  const teams = await sql.query<{ id: string }>(`select id from teams where id = any($1::text[])`, [refs.teamIds]);
  const users = await sql.query<{ id: string }>(
    `select id from users where id = any($1::text[]) and deleted_at is null`,
    [refs.userIds],
  );
  const missing = [
    ...refs.teamIds
      .filter((t) => !teams.some((r) => r.id === t))
      .map((t) => ({ field: 'rules', message: `Team ${t} not found.` })),
    ...refs.userIds
      .filter((u) => !users.some((r) => r.id === u))
      .map((u) => ({ field: 'rules', message: `User ${u} not found.` })),
  ];
  if (missing.length) throw invalid('The rules refer to something that does not exist.', missing);
  return rule;
}

export async function createGroup(tx: Sql, actor: Actor, input: { name: string; rules: unknown }): Promise<GroupRow> {
  assertCan(actor, 'groups.manage');
  const rules = await assertValidRules(tx, input.rules);
  const id = randomUUID();
  await unlessTaken(
    tx.query(`insert into groups (id, name, rules, has_date_rules) values ($1, $2, $3, $4)`, [
      id,
      input.name,
      JSON.stringify(rules),
      hasDateRules(rules),
    ]),
    nameTaken,
  );
  await audit.recordCreated(tx, actor, 'group', id, { name: input.name, rules });
  await recomputeGroup(tx, id, 'group_created');
  return getGroup(tx, actor, id);
}

export async function updateGroup(
  tx: Sql,
  actor: Actor,
  id: string,
  patch: { name?: string; rules?: unknown },
): Promise<GroupRow> {
  const before = await getGroup(tx, actor, id);
  await tx.query(`select 1 from groups where id = $1 for update`, [id]);
  const rules = patch.rules === undefined ? before.rules : await assertValidRules(tx, patch.rules);
  const name = patch.name ?? before.name;
  await unlessTaken(
    tx.query(`update groups set name = $2, rules = $3, has_date_rules = $4, updated_at = now() where id = $1`, [
      id,
      name,
      JSON.stringify(rules),
      hasDateRules(rules),
    ]),
    nameTaken,
  );
  await audit.recordChange(
    tx,
    actor,
    { action: 'group.updated', targetType: 'group', targetId: id },
    { name: before.name, rules: before.rules },
    { name, rules },
  );
  if (patch.rules !== undefined) await recomputeGroup(tx, id, 'rules_changed');
  return getGroup(tx, actor, id);
}

export async function deleteGroup(tx: Sql, actor: Actor, id: string): Promise<void> {
  const before = await getGroup(tx, actor, id);
  await tx.query(`delete from groups where id = $1`, [id]);
  await audit.recordDeleted(tx, actor, 'group', id, { name: before.name, rules: before.rules });
}

const SAMPLE_COLUMNS = `u.id, u.first_name, u.last_name, u.email, u.status, u.job_title, u.department, u.location`;
const toPerson = (r: any) => ({
  ...namedPerson(r),
  status: r.status,
  jobTitle: r.job_title,
  department: r.department,
  location: r.location,
});

/** Count and a sample of who the rules would select now, without saving anything. */
export async function preview(sql: Sql, actor: Actor, rules: unknown, sampleSize = 10) {
  assertCan(actor, 'groups.manage');
  const rule = await assertValidRules(sql, rules);
  const { params, bind } = binder();
  const where = membershipSql(rule, bind, await customFieldDefs(sql));
  // One pass over the matches for both the count and the sample: a plain "order by name limit 10" would
  // walk the name index through everyone when few people match. (A window "count(*) over ()" with the
  // limit buffers every matching row with all its columns: 4-5 s instead of 0.3 s for a rule matching
  // 80,000 of 1,000,000 people.) The compiled conditions are bare, so the users indexes apply.
  const [found] = await sql.query<{ n: number; ids: string[] }>(
    `with m as materialized (select u.id, u.sort_name from users u where ${where})
     select (select count(*) from m)::int as n, array(select id from m order by sort_name, id limit ${Number(sampleSize)}) as ids`,
    params,
  );
  const sample = await sql.query(
    `select ${SAMPLE_COLUMNS} from users u where u.id = any($1::text[]) order by u.sort_name, u.id`,
    [found!.ids],
  );
  return { count: found!.n, sample: sample.map(toPerson) };
}

/** Current members, by name, with keyset pagination on (sort_name, id). */
export async function listMembers(sql: Sql, actor: Actor, groupId: string, q: { limit: number; cursor?: string }) {
  const group = await getGroup(sql, actor, groupId);
  const after = q.cursor ? decodeNameCursor(q.cursor) : null;
  const rows = await sql.query(
    `select ${SAMPLE_COLUMNS}, u.sort_name, m.since from group_members m join users u on u.id = m.user_id
     where m.group_id = $1 and ($2::text is null or (u.sort_name, u.id) > ($2, $3))
     order by u.sort_name, u.id limit ${q.limit + 1}`,
    [groupId, after?.[0] ?? null, after?.[1] ?? null],
  );
  return {
    ...namePage(rows, q.limit, (r) => ({ ...toPerson(r), since: new Date(r.since).toISOString() })),
    total: group.member_count ?? 0,
  };
}

/** Join and leave events, newest first, for a group or a user. */
export async function listEvents(
  sql: Sql,
  by: { groupId?: string; userId?: string },
  q: { limit: number; cursor?: string },
) {
  const before = q.cursor ? Number(q.cursor) : null;
  if (q.cursor && !Number.isSafeInteger(before)) throw invalid('The cursor is not valid.', [{ field: 'cursor' }]);
  const col = by.groupId ? 'e.group_id' : 'e.user_id';
  const rows = await sql.query(
    `select e.id, e.group_id, g.name as group_name, e.user_id, u.first_name, u.last_name, e.kind, e.cause, e.at
     from group_events e join groups g on g.id = e.group_id join users u on u.id = e.user_id
     where ${col} = $1 and ($2::bigint is null or e.id < $2) order by e.id desc limit ${q.limit + 1}`,
    [by.groupId ?? by.userId, before],
  );
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r: any) => ({
      id: String(r.id),
      groupId: r.group_id,
      groupName: r.group_name,
      userId: r.user_id,
      userName: `${r.first_name} ${r.last_name}`.trim(),
      kind: r.kind,
      cause: r.cause,
      at: new Date(r.at).toISOString(),
    })),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
  };
}

/** The groups a user belongs to now. */
export async function groupsOfUser(sql: Sql, userId: string) {
  const rows = await sql.query(
    `select g.id, g.name, m.since from group_members m join groups g on g.id = m.group_id where m.user_id = $1 order by lower(g.name)`,
    [userId],
  );
  return rows.map((r: any) => ({ id: r.id, name: r.name, since: new Date(r.since).toISOString() }));
}

const nameTaken = () =>
  new AppError('conflict', 'Another group already has this name.', [{ field: 'name', message: 'Name taken.' }]);
