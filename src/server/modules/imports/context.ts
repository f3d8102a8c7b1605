import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { visibleUsersSql } from '../access/policy';
import type { CustomField } from '../customFields/customFields';
import type { UserRow } from '../people/repo';
import type { ImportOptions } from './columns';
import { loadDelegation, type Delegation } from './delegation';
import type { RowInput } from './validate';

/** A user as planning needs it: the row plus their stored reporting line. */
export type Snapshot = UserRow & { manager_path: string };

/**
 * What planning a set of rows needs to know about the database, loaded with a handful of
 * set-based queries for exactly the keys those rows mention (never one query per row).
 */
export interface PlanContext {
  opts: ImportOptions;
  actor: Actor;
  fields: Map<string, CustomField>;
  /** Lower-cased team name path ("sales/emea") → team id, and team id → name path as written. */
  teamsByPath: Map<string, string>;
  teamPathById: Map<string, string>;
  /** Match key → user (deleted and deactivated users included, for clear messages). */
  byKey: Map<string, Snapshot>;
  /** Normalised email → user: managers and email collisions. */
  byEmail: Map<string, Snapshot>;
  /** Current managers' emails (shown in the old → new diff). */
  emailOf: Map<string, string>;
  visible: Set<string>;
  employeeIdOwner: Map<string, string>;
  /** `key\0value` → the user holding that unique custom field value. */
  cfOwner: Map<string, string>;
  teamsOf: Map<string, Set<string>>;
  /** Preview only: people the file itself creates, by email → their planned id (managers in the same file). */
  fileCreates: Map<string, { id: string; line: number }>;
  /** What an importer limited to a team or a group may do there (null: organisation-wide rights). */
  delegation: Delegation | null;
}

export interface Keys {
  matchKeys: string[];
  emails: string[];
  employeeIds: string[];
  cfValues: { key: string; value: string }[];
}

/** The keys the valid rows mention: what loadContext looks up. */
export function keysOf(rows: readonly RowInput[], fields: ReadonlyMap<string, { unique: boolean }>): Keys {
  const keys: Keys = { matchKeys: [], emails: [], employeeIds: [], cfValues: [] };
  for (const r of rows) {
    if (r.matchKey) keys.matchKeys.push(r.matchKey);
    if (r.emailNorm) keys.emails.push(r.emailNorm);
    if (r.managerEmail) keys.emails.push(r.managerEmail);
    if (r.profile.employeeId) keys.employeeIds.push(r.profile.employeeId);
    for (const [key, v] of Object.entries(r.customFields))
      if (v !== null && fields.get(key)?.unique) keys.cfValues.push({ key, value: String(v).trim().toLowerCase() });
  }
  return keys;
}

export async function loadTeams(sql: Sql) {
  const rows = await sql.query<{ id: string; name: string; path: string }>(`select id, name, path from teams`);
  const names = new Map(rows.map((t) => [t.id, t.name]));
  const teamsByPath = new Map<string, string>();
  const teamPathById = new Map<string, string>();
  for (const t of rows) {
    const p = t.path
      .split('/')
      .filter(Boolean)
      .map((id) => names.get(id) ?? '?')
      .join('/');
    teamPathById.set(t.id, p);
    teamsByPath.set(p.toLowerCase(), t.id);
  }
  return { teamsByPath, teamPathById };
}

/**
 * Lists cut into aligned batches of at most LOOKUP_BATCH (index i of each list together); nothing when
 * all are empty. A whole file's keys in one array parameter cost tens of MB of transient strings.
 */
const LOOKUP_BATCH = 10_000;
function* zipBatches<T extends unknown[][]>(...lists: T): Generator<T> {
  const longest = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < longest; i += LOOKUP_BATCH) yield lists.map((l) => l.slice(i, i + LOOKUP_BATCH)) as T;
}

/** `fields` are the custom fields the caller validated the rows with (loaded once, not again here). */
export async function loadContext(
  sql: Sql,
  actor: Actor,
  opts: ImportOptions,
  fields: Map<string, CustomField>,
  keys: Keys,
  lock = false,
): Promise<PlanContext> {
  const { teamsByPath, teamPathById } = await loadTeams(sql);
  const matchSql =
    opts.matchOn === 'email'
      ? `email_normalized = any($1::text[])`
      : opts.matchOn === 'employeeId'
        ? `employee_id = any($1::text[])`
        : `id in (select user_id from custom_field_unique_values where field_key = $3 and value_normalized = any($1::text[]))`;
  const cfKey = opts.matchOn.startsWith('cf.') ? opts.matchOn.slice(3) : null;
  // Locks the rows a commit chunk may change, in id order so two writers cannot deadlock. (A commit
  // chunk's keys fit one batch; only a preview, which locks nothing, looks up in several.)
  const found = new Map<string, Snapshot>();
  for (const [matchKeys, emails] of zipBatches(keys.matchKeys, keys.emails))
    for (const u of await sql.query<Snapshot>(
      `select * from users where (${matchSql} or email_normalized = any($2::text[])) ${cfKey ? '' : 'and $3::text is null'}
       order by id ${lock ? 'for update' : ''}`,
      [matchKeys, emails, cfKey],
    ))
      found.set(u.id, u);
  const users = [...found.values()];
  const byEmail = new Map<string, Snapshot>();
  for (const u of users) if (u.email_normalized) byEmail.set(u.email_normalized, u);
  const byKey = new Map<string, Snapshot>();
  if (opts.matchOn === 'email') {
    for (const [k, u] of byEmail) byKey.set(k, u);
  } else if (opts.matchOn === 'employeeId') {
    for (const u of users) if (u.employee_id) byKey.set(u.employee_id, u);
  } else {
    const held = await sql.query<{ value_normalized: string; user_id: string }>(
      `select value_normalized, user_id from custom_field_unique_values where field_key = $1 and value_normalized = any($2::text[])`,
      [cfKey, keys.matchKeys],
    );
    const byId = new Map(users.map((u) => [u.id, u]));
    for (const h of held) if (byId.has(h.user_id)) byKey.set(h.value_normalized, byId.get(h.user_id)!);
  }
  const ids = users.map((u) => u.id);
  const managerIds = [...new Set(users.map((u) => u.manager_id).filter((m): m is string => !!m))];
  const emailOf = new Map(
    (
      await sql.query<{ id: string; email: string }>(
        `select id, email from users where id = any($1::text[]) and email is not null`,
        [managerIds],
      )
    ).map((r) => [r.id, r.email]),
  );
  const params: unknown[] = [ids];
  const visibleSql = await visibleUsersSql(sql, actor, (v) => {
    params.push(v);
    return `$${params.length}`;
  });
  const visible = new Set(
    (
      await sql.query<{ id: string }>(`select u.id from users u where u.id = any($1::text[]) and ${visibleSql}`, params)
    ).map((r) => r.id),
  );

  const employeeIdOwner = new Map<string, string>();
  for (const [employeeIds] of zipBatches(keys.employeeIds))
    for (const r of await sql.query<{ id: string; employee_id: string }>(
      `select id, employee_id from users where employee_id = any($1::text[])`,
      [employeeIds],
    ))
      employeeIdOwner.set(r.employee_id, r.id);
  const cfOwner = new Map<string, string>();
  for (const [cfValues] of zipBatches(keys.cfValues)) {
    const held = await sql.query<{ field_key: string; value_normalized: string; user_id: string }>(
      `select c.field_key, c.value_normalized, c.user_id from custom_field_unique_values c
         join unnest($1::text[], $2::text[]) as k(field_key, value) on k.field_key = c.field_key and k.value = c.value_normalized`,
      [cfValues.map((v) => v.key), cfValues.map((v) => v.value)],
    );
    for (const h of held) cfOwner.set(`${h.field_key}\0${h.value_normalized}`, h.user_id);
  }
  const teamsOf = new Map<string, Set<string>>();
  for (const m of await sql.query<{ user_id: string; team_id: string }>(
    `select user_id, team_id from team_members where user_id = any($1::text[])`,
    [ids],
  )) {
    if (!teamsOf.has(m.user_id)) teamsOf.set(m.user_id, new Set());
    teamsOf.get(m.user_id)!.add(m.team_id);
  }
  return {
    opts,
    actor,
    fields,
    teamsByPath,
    teamPathById,
    byKey,
    byEmail,
    emailOf,
    visible,
    employeeIdOwner,
    cfOwner,
    teamsOf,
    fileCreates: new Map(),
    delegation: await loadDelegation(
      sql,
      actor,
      opts.mode,
      [...new Set(byKey.values())].filter((u) => visible.has(u.id)),
      teamPathById,
    ),
  };
}
