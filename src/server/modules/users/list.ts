// Over 300 lines: every reader of the People list's filters (the page, its JSON, the bounded total, the counts by
// status, exports and bulk actions) shares one WHERE builder here, so a filter is written once.
import { binder, type Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { invalid } from '../../core/errors';
import { assertCan, belowUserSql, visibleUsersSql } from '../access/policy';
import { reachOfSql } from '../access/reach';
import { listFields } from '../customFields/customFields';
import { filterExpression } from '../customFields/filterIndex';
import { NEWEST_DELIVERY_SQL, parseDeliveryFilter } from '../invitations/delivery';
import { STATUSES } from '../../../common/domain';
import {
  checkCursor,
  decodeCursor,
  encodeCursor,
  NUMBER_SORTS,
  oneOf,
  SORTS,
  sortKeyOf,
  TIMESTAMP_SORTS,
  timestampText,
  type Cursor,
} from './listOrder';
import { LIST_SEARCH_TEXTS, searchCondition } from '../people/search';
import { DTO_COLUMNS, DTO_JSON_SQL, toDto, type DtoRow, type UserRow } from '../people/repo';
import type { ListQuery } from '../people/schemas';
import { groupFilterSql, teamFilterSql } from '../teams/filters';
import { tallyByStatus, tallyTotal, type TallyFilter } from './tally';
import { boundedTotalSql, countBounded, DEFAULT_TOTAL_BOUND, pageTotal } from './listTotal';
import { teamIdsLiteral, teamRows } from './listByTeam';

/** Builds the WHERE clause shared by the list, its total and the counts by status. */
class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  /** Binds a value and returns its placeholder. */
  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  add(sqlWithPlaceholders: (p: (value: unknown) => string) => string) {
    this.parts.push(sqlWithPlaceholders((value) => this.bind(value)));
  }
  /**
   * A single team's condition (teamId without sub-teams), kept apart: a page in name order reads the team's
   * memberships in that order (listByTeam.ts) and leaves the condition out.
   */
  team: { condition: string; teamId: string } | null = null;
  toSql() {
    const parts = this.team ? [...this.parts, this.team.condition] : this.parts;
    return parts.length ? parts.join(' and ') : 'true';
  }
}

/**
 * What the tally (users/tally.ts) can count for this WHERE: when the caller sees everyone and nothing but the
 * deleted flag — and the status, if `includeStatus` — narrows it, i.e. buildWhere added no other part.
 */
function tallyFilter(w: Where, q: ListQuery, includeStatus: boolean): TallyFilter | null {
  const statuses = includeStatus && q.status?.length ? q.status : null;
  const [scope, ...rest] = w.parts;
  return scope === 'true' && !w.team && rest.length === (statuses ? 2 : 1) ? { deleted: !!q.deleted, statuses } : null;
}

/** How many people the WHERE matches: from the tally when it can tell, else counted. */
async function countMatching(sql: Sql, w: Where, tally: TallyFilter | null): Promise<number> {
  if (tally) return tallyTotal(sql, tally);
  const [row] = await sql.query<{ n: number }>(`select count(*)::int as n from users u where ${w.toSql()}`, w.params);
  return row!.n;
}

async function buildWhere(sql: Sql, actor: Actor, q: ListQuery, includeStatus: boolean): Promise<Where> {
  const w = new Where();
  w.parts.push(await visibleUsersSql(sql, actor, (v) => w.bind(v)));
  if (q.deleted) {
    assertCan(actor, 'people.delete');
    w.parts.push('u.deleted_at is not null');
  } else w.parts.push('u.deleted_at is null');
  // Through users_list_search_idx (migration 056) when the term has a trigram: people/search.ts.
  if (q.q?.trim()) w.add((p) => searchCondition(LIST_SEARCH_TEXTS, q.q!.trim().toLowerCase(), p));
  if (includeStatus && q.status?.length) w.add((p) => oneOf('u.status', q.status!, p));
  if (q.role?.length) w.add((p) => oneOf('u.role', q.role!, p));
  // Case-insensitive equality, served in name order by users_list_department_name_idx / …_location_… (migration 051).
  if (q.department?.trim()) w.add((p) => `lower(u.department) = lower(${p(q.department!.trim())})`);
  if (q.location?.trim()) w.add((p) => `lower(u.location) = lower(${p(q.location!.trim())})`);
  if (q.managerId) w.add((p) => `u.manager_id = ${p(q.managerId)}`);
  if (q.reportsTo) w.parts.push(await belowUserSql(sql, q.reportsTo, (v) => w.bind(v)));
  if (q.onBreak !== undefined) w.add((p) => `u.on_break = ${p(q.onBreak)}`);
  if (q.lastSignInBefore) w.add((p) => `u.last_sign_in_at < ${p(new Date(q.lastSignInBefore!))}`);
  if (q.neverSignedIn !== undefined) w.parts.push(`u.last_sign_in_at is ${q.neverSignedIn ? 'null' : 'not null'}`);
  if (q.engagement)
    w.parts.push(
      `u.status = 'confirmed' and u.first_learning_activity_at is ${q.engagement === 'active' ? 'not null' : 'null'}`,
    );
  const inviteDelivery = (q as Record<string, unknown>).inviteDelivery;
  if (inviteDelivery !== undefined)
    w.add((p) => `${NEWEST_DELIVERY_SQL} = any(${p(parseDeliveryFilter(inviteDelivery))}::text[])`);
  await addCustomFieldFilters(sql, q, w);
  await addTeamAndGroupFilters(sql, q, w);
  // The people another person can reach (docs/decisions/031-delegated-administration.md), within the caller's own scope.
  const reachOf = (q as Record<string, unknown>).reachOf;
  if (typeof reachOf === 'string' && reachOf) w.parts.push(await reachOfSql(sql, actor, reachOf, (v) => w.bind(v)));
  return w;
}

const KNOWN_KEYS = new Set([
  'reachOf',
  'q',
  'status',
  'role',
  'managerId',
  'reportsTo',
  'department',
  'location',
  'onBreak',
  'engagement',
  'deleted',
  'lastSignInBefore',
  'neverSignedIn',
  'sort',
  'limit',
  'cursor',
  'inviteDelivery',
  'teamId',
  'includeSubteams',
  'groupId',
]);

/** teamId (with sub-teams when includeSubteams=true; Where.team) and groupId: the conditions come from the teams module. */
async function addTeamAndGroupFilters(sql: Sql, q: ListQuery, w: Where) {
  const { teamId, includeSubteams, groupId } = q as Record<string, unknown>;
  if (includeSubteams !== undefined && includeSubteams !== 'true' && includeSubteams !== 'false')
    throw invalid('includeSubteams is true or false.', [{ field: 'includeSubteams' }]);
  if (typeof teamId === 'string') {
    const subteams = includeSubteams === 'true';
    // A single team's id is written as a literal (listByTeam.ts): its page in name order leaves the condition out,
    // and a statement may not carry a parameter it does not read. Sub-teams, or an id of another shape, are bound.
    let bound = subteams;
    const p = (v: unknown) => (!subteams && teamIdsLiteral(v)) || ((bound = true), w.bind(v));
    const condition = await teamFilterSql(sql, p, teamId, subteams);
    if (bound) w.parts.push(condition);
    else w.team = { condition, teamId };
  }
  if (typeof groupId === 'string') w.parts.push(await groupFilterSql(sql, (v) => w.bind(v), groupId));
}

async function addCustomFieldFilters(sql: Sql, q: ListQuery, w: Where) {
  const extra = Object.entries(q).filter(([k]) => !KNOWN_KEYS.has(k));
  if (!extra.length) return;
  const fields = new Map((await listFields(sql)).map((f) => [f.key, f]));
  for (const [key, raw] of extra) {
    const f = key.startsWith('cf.') ? fields.get(key.slice(3)) : undefined;
    if (!f || !f.filterable)
      throw invalid(`Unknown filter "${key}".`, [{ field: key, message: 'Not a filterable field.' }]);
    const value = String(raw);
    const contained = containedValue(f.type, value);
    // The field's own index in name order serves `expr = value` (migration 053; for a stored scalar, equal to
    // containment); a multi-select's containment (`@>`) is what users_custom_fields_idx (migration 041) serves.
    const expr = filterExpression(f.key, f.type);
    if (expr && f.type === 'text') w.add((p) => `${expr} = ${p(value.toLowerCase())}`);
    else if (expr && contained !== undefined) w.add((p) => `${expr} = ${p(JSON.stringify(contained))}::jsonb`);
    else if (contained !== undefined)
      w.add((p) => `u.custom_fields @> ${p(JSON.stringify({ [f.key]: contained }))}::jsonb`);
    else if (f.type === 'text') w.add((p) => `lower(u.custom_fields ->> ${p(f.key)}) = ${p(value.toLowerCase())}`);
    else w.add((p) => `u.custom_fields ->> ${p(f.key)} = ${p(value)}`);
  }
}

/**
 * The JSON a person's custom_fields must contain for `cf.<key>=value`, as the field's type stores it
 * (customFields.ts validateValues): a multi-select's list holds the value; numbers and booleans are JSON ones.
 * Undefined: compared as text instead (text fields, and a value that cannot be of the field's type).
 */
function containedValue(type: string, value: string): unknown {
  if (type === 'multi_select') return [value];
  if (type === 'single_select' || type === 'date') return value;
  if (type === 'number') return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : undefined;
  return undefined;
}

/** The cursor a page starts after, checked against its sort. */
function pageAfter(q: ListQuery): Cursor | null {
  return q.cursor ? checkCursor(decodeCursor(q.cursor), sortKeyOf(q.sort)) : null;
}

/** The next page's cursor: after the page's last row, when a row was read beyond the page. */
function nextCursorOf(rows: { id: string; sort_value: string }[], limit: number): string | null {
  const last = rows[limit - 1];
  return rows.length > limit && last ? encodeCursor({ v: last.sort_value, id: last.id }) : null;
}

/** A page of the People list as objects (toDto), its (bounded) total counted in a statement of its own. */
export async function listUsers(sql: Sql, actor: Actor, q: ListQuery, bound = DEFAULT_TOTAL_BOUND) {
  const w = await buildWhere(sql, actor, q, true);
  const total = await countBounded(sql, w, tallyFilter(w, q, true), bound);
  const after = pageAfter(q);
  const rows = await keysetPage<DtoRow>(sql, w, q.sort, after, q.limit + 1, () => PAGE_COLUMNS);
  return { items: rows.slice(0, q.limit).map(toDto), nextCursor: nextCursorOf(rows, q.limit), ...total };
}

/**
 * `listUsers`'s page as GET /users's JSON text (docs/decisions/028-list-page-cpu.md): PostgreSQL writes each person
 * (DTO_JSON_SQL, toDto's own declaration) and the total rides in the page's statement — no rows parsed, no objects
 * serialized, one statement after the caller's. An empty page has no row to carry the total: it is read on its own.
 */
export async function listUsersJson(
  sql: Sql,
  actor: Actor,
  q: ListQuery,
  bound = DEFAULT_TOTAL_BOUND,
): Promise<string> {
  const w = await buildWhere(sql, actor, q, true);
  const tally = tallyFilter(w, q, true);
  const after = pageAfter(q);
  const rows = await keysetPage<{ dto: string; total: number }>(
    sql,
    w,
    q.sort,
    after,
    q.limit + 1,
    (bind) => `u.id, ${DTO_JSON_SQL} as dto, ${boundedTotalSql(w, tally, bound, bind)} as total`,
  );
  const page = rows.slice(0, q.limit);
  const { total, totalIsLowerBound } = rows[0]
    ? pageTotal(rows[0].total, tally, bound)
    : await countBounded(sql, w, tally, bound);
  return `{"items":[${page.map((r) => r.dto).join(',')}],"nextCursor":${JSON.stringify(nextCursorOf(rows, q.limit))},"total":${total},"totalIsLowerBound":${totalIsLowerBound}}`;
}

const PAGE_COLUMNS = DTO_COLUMNS.map((c) => `u.${c}`).join(', ');

/**
 * Up to `limit` rows after `after` in the list's order (sort value, then id): every column, or `columns` (which
 * may bind parameters of their own; they must include u.id).
 */
async function keysetPage<Row = UserRow>(
  sql: Sql,
  w: Where,
  sort: ListQuery['sort'],
  after: Cursor | null,
  limit: number,
  columns: (bind: (value: unknown) => string) => string = () => 'u.*',
): Promise<(Row & { id: string; sort_value: string })[]> {
  const desc = sort.startsWith('-');
  const sortKey = sortKeyOf(sort);
  if (sortKey === 'name' && w.team) return teamPage<Row>(sql, w, w.team.teamId, desc, after, limit, columns);
  const sortExpr = SORTS[sortKey];
  const params = [...w.params];
  let where = w.toSql();
  if (after) {
    params.push(after.v, after.id);
    const cast = TIMESTAMP_SORTS.has(sortKey) ? '::timestamptz' : NUMBER_SORTS.has(sortKey) ? '::int' : '::text';
    where += ` and (${sortExpr}, u.id) ${desc ? '<' : '>'} ($${params.length - 1}${cast}, $${params.length})`;
  }
  const dir = desc ? 'desc' : 'asc';
  const selected = columns((value) => {
    params.push(value);
    return `$${params.length}`;
  });
  const sortValue = TIMESTAMP_SORTS.has(sortKey) ? timestampText(sortExpr) : sortExpr;
  return sql.query<Row & { id: string; sort_value: string }>(
    `select ${selected}, ${sortValue} as sort_value from users u where ${where} order by ${sortExpr} ${dir}, u.id ${dir} limit ${limit}`,
    params,
  );
}

/** keysetPage in name order for a single team: its memberships in name order (listByTeam.ts). */
async function teamPage<Row>(
  sql: Sql,
  w: Where,
  teamId: string,
  desc: boolean,
  after: Cursor | null,
  limit: number,
  columns: (bind: (value: unknown) => string) => string,
): Promise<(Row & { id: string; sort_value: string })[]> {
  const { params, bind } = binder(w.params);
  const rows = teamRows(teamId, desc, after ? [bind(after.v), bind(after.id)] : null, bind);
  const selected = columns(bind);
  // The team's condition is left out: every row read is a member (and its estimate would make the planner
  // think few members pass, and read them all in parallel).
  const rest = w.parts.length ? w.parts.join(' and ') : 'true';
  return sql.query<Row & { id: string; sort_value: string }>(
    `select ${selected}, m.sort_name as sort_value from ${rows.from} where ${rest} and ${rows.where} order by ${rows.order} limit ${limit}`,
    params,
  );
}

/**
 * Everything the list's filters match for this actor (exports): the count now, and the rows in the list's
 * order as keyset batches, each one short query, so memory stays flat whatever the total. The batches are
 * not one snapshot: a long transaction would hold PGlite's only connection for the whole download.
 */
export async function matchingUsers(sql: Sql, actor: Actor, q: Omit<ListQuery, 'limit' | 'cursor'>, batchSize = 1000) {
  const query = { ...q, limit: batchSize } as ListQuery;
  const w = await buildWhere(sql, actor, query, true);
  const n = await countMatching(sql, w, tallyFilter(w, query, true));
  async function* batches(): AsyncGenerator<UserRow[]> {
    let after: Cursor | null = null;
    for (;;) {
      const rows: (UserRow & { sort_value: string })[] = await keysetPage<UserRow>(
        sql,
        w,
        query.sort,
        after,
        batchSize,
      );
      if (rows.length) yield rows;
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1]!;
      after = { v: last.sort_value, id: last.id };
    }
  }
  return { total: n, batches: batches() };
}

/**
 * The list's WHERE clause on alias `u` (scope included) for these filters, with its parameters: bulk actions
 * on "everything the filter matches" select with exactly what the list shows.
 */
export async function matchingUsersSql(
  sql: Sql,
  actor: Actor,
  q: Omit<ListQuery, 'limit' | 'cursor' | 'sort'>,
): Promise<{ where: string; params: unknown[] }> {
  const w = await buildWhere(sql, actor, { ...q, sort: 'name', limit: 1 } as ListQuery, true);
  return { where: w.toSql(), params: w.params };
}

/** Counts by status for the same filters (the licence view at the top of the People list). */
export async function countByStatus(sql: Sql, actor: Actor, q: ListQuery) {
  const w = await buildWhere(sql, actor, q, false);
  const rows = tallyFilter(w, q, false)
    ? await tallyByStatus(sql, !!q.deleted)
    : await sql.query<{ status: string; n: number }>(
        `select u.status, count(*)::int as n from users u where ${w.toSql()} group by u.status`,
        w.params,
      );
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<string, number>;
  for (const r of rows) counts[r.status] = r.n;
  return { counts, total: rows.reduce((a, r) => a + r.n, 0) };
}
