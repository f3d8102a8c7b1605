import { allowLongStatements, binder, type Bind, type Sql } from '../../db/index';
import { publishInStatement } from '../../core/events';
import { systemActor } from '../../core/actor';
import { listFields } from '../customFields/customFields';
import { ancestorsSql, belowAny } from '../people/hierarchy';
import { compileMembership } from './compile';
import { isMember, type Subject } from './evaluate';
import { cachedRuleSet, lastRuleSet, loadRuleSet } from './ruleSet';
import { validateRules, type CustomFieldDef, type Rule } from './rules';

/**
 * Stored group membership, kept current in the caller's transaction. Every join and leave is
 * written to group_events with its cause, and published (group.member_joined / group.member_left). Set-based: a few statements for all groups × the given
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
 * their managers, in the same transaction. One statement loads the people (with their teams, the
 * managers above them and their current groups) and the version stamp of the groups' rules; the
 * validated rules come from memory while that stamp is unchanged (ruleSet.ts); every group is evaluated
 * in memory, and only when someone joins or leaves is the difference written (one more statement).
 * Whatever the number of groups, an unchanged membership costs one query.
 */
export async function refreshFor(tx: Sql, userIds: readonly string[], cause: string): Promise<Changes> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return { joined: 0, left: 0 };
  // No group defined (still the stamp we cached): nobody can join or leave, so the people are not loaded.
  const last = lastRuleSet();
  if (last?.defined === 0) {
    const [stamp] = await tx.query<{ version: string }>(`select version from groups_version`);
    if (stamp?.version === last.version) return { joined: 0, left: 0 };
  }
  const known = last?.teamIds ?? [];
  const loaded = await loadSubjects(tx, ids, known);
  if (!loaded.subjects.length) return { joined: 0, left: 0 };
  const set = cachedRuleSet(loaded.version) ?? (await loadRuleSet(tx));
  const teamPaths = new Map([
    ...Object.entries(loaded.roots),
    ...loaded.subjects.flatMap((s) => Object.entries(s.teams)),
  ]);
  const missing = set.teamIds.filter((t) => !known.includes(t));
  if (missing.length) {
    const rows = await tx.query<{ id: string; path: string }>(`select id, path from teams where id = any($1::text[])`, [
      missing,
    ]);
    for (const r of rows) teamPaths.set(r.id, r.path);
  }
  const ctx = { teamPaths, customFields: set.customFields, today: loaded.today };
  const gids: string[] = [];
  const uids: string[] = [];
  let changed = false;
  for (const subject of loaded.subjects) {
    const now = new Set(subject.groupIds);
    let kept = 0;
    for (const g of set.groups)
      if (isMember(g.rule, subject, ctx)) {
        gids.push(g.id);
        uids.push(subject.id);
        if (now.has(g.id)) kept++;
        else changed = true;
      }
    if (kept !== now.size) changed = true;
  }
  if (!changed) return { joined: 0, left: 0 };
  // The diff is recomputed by the database against the rows as they are now, not as they were read.
  const target = `select * from unnest($3::text[], $4::text[]) as t(group_id, user_id)`;
  return applyDiff(tx, target, `gm.user_id = any($1::text[])`, [ids, cause, gids, uids]);
}

interface Loaded {
  version: string;
  today: string;
  /** Paths of the teams the rules name (those passed in). */
  roots: Record<string, string>;
  subjects: (Subject & { teams: Record<string, string>; groupIds: string[] })[];
}

/**
 * The people as rules see them (with their teams and paths, every manager above them and their current
 * groups), the rules' version stamp, today's date and the paths of `teamIds`: one row, one snapshot.
 */
export async function loadSubjects(tx: Sql, ids: string[], teamIds: string[]): Promise<Loaded> {
  const [row] = await tx.query<Loaded>(
    `select (select version from groups_version) as version,
       to_char((now() at time zone 'UTC')::date, 'YYYY-MM-DD') as today,
       (select coalesce(json_object_agg(t.id, t.path), '{}') from teams t where t.id = any($2::text[])) as roots,
       (select coalesce(json_agg(s), '[]') from (
         select u.id, u.email_normalized as email, u.status, u.role, u.manager_id as "managerId", u.department, u.location,
           u.job_title as "jobTitle", u.language, to_char(u.hire_date, 'YYYY-MM-DD') as "hireDate",
           to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD') as "createdOn", u.on_break as "onBreak",
           u.first_learning_activity_at is not null as active, u.deleted_at is not null as deleted,
           coalesce(u.custom_fields, '{}') as "customFields",
           (select coalesce(json_object_agg(t.id, t.path), '{}') from team_members tm join teams t on t.id = tm.team_id
             where tm.user_id = u.id) as teams,
           ${ancestorsSql('u')} as ancestors,
           array(select gm.group_id from group_members gm where gm.user_id = u.id) as "groupIds"
         from users u where u.id = any($1::text[])) s) as subjects`,
    [ids, teamIds],
  );
  const loaded = row!;
  for (const s of loaded.subjects) s.teamIds = Object.keys(s.teams);
  return loaded;
}

/**
 * Recomputes one group for everyone (after its rules change, or by the daily sweep), in ONE statement:
 * the people the rules select now (where the compiled condition can use the users indexes) full-joined
 * once with the stored members gives the difference; the missing ones are inserted (in key order), the
 * ones who no longer match are deleted, and a join or leave event is written for each. With the members
 * already current (the daily job's usual case) it writes nothing but the group's evaluated_on. work_mem
 * is raised so the hash of a large group stays in memory, for this statement only (put back afterwards).
 * (JIT, whose compilation of this plan cost ~500 ms, is off for every PostgreSQL connection: db/index.ts.)
 */
export async function recomputeGroup(tx: Sql, groupId: string, cause: string): Promise<Changes> {
  const [group] = await tx.query<{ rules: Rule; work_mem: string }>(
    `select rules, current_setting('work_mem') as work_mem from groups where id = $1`,
    [groupId],
  );
  if (!group) return { joined: 0, left: 0 };
  const cfs = await customFieldDefs(tx);
  const { params, bind } = binder([groupId, cause]);
  const where = membershipSql(group.rules, bind, cfs);
  await tx.query(`select set_config('work_mem', '64MB', true)`);
  // Every user in one statement: over a million users it may outlast the usual statement timeout.
  const restoreTimeout = await allowLongStatements(tx);
  const [row] = await tx.query<Changes>(
    `with diff as materialized (
       select coalesce(t.user_id, m.user_id) as user_id, m.user_id is null as joins
       from (select u.id as user_id from users u where ${where}) t
       full join (select gm.user_id from group_members gm where gm.group_id = $1) m on m.user_id = t.user_id
       where t.user_id is null or m.user_id is null),
     joined as (
       insert into group_members (group_id, user_id)
       select $1, d.user_id from diff d where d.joins order by d.user_id
       on conflict do nothing returning user_id),
     gone as (
       delete from group_members gm using diff d where gm.group_id = $1 and gm.user_id = d.user_id and not d.joins
       returning gm.user_id),
     events as (
       insert into group_events (group_id, user_id, kind, cause)
       select $1, user_id, 'join', $2 from joined
       union all select $1, user_id, 'leave', $2 from gone),
     ${publishChanges(`select $1::text as group_id, user_id from joined`, `select $1::text as group_id, user_id from gone`, cause, bind)},
     stamp as (update groups set evaluated_on = (now() at time zone 'UTC')::date where id = $1)
     select (select count(*) from joined)::int as joined, (select count(*) from gone)::int as left`,
    params,
  );
  await tx.query(`select set_config('work_mem', $1, true)`, [group.work_mem]);
  await restoreTimeout();
  return row!;
}

/**
 * Makes group_members equal to `target` within `scope` (rows of group_members the target covers),
 * recording joins and leaves. $2 is the cause.
 */
async function applyDiff(tx: Sql, target: string, scope: string, params: unknown[]): Promise<Changes> {
  const bind = (v: unknown) => `$${params.push(v)}`;
  const [row] = await tx.query<Changes>(
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
       union all select group_id, user_id, 'leave', $2 from gone),
     ${publishChanges('select group_id, user_id from joined', 'select group_id, user_id from gone', String(params[1]), bind)}
     select (select count(*) from joined)::int as joined, (select count(*) from gone)::int as left`,
    params,
  );
  return row!;
}

/**
 * CTEs publishing the joins and leaves (rows of group_id, user_id) in the statement that writes them: a
 * whole group's recompute may move a million people, whose events never travel to the application. The
 * system publishes them (membership follows from rules, whoever caused the change; the cause says why).
 */
function publishChanges(joined: string, left: string, cause: string, bind: (v: unknown) => string): string {
  const c = bind(cause);
  return publishInStatement(
    `select 'group.member_joined' as type, group_id as subject_id, jsonb_build_object('userId', user_id, 'cause', ${c}::text) as data from (${joined}) j
     union all select 'group.member_left', group_id, jsonb_build_object('userId', user_id, 'cause', ${c}::text) from (${left}) l`,
    ['group.member_joined', 'group.member_left'],
    systemActor(cause),
    bind,
  );
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
  return belowAny(tx, userIds);
}
