import type { Sql } from '../../db/index';
import { listFields } from '../customFields/customFields';
import { binder, compileMembership, type Bind } from './compile';
import { isMember, type Subject } from './evaluate';
import { references, validateRules, type CustomFieldDef, type Rule } from './rules';

/**
 * Stored group membership, kept current in the caller's transaction. Every join and leave is
 * written to group_events with its cause. Set-based: a few statements for all groups × the given
 * users (refreshFor), or one statement for one whole group (recomputeGroup).
 */
export async function customFieldDefs(sql: Sql): Promise<Map<string, CustomFieldDef>> {
  return new Map((await listFields(sql)).map((f) => [f.key, { key: f.key, type: f.type, options: f.options }]));
}

/** The membership condition of stored rules; rules made invalid since (a deleted custom field) match nobody. */
export function membershipSql(rules: Rule, p: Bind, cfs: ReadonlyMap<string, CustomFieldDef>): string {
  return validateRules(rules, cfs).length ? 'false' : compileMembership(rules, p, cfs);
}

export interface Changes {
  joined: number;
  left: number;
}

/**
 * Re-evaluates these users against every group; call it after any change to users, their teams or
 * their managers, in the same transaction. The people are loaded once (with their teams and the
 * managers above them), every group's rules are evaluated in memory, and the difference is written
 * in one statement: a constant number of queries whatever the number of groups.
 */
export async function refreshFor(tx: Sql, userIds: readonly string[], cause: string): Promise<Changes> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return { joined: 0, left: 0 };
  const groups = await tx.query<{ id: string; rules: Rule }>(`select id, rules from groups order by id`);
  if (!groups.length) return { joined: 0, left: 0 };
  const cfs = await customFieldDefs(tx);
  const valid = groups.filter((g) => validateRules(g.rules, cfs).length === 0);
  const { subjects, today } = await loadSubjects(tx, ids);
  const teamIds = new Set(subjects.flatMap((x) => x.teamIds));
  for (const g of valid) for (const t of references(g.rules).teamIds) teamIds.add(t);
  const paths = await tx.query<{ id: string; path: string }>(`select id, path from teams where id = any($1::text[])`, [[...teamIds]]);
  const ctx = { teamPaths: new Map(paths.map((t) => [t.id, t.path])), customFields: cfs, today };
  const gids: string[] = [];
  const uids: string[] = [];
  for (const g of valid)
    for (const subject of subjects)
      if (isMember(g.rules, subject, ctx)) {
        gids.push(g.id);
        uids.push(subject.id);
      }
  const target = `select * from unnest($3::text[], $4::text[]) as t(group_id, user_id)`;
  return applyDiff(tx, target, `gm.user_id = any($1::text[])`, [ids, cause, gids, uids]);
}

/** The people as rules see them, with their teams and every manager above them. */
async function loadSubjects(tx: Sql, ids: string[]): Promise<{ subjects: Subject[]; today: string }> {
  const rows = await tx.query<any>(
    `select u.id, u.email_normalized, u.status, u.role, u.manager_id, u.department, u.location, u.job_title, u.language,
       to_char(u.hire_date, 'YYYY-MM-DD') as hire_date, to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD') as created_on,
       u.on_break, u.first_learning_activity_at is not null as active, u.deleted_at is not null as deleted, u.custom_fields,
       array(select tm.team_id from team_members tm where tm.user_id = u.id) as team_ids,
       array(with recursive above(id, depth) as (
               select u.manager_id, 1
               union all select r.manager_id, a.depth + 1 from users r join above a on r.id = a.id where a.depth < 1000)
             select id from above where id is not null) as ancestors,
       to_char((now() at time zone 'UTC')::date, 'YYYY-MM-DD') as today
     from users u where u.id = any($1::text[])`,
    [ids],
  );
  const today = (rows[0]?.today as string | undefined) ?? new Date().toISOString().slice(0, 10);
  const subjects = rows.map(
    (r): Subject => ({
      id: r.id, email: r.email_normalized, status: r.status, role: r.role, managerId: r.manager_id, department: r.department,
      location: r.location, jobTitle: r.job_title, language: r.language, hireDate: r.hire_date, createdOn: r.created_on,
      onBreak: r.on_break, active: r.active, deleted: r.deleted, customFields: r.custom_fields ?? {}, teamIds: r.team_ids ?? [],
      ancestors: r.ancestors ?? [],
    }),
  );
  return { subjects, today };
}

/** Recomputes one group for everyone (after its rules change, or by the daily sweep). */
export async function recomputeGroup(tx: Sql, groupId: string, cause: string): Promise<Changes> {
  const [group] = await tx.query<{ rules: Rule }>(`select rules from groups where id = $1`, [groupId]);
  if (!group) return { joined: 0, left: 0 };
  const cfs = await customFieldDefs(tx);
  const { params, bind } = binder([groupId, cause]);
  const target = `select $1::text as group_id, u.id as user_id from users u where ${membershipSql(group.rules, bind, cfs)}`;
  const result = await applyDiff(tx, target, `gm.group_id = $1`, params);
  await tx.query(`update groups set evaluated_on = (now() at time zone 'UTC')::date where id = $1`, [groupId]);
  return result;
}

/**
 * Makes group_members equal to `target` within `scope` (rows of group_members the target covers),
 * recording joins and leaves. $2 is the cause.
 */
async function applyDiff(tx: Sql, target: string, scope: string, params: unknown[]): Promise<Changes> {
  const [row] = await tx.query<{ joined: number; left: number }>(
    `with target as materialized (${target}),
     joined as (
       insert into group_members (group_id, user_id) select group_id, user_id from target
       on conflict do nothing returning group_id, user_id),
     gone as (
       delete from group_members gm where ${scope}
         and not exists (select 1 from target t where t.group_id = gm.group_id and t.user_id = gm.user_id)
       returning gm.group_id, gm.user_id),
     events as (
       insert into group_events (group_id, user_id, kind, cause)
       select group_id, user_id, 'join', $2 from joined
       union all select group_id, user_id, 'leave', $2 from gone)
     select (select count(*) from joined)::int as joined, (select count(*) from gone)::int as left`,
    params,
  );
  return row!;
}

/** Groups whose rules use relative dates and were not evaluated today, claimed for the daily sweep. */
export async function claimDueDateGroups(tx: Sql, limit: number): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `select id from groups where has_date_rules and (evaluated_on is null or evaluated_on < (now() at time zone 'UTC')::date)
     order by id limit ${Number(limit)} for update skip locked`,
  );
  return rows.map((r) => r.id);
}

/** Everyone below these users in the reporting line (their groups may use reports_to). */
export async function reportsOf(tx: Sql, userIds: readonly string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await tx.query<{ id: string }>(
    `with recursive below(id) as (
       select r.id from users r where r.manager_id = any($1::text[])
       union select r.id from users r join below b on r.manager_id = b.id)
     select id from below`,
    [userIds],
  );
  return rows.map((r) => r.id);
}
