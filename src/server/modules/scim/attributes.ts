import { INACTIVE_STATUSES } from '../groups/rules';

/**
 * The attributes a filter or sortBy may name, per resource type: their RFC 7643 type and
 * case-exactness, and the SQL that reads them. The in-memory evaluator and the SQL compiler
 * both read this table, so the two agree on what "case-insensitive" means for each attribute.
 */
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export type AttrType = 'string' | 'boolean' | 'dateTime' | 'reference';

export interface ScalarAttr {
  kind: 'scalar';
  type: AttrType;
  caseExact: boolean;
  /** SQL expression over the row alias (`u` users, `t` teams, `e` a multi-valued element). */
  sql: string;
  /** Where the value sits in the rendered resource (for the evaluator); undefined = same path. */
  enterprise?: boolean;
}

export interface MultiAttr {
  kind: 'multi';
  /** `from … where …` producing one row per element, alias `e`; an EXISTS wraps it. */
  from: string;
  subs: Record<string, ScalarAttr>;
  /** The sub-attribute a filter on the bare attribute means (`emails eq "x"` → value). */
  defaultSub: string;
}

export type AttrDef = ScalarAttr | MultiAttr;

// Rendering leaves out empty strings, so the SQL reads an empty string as absent too.
const s = (sql: string, caseExact = false, type: AttrType = 'string'): ScalarAttr => ({
  kind: 'scalar',
  type,
  caseExact,
  sql: type === 'string' ? `nullif(${sql}, '')` : sql,
});
/** A column never stored empty (SCIM writes store null instead): read bare, so its index can serve `eq`. */
const col = (sql: string, caseExact = false): ScalarAttr => ({ kind: 'scalar', type: 'string', caseExact, sql });
const ent = (sql: string, caseExact = false): ScalarAttr => ({ ...s(sql, caseExact), enterprise: true });
const extra = (key: string) => `(u.scim_extra->>'${key}')`;
const jsonElements = (key: string) =>
  `jsonb_array_elements(case when jsonb_typeof(u.scim_extra->'${key}') = 'array' then u.scim_extra->'${key}' else '[]'::jsonb end) e where true`;
const elemString = (key: string, caseExact = false) => s(`(e->>'${key}')`, caseExact);
const elemBool = (key: string) =>
  s(`(case when jsonb_typeof(e->'${key}') = 'boolean' then (e->>'${key}')::boolean end)`, false, 'boolean');
const typedMulti = (key: string, valueCaseExact = false): MultiAttr => ({
  kind: 'multi',
  from: jsonElements(key),
  subs: {
    value: elemString('value', valueCaseExact),
    type: elemString('type'),
    primary: elemBool('primary'),
    display: elemString('display'),
  },
  defaultSub: 'value',
});

/** Rendered `displayName` of the users row `alias` when HR sent none: the Roster name. Kept in step with renderUser (userResource.ts). */
const displayNameSql = (alias: string) =>
  `coalesce(nullif((${alias}.scim_extra->>'displayName'), ''), btrim(${alias}.first_name || ' ' || ${alias}.last_name))`;
export const USER_DISPLAY_SQL = displayNameSql('u');
/** The columns a SCIM User is rendered from, on alias `u`: the row and its manager's display name (manager.displayName). */
export const SCIM_USER_COLUMNS = `u.*, (select ${displayNameSql('m')} from users m where m.id = u.manager_id) as manager_display_name`;
export const USER_ACTIVE_SQL = `(u.status not in (${INACTIVE_STATUSES.map((st) => `'${st}'`).join(', ')}))`;

export const USER_ATTRS: Record<string, AttrDef> = {
  id: col('u.id', true),
  externalid: col('u.external_id', true),
  username: col('u.scim_user_name'),
  displayname: s(USER_DISPLAY_SQL),
  'name.givenname': s('u.first_name'),
  'name.familyname': s('u.last_name'),
  'name.formatted': s(`(u.scim_extra->'name'->>'formatted')`),
  'name.middlename': s(`(u.scim_extra->'name'->>'middleName')`),
  nickname: s(extra('nickName')),
  title: s('u.job_title'),
  usertype: s(extra('userType')),
  preferredlanguage: s('u.language'),
  locale: s(extra('locale')),
  timezone: s('u.time_zone'),
  active: s(USER_ACTIVE_SQL, false, 'boolean'),
  emails: typedMulti('emails'),
  phonenumbers: typedMulti('phoneNumbers'),
  addresses: {
    kind: 'multi',
    from: jsonElements('addresses'),
    subs: Object.fromEntries(
      ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'].map((k) => [
        k.toLowerCase(),
        elemString(k),
      ]),
    ),
    defaultSub: 'formatted',
  },
  'meta.created': s(`date_trunc('milliseconds', u.created_at)`, false, 'dateTime'),
  'meta.lastmodified': s(`date_trunc('milliseconds', u.updated_at)`, false, 'dateTime'),
  employeenumber: ent('u.employee_id'),
  department: ent('u.department'),
  'manager.value': { ...s('u.manager_id', true, 'reference'), enterprise: true },
  manager: { ...s('u.manager_id', true, 'reference'), enterprise: true },
  organization: ent(`(u.scim_extra->'enterprise'->>'organization')`),
  division: ent(`(u.scim_extra->'enterprise'->>'division')`),
  costcenter: ent(`(u.scim_extra->'enterprise'->>'costCenter')`),
};

export const GROUP_ATTRS: Record<string, AttrDef> = {
  id: col('t.id', true),
  externalid: col('t.external_id', true),
  displayname: col('t.name'),
  members: {
    kind: 'multi',
    from: `team_members m join users mu on mu.id = m.user_id and mu.deleted_at is null, lateral (select m.user_id as value) e where m.team_id = t.id`,
    subs: { value: s('e.value', true, 'reference') },
    defaultSub: 'value',
  },
  'meta.created': s(`date_trunc('milliseconds', t.created_at)`, false, 'dateTime'),
  'meta.lastmodified': s(`date_trunc('milliseconds', t.updated_at)`, false, 'dateTime'),
};

export interface Lookup {
  def: AttrDef;
  /** The sub-attribute named after a multi-valued attribute (`emails.value` → 'value'). */
  sub: string | null;
}

const KNOWN_URIS = new Set([CORE_USER, ENTERPRISE_USER, CORE_GROUP].map((u) => u.toLowerCase()));

/** Finds an attribute by its (case-insensitive) path; URIs of the core and enterprise schemas are accepted. */
export function lookup(
  attrs: Record<string, AttrDef>,
  path: { uri: string | null; name: string; sub: string | null },
): Lookup | null {
  if (path.uri && !KNOWN_URIS.has(path.uri.toLowerCase())) return null;
  const name = path.name.toLowerCase();
  const sub = path.sub?.toLowerCase() ?? null;
  const full = attrs[sub ? `${name}.${sub}` : name];
  if (full?.kind === 'scalar') return { def: full, sub: null };
  const base = attrs[name];
  if (base?.kind === 'multi') {
    const chosen = sub ?? base.defaultSub;
    return base.subs[chosen] ? { def: base, sub: chosen } : null;
  }
  return null;
}
