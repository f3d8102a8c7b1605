import { escapeLike, type Bind } from '../../db/index';
import { reportsToSql } from '../people/hierarchy';
import {
  excludedStatuses,
  fieldInfo,
  NEGATIVE,
  type Condition,
  type CustomFieldDef,
  type FieldInfo,
  type Op,
  type Rule,
} from './rules';

/**
 * Compiles a validated rule tree to a SQL condition over `users u`. Values never enter the SQL
 * text: each goes through `p(value)`, which binds it and returns its placeholder ($n).
 * Semantics: text comparisons ignore case; '' counts as empty; a negative operator (neq, nin,
 * is_not_empty, not) also matches people who have no value.
 */

const TODAY = `(now() at time zone 'UTC')::date`;

/** The full membership condition: not deleted, inactive statuses excluded unless named, and the rule. */
export function compileMembership(rule: Rule, p: Bind, cfs: ReadonlyMap<string, CustomFieldDef>): string {
  return `(u.deleted_at is null and u.status <> all(${p(excludedStatuses(rule))}::text[]) and ${compileRule(rule, p, cfs)})`;
}

/**
 * A compiled node is TRUE exactly when the person matches; otherwise it is FALSE or NULL (SQL's "unknown",
 * e.g. a comparison with a missing value). `and`/`or` keep that meaning as they are (NULL and true is NULL,
 * NULL or true is true), so positive conditions are left bare where the planner can match them to an
 * index; only a negation must turn NULL into a match, hence `(x) is not true`, which is never NULL.
 * Callers use the result in a WHERE (or another boolean test) where NULL means "not a member".
 */
export function compileRule(rule: Rule, p: Bind, cfs: ReadonlyMap<string, CustomFieldDef>): string {
  if ('all' in rule) return rule.all.length ? `(${rule.all.map((r) => compileRule(r, p, cfs)).join(' and ')})` : 'true';
  if ('any' in rule) return rule.any.length ? `(${rule.any.map((r) => compileRule(r, p, cfs)).join(' or ')})` : 'false';
  if ('not' in rule) return `(${compileRule(rule.not, p, cfs)} is not true)`;
  const info = fieldInfo(rule.field, cfs);
  if (!info) throw new Error(`unknown field ${rule.field}`); // validated before compiling
  const positive = NEGATIVE[rule.op];
  if (positive) return `(${compileCondition({ ...rule, op: positive }, info, p)} is not true)`;
  return compileCondition(rule, info, p);
}

/** A positive condition: TRUE when it holds, FALSE or NULL (no value) when it does not. */
function compileCondition(c: Condition, info: FieldInfo, p: Bind): string {
  if (info.kind === 'team') return teamCondition(c, p);
  if (c.field === 'managerId' && c.op === 'reports_to') return reportsTo(c.value as string, p);
  if (info.kind === 'multi') return multiCondition(c, p);
  const x = valueExpr(c.field, info, p);
  return scalarCondition(x, info, c.op, c.value, p);
}

/**
 * The SQL expression of a field's value. Text values are lower(column) as the indexes are (values in
 * conditions are never empty, so '' only matters to is_empty, which treats it as empty).
 */
function valueExpr(field: string, info: FieldInfo, p: Bind): string {
  if (field.startsWith('cf.')) {
    const k = p(field.slice(3));
    switch (info.kind) {
      case 'number':
        return `(case when jsonb_typeof(u.custom_fields -> ${k}) = 'number' then (u.custom_fields ->> ${k})::numeric end)`;
      case 'boolean':
        return `(case when jsonb_typeof(u.custom_fields -> ${k}) = 'boolean' then (u.custom_fields ->> ${k})::boolean end)`;
      case 'date':
        return `(case when (u.custom_fields ->> ${k}) ~ '^\\d{4}-\\d{2}-\\d{2}$' then (u.custom_fields ->> ${k})::date end)`;
      case 'enum':
        return `(u.custom_fields ->> ${k})`;
      default:
        return `lower(u.custom_fields ->> ${k})`;
    }
  }
  switch (field) {
    case 'status':
      return 'u.status';
    case 'role':
      return 'u.role';
    case 'engagement':
      return `(case when u.status = 'confirmed' then case when u.first_learning_activity_at is null then 'activated' else 'active' end end)`;
    case 'department':
    case 'location':
    case 'language':
      return `lower(u.${field})`;
    case 'jobTitle':
      return `lower(u.job_title)`;
    case 'emailDomain':
      return `split_part(u.email_normalized, '@', 2)`;
    case 'hireDate':
      return 'u.hire_date';
    case 'createdAt':
      return `(u.created_at at time zone 'UTC')::date`;
    case 'onBreak':
      return 'u.on_break';
    case 'managerId':
      return 'u.manager_id';
  }
  throw new Error(`no expression for ${field}`);
}

const CAST: Partial<Record<FieldInfo['kind'], string>> = { date: '::date', number: '::numeric', boolean: '::boolean' };
const CMP: Partial<Record<Op, string>> = { eq: '=', lt: '<', lte: '<=', gt: '>', gte: '>=' };

function scalarCondition(x: string, info: FieldInfo, op: Op, value: unknown, p: Bind): string {
  const norm = (v: unknown) => (info.kind === 'text' && typeof v === 'string' ? v.toLowerCase() : v);
  const cast = CAST[info.kind] ?? '';
  if (op === 'is_empty')
    return info.kind === 'text' || info.kind === 'enum' ? `(nullif(${x}, '') is null)` : `(${x} is null)`;
  if (op === 'within_last_days') return `(${x} between ${TODAY} - ${p(value)}::int and ${TODAY})`;
  if (op === 'in') return `(${x} = any(${p((value as unknown[]).map(norm))}${cast || '::text'}[]))`;
  if (op === 'contains') return `(${x} like ${p(`%${escapeLike(String(norm(value)))}%`)})`;
  if (op === 'starts_with') return `(${x} like ${p(`${escapeLike(String(norm(value)))}%`)})`;
  const cmp = CMP[op];
  if (!cmp) throw new Error(`operator ${op} on ${info.kind}`);
  return `(${x} ${cmp} ${p(norm(value))}${cast})`;
}

function teamCondition(c: Condition, p: Bind): string {
  const memberOf = (teamFilter: string) => `u.id in (select tm.user_id from team_members tm where ${teamFilter})`;
  switch (c.op) {
    case 'in_team': {
      const v = c.value as { teamId: string; includeSubteams?: boolean };
      if (!v.includeSubteams) return memberOf(`tm.team_id = ${p(v.teamId)}`);
      return memberOf(
        `tm.team_id in (select t.id from teams t, teams root where root.id = ${p(v.teamId)} and t.path like root.path || '%')`,
      );
    }
    case 'eq':
      return memberOf(`tm.team_id = ${p(c.value)}`);
    case 'in':
      return memberOf(`tm.team_id = any(${p(c.value)}::text[])`);
    case 'is_empty':
      return `not exists (select 1 from team_members tm where tm.user_id = u.id)`;
    default:
      break;
  }
  throw new Error(`operator ${c.op} on teamId`);
}

/** Everyone below the manager in the reporting line, at any depth (people/hierarchy.ts). */
function reportsTo(managerId: string, p: Bind): string {
  return reportsToSql(p(managerId));
}

function multiCondition(c: Condition, p: Bind): string {
  const k = p(c.field.slice(3));
  const arr = `(case when jsonb_typeof(u.custom_fields -> ${k}) = 'array' then u.custom_fields -> ${k} end)`;
  switch (c.op) {
    case 'contains':
      return `(${arr} ? ${p(c.value)})`;
    case 'in':
      return `(${arr} ?| ${p(c.value)}::text[])`;
    case 'is_empty':
      return `(coalesce(jsonb_array_length(${arr}), 0) = 0)`;
    default:
      break;
  }
  throw new Error(`operator ${c.op} on a multi-select field`);
}
