import { createHash } from 'node:crypto';
import type { Sql } from '../../db/index';
import { GROUP_ATTRS, SCIM_USER_COLUMNS, USER_ATTRS, type AttrDef } from './attributes';
import { ScimError } from './errors';
import { parseFilter } from './filter';
import { compileFilter, sortExpression } from './filterSql';
import { keyOf, isObject } from './filterEval';
import { membersOf, renderGroup, type ScimTeamRow } from './groups';
import { renderUser, type ScimUserRow } from './userResource';

export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const MAX_RESULTS = 1000;
const DEFAULT_COUNT = 100;

export interface ListParams {
  filter?: string;
  sortBy?: string;
  sortOrder?: string;
  startIndex?: string;
  count?: string;
}

/** RFC 7644 §3.4.2.4: startIndex below 1 means 1; a negative count means 0; count is capped. */
function paging(p: ListParams) {
  const start = Math.max(1, Math.floor(Number(p.startIndex ?? 1)) || 1);
  const n = p.count === undefined ? DEFAULT_COUNT : Math.floor(Number(p.count));
  if (Number.isNaN(n)) throw new ScimError(400, 'invalidValue', '"count" must be a number.');
  return { start, count: Math.min(Math.max(0, n), MAX_RESULTS) };
}

function order(
  p: ListParams,
  attrs: Record<string, AttrDef>,
  primary: Record<string, string>,
  fallback: string,
  id: string,
): string {
  if (!p.sortBy) return fallback;
  const dir = (p.sortOrder ?? 'ascending').toLowerCase() === 'descending' ? 'desc' : 'asc';
  return `${sortExpression(attrs, p.sortBy, primary)} ${dir} nulls last, ${id}`;
}

async function page<T>(
  sql: Sql,
  columns: string,
  from: string,
  where: string,
  params: unknown[],
  orderBy: string,
  p: ListParams,
) {
  const { start, count } = paging(p);
  const [{ n }] = (await sql.query<{ n: number }>(`select count(*)::int as n from ${from} where ${where}`, params)) as [
    { n: number },
  ];
  const rows =
    count === 0
      ? []
      : await sql.query<T>(
          `select ${columns} from ${from} where ${where} order by ${orderBy} limit ${count} offset ${start - 1}`,
          params,
        );
  return { total: n, start, rows };
}

export async function listUsers(sql: Sql, p: ListParams, baseUrl: string) {
  const params: unknown[] = [];
  const where = `u.managed_by = 'scim' and u.deleted_at is null${p.filter ? ` and ${compileFilter(parseFilter(p.filter), USER_ATTRS, params)}` : ''}`;
  const orderBy = order(p, USER_ATTRS, { emails: 'u.email_normalized' }, 'u.created_at, u.id', 'u.id');
  const { total, start, rows } = await page<ScimUserRow>(sql, SCIM_USER_COLUMNS, 'users u', where, params, orderBy, p);
  return listResponse(
    total,
    start,
    rows.map((r) => renderUser(r, baseUrl)),
  );
}

export async function listGroups(sql: Sql, p: ListParams, baseUrl: string, withMembers: boolean) {
  const params: unknown[] = [];
  const where = p.filter ? compileFilter(parseFilter(p.filter), GROUP_ATTRS, params) : 'true';
  const orderBy = order(p, GROUP_ATTRS, {}, 't.created_at, t.id', 't.id');
  const { total, start, rows } = await page<ScimTeamRow>(sql, 't.*', 'teams t', where, params, orderBy, p);
  const members = withMembers
    ? await membersOf(
        sql,
        rows.map((r) => r.id),
      )
    : null;
  const versions = await groupVersions(sql, rows);
  return listResponse(
    total,
    start,
    rows.map((r) => renderGroup(r, members?.get(r.id) ?? null, versions.get(r.id)!, baseUrl)),
  );
}

export function listResponse(total: number, start: number, resources: Record<string, unknown>[]) {
  return {
    schemas: [LIST_SCHEMA],
    totalResults: total,
    startIndex: start,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/** A weak ETag over the resource as rendered: any change a client could see changes it. */
export function versionOf(resource: Record<string, unknown>): string {
  const { meta: _meta, ...rest } = resource;
  return weakETag(JSON.stringify(rest));
}

const weakETag = (text: string) => `W/"${createHash('sha256').update(text).digest('base64url').slice(0, 22)}"`;

/**
 * meta.version of each group (RFC 7644 §3.14): a hash of its own fields and its member ids, read in SQL, so a
 * list without members (`excludedAttributes=members`, as Entra asks) carries the same version as a full GET.
 * Member `display` is derived from the users and read-only: renaming a member does not change the group.
 */
export async function groupVersions(sql: Sql, teams: ScimTeamRow[]): Promise<Map<string, string>> {
  if (!teams.length) return new Map();
  const rows = await sql.query<{ team_id: string; digest: string }>(
    `select m.team_id, md5(string_agg(m.user_id, ',' order by m.user_id collate "C")) as digest
       from team_members m join users u on u.id = m.user_id and u.deleted_at is null
      where m.team_id = any($1::text[]) group by m.team_id`,
    [teams.map((t) => t.id)],
  );
  const digests = new Map(rows.map((r) => [r.team_id, r.digest]));
  return new Map(
    teams.map((t) => [t.id, weakETag(JSON.stringify([t.id, t.external_id, t.name, digests.get(t.id) ?? null]))]),
  );
}

/** Adds meta.version (the ETag) to a rendered resource. */
export function withVersion(resource: Record<string, unknown>): Record<string, unknown> {
  const meta = resource.meta as Record<string, unknown>;
  return { ...resource, meta: { ...meta, version: versionOf(resource) } };
}

/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.9). `schemas` and `id` are always returned.
 * A value filter in the list (`emails[type eq "work"]`, as Entra's collection sends) names its attribute.
 */
export function project(
  resource: Record<string, unknown>,
  attributes?: string,
  excluded?: string,
): Record<string, unknown> {
  const names = (s: string) =>
    s
      .split(',')
      .map((a) => a.replace(/\[.*$/, '').trim())
      .filter(Boolean);
  if (attributes) {
    const out: Record<string, unknown> = { schemas: resource.schemas, id: resource.id };
    for (const a of names(attributes)) copyPath(resource, out, a);
    return out;
  }
  if (excluded) {
    const out = structuredClone(resource);
    for (const a of names(excluded)) if (!['id', 'schemas'].includes(a.toLowerCase())) deletePath(out, a);
    return out;
  }
  return resource;
}

function split(path: string): { ext: string | null; parts: string[] } {
  const colon = path.lastIndexOf(':');
  return colon >= 0
    ? { ext: path.slice(0, colon), parts: path.slice(colon + 1).split('.') }
    : { ext: null, parts: path.split('.') };
}

function holderOf(resource: Record<string, unknown>, ext: string | null, create?: Record<string, unknown>) {
  if (!ext || /:core:2\.0:(User|Group)$/i.test(ext)) return { src: resource, dst: create };
  const k = keyOf(resource, ext);
  if (!k || !isObject(resource[k])) return null;
  if (create) create[k] ??= {};
  return { src: resource[k] as Record<string, unknown>, dst: create?.[k] as Record<string, unknown> | undefined };
}

function copyPath(resource: Record<string, unknown>, out: Record<string, unknown>, path: string) {
  const whole = keyOf(resource, path);
  if (whole && isObject(resource[whole]) && path.includes(':')) {
    out[whole] = resource[whole]; // a whole extension by its URN
    return;
  }
  const { ext, parts } = split(path);
  const h = holderOf(resource, ext, out);
  if (!h?.dst) return;
  const k = keyOf(h.src, parts[0]!);
  if (!k) return;
  const v = h.src[k];
  if (!parts[1]) h.dst[k] = v;
  else if (Array.isArray(v)) h.dst[k] = v.filter(isObject).map((el) => pick(el, parts[1]!));
  else if (isObject(v)) h.dst[k] = { ...((h.dst[k] as object) ?? {}), ...pick(v, parts[1]) };
}

function pick(obj: Record<string, unknown>, name: string) {
  const k = keyOf(obj, name);
  return k ? { [k]: obj[k] } : {};
}

function deletePath(resource: Record<string, unknown>, path: string) {
  const whole = keyOf(resource, path);
  if (whole && path.includes(':')) {
    delete resource[whole]; // a whole extension by its URN
    return;
  }
  const { ext, parts } = split(path);
  const h = holderOf(resource, ext);
  if (!h) return;
  const k = keyOf(h.src, parts[0]!);
  if (!k) return;
  if (!parts[1]) delete h.src[k];
  else for (const el of [h.src[k]].flat()) if (isObject(el)) delete el[keyOf(el, parts[1]) ?? ''];
}
