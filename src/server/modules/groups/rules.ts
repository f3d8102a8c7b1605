import { ENGAGEMENTS, INACTIVE_STATUSES, ROLES, STATUSES } from '../../../common/domain';
import type { CustomFieldType } from '../../../common/domain';
import { CUSTOM_FIELD_KIND, OPS, OPS_BY_KIND, type Kind, type Op } from '../../../common/rules';

export { OPS, OPS_BY_KIND, type Kind, type Op };

/**
 * Group rules (docs/api.md): a node is {all: [...]}, {any: [...]}, {not: node} or a condition
 * {field, op, value}. This module is pure: it knows the fields, their kinds and operators, and
 * validates a rule tree, reporting each error at the JSON path of the bad node.
 */
export type Rule = { all: Rule[] } | { any: Rule[] } | { not: Rule } | Condition;
export interface Condition {
  field: string;
  op: Op;
  value?: unknown;
}

export const BUILTIN_FIELDS = [
  'status',
  'role',
  'teamId',
  'managerId',
  'department',
  'location',
  'jobTitle',
  'language',
  'hireDate',
  'createdAt',
  'emailDomain',
  'onBreak',
  'engagement',
] as const;

export interface FieldInfo {
  kind: Kind;
  /** Allowed values of enum-like fields. */
  values?: readonly string[];
}

const BUILTIN: Record<(typeof BUILTIN_FIELDS)[number], FieldInfo> = {
  status: { kind: 'enum', values: STATUSES },
  role: { kind: 'enum', values: ROLES },
  teamId: { kind: 'team' },
  managerId: { kind: 'user' },
  department: { kind: 'text' },
  location: { kind: 'text' },
  jobTitle: { kind: 'text' },
  language: { kind: 'text' },
  hireDate: { kind: 'date' },
  createdAt: { kind: 'date' },
  emailDomain: { kind: 'text' },
  onBreak: { kind: 'boolean' },
  engagement: { kind: 'enum', values: ENGAGEMENTS },
};

/** Operators that are the negation of a positive one: they match people with no value too. */
export const NEGATIVE: Partial<Record<Op, Op>> = { neq: 'eq', nin: 'in', is_not_empty: 'is_empty' };

export interface CustomFieldDef {
  key: string;
  type: CustomFieldType;
  options?: string[];
}

export function fieldInfo(field: string, customFields: ReadonlyMap<string, CustomFieldDef>): FieldInfo | null {
  if (field.startsWith('cf.')) {
    const def = customFields.get(field.slice(3));
    if (!def) return null;
    return { kind: CUSTOM_FIELD_KIND[def.type], values: def.type === 'single_select' ? def.options : undefined };
  }
  // Own keys only: a field named "constructor" or "__proto__" must not find Object.prototype's members.
  return Object.hasOwn(BUILTIN, field) ? BUILTIN[field as keyof typeof BUILTIN] : null;
}

export interface RuleError {
  field: string;
  message: string;
}

export const MAX_DEPTH = 10;
export const MAX_CONDITIONS = 100;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Validates a rule tree; returns errors at JSON paths such as `rules.all[1].op`. Empty means valid. */
export function validateRules(
  rules: unknown,
  customFields: ReadonlyMap<string, CustomFieldDef>,
  root = 'rules',
): RuleError[] {
  const errors: RuleError[] = [];
  let conditions = 0;
  const visit = (node: unknown, path: string, depth: number) => {
    if (depth > MAX_DEPTH) return errors.push({ field: path, message: `Rules nest at most ${MAX_DEPTH} levels deep.` });
    if (!isObject(node))
      return errors.push({ field: path, message: 'Expected an object: {all}, {any}, {not} or a condition.' });
    const keys = Object.keys(node);
    for (const block of ['all', 'any'] as const) {
      if (!(block in node)) continue;
      if (keys.length !== 1) return errors.push({ field: path, message: `A "${block}" block has no other keys.` });
      const children = node[block];
      if (!Array.isArray(children))
        return errors.push({ field: `${path}.${block}`, message: 'Expected a list of rules.' });
      children.forEach((c, i) => visit(c, `${path}.${block}[${i}]`, depth + 1));
      return;
    }
    if ('not' in node) {
      if (keys.length !== 1) return errors.push({ field: path, message: 'A "not" block has no other keys.' });
      return visit(node.not, `${path}.not`, depth + 1);
    }
    conditions++;
    validateCondition(node, path, customFields, errors);
  };
  visit(rules, root, 0);
  if (conditions > MAX_CONDITIONS) errors.push({ field: root, message: `At most ${MAX_CONDITIONS} conditions.` });
  return errors;
}

function validateCondition(
  node: Record<string, unknown>,
  path: string,
  cfs: ReadonlyMap<string, CustomFieldDef>,
  errors: RuleError[],
) {
  const extra = Object.keys(node).filter((k) => !['field', 'op', 'value'].includes(k));
  if (extra.length)
    return errors.push({ field: `${path}.${extra[0]}`, message: 'Unknown key; a condition has field, op and value.' });
  if (typeof node.field !== 'string') return errors.push({ field: `${path}.field`, message: 'Expected a field name.' });
  const info = fieldInfo(node.field, cfs);
  if (!info) return errors.push({ field: `${path}.field`, message: `Unknown field "${node.field}".` });
  const ops = OPS_BY_KIND[info.kind];
  if (typeof node.op !== 'string' || !ops.includes(node.op as Op))
    return errors.push({
      field: `${path}.op`,
      message: `"${String(node.op)}" is not an operator for ${node.field}; use one of ${ops.join(', ')}.`,
    });
  const problem = checkValue(info, node.op as Op, node.value);
  if (problem) errors.push({ field: `${path}.value`, message: problem });
}

/** What is wrong with a condition's value, or null when it fits the field and operator. */
function checkValue(info: FieldInfo, op: Op, value: unknown): string | null {
  if (op === 'is_empty' || op === 'is_not_empty')
    return value === undefined || value === null ? null : 'This operator takes no value.';
  if (op === 'within_last_days')
    return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 36500
      ? null
      : 'Expected a whole number of days (0 to 36500).';
  if (op === 'in_team') {
    if (!isObject(value) || typeof value.teamId !== 'string' || !value.teamId)
      return 'Expected {"teamId", "includeSubteams"}.';
    return value.includeSubteams === undefined || typeof value.includeSubteams === 'boolean'
      ? null
      : 'includeSubteams must be true or false.';
  }
  if (op === 'reports_to') return typeof value === 'string' && value ? null : 'Expected a user id.';
  if (op === 'in' || op === 'nin') {
    if (!Array.isArray(value) || value.length === 0 || value.length > 1000)
      return 'Expected a non-empty list of values.';
    for (const v of value) {
      const p = checkScalar(info.kind === 'multi' ? { kind: 'text' } : info, v);
      if (p) return p;
    }
    return null;
  }
  return checkScalar(info.kind === 'multi' ? { kind: 'text' } : info, value);
}

function checkScalar(info: FieldInfo, v: unknown): string | null {
  switch (info.kind) {
    case 'enum':
      if (typeof v !== 'string') return 'Expected a text value.';
      return !info.values || info.values.includes(v)
        ? null
        : `Unknown value "${v}"; use one of ${info.values.join(', ')}.`;
    case 'text':
    case 'team':
    case 'user':
      return typeof v === 'string' && v.length > 0 && v.length <= 200 ? null : 'Expected a non-empty text value.';
    case 'date':
      return typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(v))
        ? null
        : 'Expected a date like 2026-01-31.';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? null : 'Expected a number.';
    case 'boolean':
      return typeof v === 'boolean' ? null : 'Expected true or false.';
    default:
      return 'Unsupported value.';
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Statuses a rule names explicitly: only those lift the default exclusion of inactive people. */
export function mentionedStatuses(rule: Rule): Set<string> {
  const out = new Set<string>();
  walk(rule, (c) => {
    if (c.field !== 'status') return;
    for (const v of Array.isArray(c.value) ? c.value : [c.value]) if (typeof v === 'string') out.add(v);
  });
  return out;
}

/** The inactive statuses a rule leaves out: all but those it names (a rule naming "deactivated" selects them). */
export function excludedStatuses(rule: Rule): string[] {
  const named = mentionedStatuses(rule);
  return INACTIVE_STATUSES.filter((s) => !named.has(s));
}

/** True when membership can change by the passing of time alone. */
export function hasDateRules(rule: Rule): boolean {
  let found = false;
  walk(rule, (c) => {
    if (c.op === 'within_last_days') found = true;
  });
  return found;
}

/** Team ids and user ids a rule refers to (checked to exist when a group is saved). */
export function references(rule: Rule): { teamIds: string[]; userIds: string[] } {
  const teamIds = new Set<string>();
  const userIds = new Set<string>();
  walk(rule, (c) => {
    const values =
      c.op === 'in_team' ? [(c.value as { teamId: string }).teamId] : Array.isArray(c.value) ? c.value : [c.value];
    if (c.field === 'teamId') values.forEach((v) => typeof v === 'string' && teamIds.add(v));
    if (c.field === 'managerId') values.forEach((v) => typeof v === 'string' && userIds.add(v));
  });
  return { teamIds: [...teamIds], userIds: [...userIds] };
}

export function walk(rule: Rule, visit: (c: Condition) => void): void {
  if ('all' in rule) rule.all.forEach((r) => walk(r, visit));
  else if ('any' in rule) rule.any.forEach((r) => walk(r, visit));
  else if ('not' in rule) walk(rule.not, visit);
  else visit(rule);
}

/** Statuses that never belong to a group unless the rule names them (src/common/domain.ts). */
export { INACTIVE_STATUSES };
