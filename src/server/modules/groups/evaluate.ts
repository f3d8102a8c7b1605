import {
  excludedStatuses,
  fieldInfo,
  NEGATIVE,
  type Condition,
  type CustomFieldDef,
  type FieldInfo,
  type Rule,
} from './rules';

/**
 * Evaluates rules for a few people already loaded in memory (refreshFor): the same semantics as the
 * SQL compiler (compile.ts), without planning one SQL condition per group. The property test checks
 * both against an independent evaluation.
 */
export interface Subject {
  id: string;
  email: string | null;
  status: string;
  role: string;
  managerId: string | null;
  department: string | null;
  location: string | null;
  jobTitle: string | null;
  language: string | null;
  /** YYYY-MM-DD */
  hireDate: string | null;
  /** YYYY-MM-DD (UTC) */
  createdOn: string;
  onBreak: boolean;
  active: boolean;
  deleted: boolean;
  customFields: Record<string, unknown>;
  teamIds: string[];
  /** Managers above, at any depth. */
  ancestors: string[];
}

export interface EvalContext {
  teamPaths: ReadonlyMap<string, string>;
  customFields: ReadonlyMap<string, CustomFieldDef>;
  /** YYYY-MM-DD (UTC), from the database clock. */
  today: string;
}

export function isMember(rule: Rule, s: Subject, ctx: EvalContext): boolean {
  if (s.deleted) return false;
  if (excludedStatuses(rule).includes(s.status)) return false;
  return matches(rule, s, ctx);
}

function matches(rule: Rule, s: Subject, ctx: EvalContext): boolean {
  if ('all' in rule) return rule.all.every((r) => matches(r, s, ctx));
  if ('any' in rule) return rule.any.some((r) => matches(r, s, ctx));
  if ('not' in rule) return !matches(rule.not, s, ctx);
  const info = fieldInfo(rule.field, ctx.customFields);
  if (!info) return false;
  const positive = NEGATIVE[rule.op];
  return positive ? !positiveCondition({ ...rule, op: positive }, info, s, ctx) : positiveCondition(rule, info, s, ctx);
}

function positiveCondition(c: Condition, info: FieldInfo, s: Subject, ctx: EvalContext): boolean {
  if (info.kind === 'team') return inTeams(c, s, ctx);
  if (c.op === 'reports_to') return s.ancestors.includes(c.value as string);
  if (info.kind === 'multi') return multi(c, s.customFields[c.field.slice(3)]);
  const lower = info.kind === 'text';
  const v = valueOf(c.field, info, s);
  if (c.op === 'is_empty') return v === null || v === '';
  if (v === null) return false;
  const want = (x: unknown) => (lower && typeof x === 'string' ? x.toLowerCase() : x);
  switch (c.op) {
    case 'eq':
      return v === want(c.value);
    case 'in':
      return (c.value as unknown[]).some((x) => want(x) === v);
    case 'contains':
      return String(v).includes(String(want(c.value)));
    case 'starts_with':
      return String(v).startsWith(String(want(c.value)));
    case 'lt':
      return (v as number | string) < (c.value as number | string);
    case 'lte':
      return (v as number | string) <= (c.value as number | string);
    case 'gt':
      return (v as number | string) > (c.value as number | string);
    case 'gte':
      return (v as number | string) >= (c.value as number | string);
    case 'within_last_days':
      return (v as string) >= addDays(ctx.today, -(c.value as number)) && (v as string) <= ctx.today;
    default:
      return false;
  }
}

function valueOf(field: string, info: FieldInfo, s: Subject): unknown {
  const lower = (x: string | null | undefined) => (typeof x === 'string' ? x.toLowerCase() : null);
  if (field.startsWith('cf.')) {
    const raw = s.customFields[field.slice(3)];
    switch (info.kind) {
      case 'number':
        return typeof raw === 'number' ? raw : null;
      case 'boolean':
        return typeof raw === 'boolean' ? raw : null;
      case 'date':
        return typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : null;
      case 'enum':
        return typeof raw === 'string' ? raw : null;
      default:
        return typeof raw === 'string' ? raw.toLowerCase() : null;
    }
  }
  switch (field) {
    case 'status':
      return s.status;
    case 'role':
      return s.role;
    case 'engagement':
      return s.status === 'confirmed' ? (s.active ? 'active' : 'activated') : null;
    case 'department':
      return lower(s.department);
    case 'location':
      return lower(s.location);
    case 'jobTitle':
      return lower(s.jobTitle);
    case 'language':
      return lower(s.language);
    case 'emailDomain':
      return s.email === null ? null : (s.email.split('@')[1] ?? '');
    case 'hireDate':
      return s.hireDate;
    case 'createdAt':
      return s.createdOn;
    case 'onBreak':
      return s.onBreak;
    case 'managerId':
      return s.managerId;
    default:
      return null;
  }
}

function inTeams(c: Condition, s: Subject, ctx: EvalContext): boolean {
  switch (c.op) {
    case 'in_team': {
      const { teamId, includeSubteams } = c.value as { teamId: string; includeSubteams?: boolean };
      if (!includeSubteams) return s.teamIds.includes(teamId);
      const root = ctx.teamPaths.get(teamId);
      return root !== undefined && s.teamIds.some((t) => ctx.teamPaths.get(t)?.startsWith(root));
    }
    case 'eq':
      return s.teamIds.includes(c.value as string);
    case 'in':
      return (c.value as string[]).some((t) => s.teamIds.includes(t));
    case 'is_empty':
      return s.teamIds.length === 0;
    default:
      return false;
  }
}

function multi(c: Condition, raw: unknown): boolean {
  const arr = Array.isArray(raw) ? raw : [];
  switch (c.op) {
    case 'contains':
      return arr.includes(c.value);
    case 'in':
      return (c.value as unknown[]).some((x) => arr.includes(x));
    case 'is_empty':
      return arr.length === 0;
    default:
      return false;
  }
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
