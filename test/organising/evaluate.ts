import {
  fieldInfo,
  INACTIVE_STATUSES,
  mentionedStatuses,
  NEGATIVE,
  type Condition,
  type CustomFieldDef,
  type Rule,
} from '../../src/server/modules/groups/rules';
import type { Person } from './people';

/**
 * A plain in-memory evaluation of group rules, written independently of the SQL compiler:
 * the property test checks that the database agrees with it.
 */
export interface World {
  people: Map<string, Person>;
  teamPaths: Map<string, string>;
  customFields: Map<string, CustomFieldDef>;
  today: string;
}

export function isMember(rule: Rule, p: Person, w: World): boolean {
  if (p.deleted) return false;
  const named = mentionedStatuses(rule);
  if ((INACTIVE_STATUSES as readonly string[]).includes(p.status) && !named.has(p.status)) return false;
  return evaluate(rule, p, w);
}

export function evaluate(rule: Rule, p: Person, w: World): boolean {
  if ('all' in rule) return rule.all.every((r) => evaluate(r, p, w));
  if ('any' in rule) return rule.any.some((r) => evaluate(r, p, w));
  if ('not' in rule) return !evaluate(rule.not, p, w);
  const positive = NEGATIVE[rule.op];
  if (positive) return !condition({ ...rule, op: positive }, p, w);
  return condition(rule, p, w);
}

function condition(c: Condition, p: Person, w: World): boolean {
  const kind = fieldInfo(c.field, w.customFields)!.kind;
  if (kind === 'team') return teamCondition(c, p, w);
  if (c.op === 'reports_to') return chainAbove(p, w).includes(c.value as string);
  if (kind === 'multi') {
    const arr = Array.isArray(p.customFields[c.field.slice(3)]) ? (p.customFields[c.field.slice(3)] as string[]) : [];
    if (c.op === 'contains') return arr.includes(c.value as string);
    if (c.op === 'in') return (c.value as string[]).some((v) => arr.includes(v));
    return arr.length === 0; // is_empty
  }
  const v = valueOf(c.field, kind, p);
  const norm = (x: unknown) => (kind === 'text' && typeof x === 'string' ? x.toLowerCase() : x);
  if (c.op === 'is_empty') return v === null;
  if (v === null) return false;
  switch (c.op) {
    case 'within_last_days': {
      const from = new Date(Date.parse(`${w.today}T00:00:00Z`) - (c.value as number) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      return (v as string) >= from && (v as string) <= w.today;
    }
    case 'in':
      return (c.value as unknown[]).map(norm).includes(v);
    case 'contains':
      return (v as string).includes(norm(c.value) as string);
    case 'starts_with':
      return (v as string).startsWith(norm(c.value) as string);
    case 'eq':
      return v === norm(c.value);
    case 'lt':
      return (v as number) < (c.value as number);
    case 'lte':
      return (v as number) <= (c.value as number);
    case 'gt':
      return (v as number) > (c.value as number);
    case 'gte':
      return (v as number) >= (c.value as number);
    default:
      break;
  }
  throw new Error(`unexpected op ${c.op}`);
}

const textOrNull = (s: string | null | undefined) => (s ? s.toLowerCase() : null);

function valueOf(field: string, kind: string, p: Person): unknown {
  if (field.startsWith('cf.')) {
    const raw = p.customFields[field.slice(3)];
    if (kind === 'number') return typeof raw === 'number' ? raw : null;
    if (kind === 'boolean') return typeof raw === 'boolean' ? raw : null;
    if (kind === 'date') return typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : null;
    if (kind === 'enum') return typeof raw === 'string' && raw ? raw : null;
    return typeof raw === 'string' ? textOrNull(raw) : null;
  }
  switch (field) {
    case 'status':
      return p.status;
    case 'role':
      return p.role;
    case 'engagement':
      return p.status === 'confirmed' ? (p.active ? 'active' : 'activated') : null;
    case 'department':
      return textOrNull(p.department);
    case 'location':
      return textOrNull(p.location);
    case 'jobTitle':
      return textOrNull(p.jobTitle);
    case 'language':
      return textOrNull(p.language);
    case 'emailDomain':
      return textOrNull(p.email?.split('@')[1]);
    case 'hireDate':
      return p.hireDate;
    case 'createdAt':
      return p.createdAt.slice(0, 10);
    case 'onBreak':
      return p.onBreak;
    case 'managerId':
      return p.managerId;
  }
  throw new Error(`unexpected field ${field}`);
}

function teamCondition(c: Condition, p: Person, w: World): boolean {
  switch (c.op) {
    case 'in_team': {
      const { teamId, includeSubteams } = c.value as { teamId: string; includeSubteams?: boolean };
      const root = w.teamPaths.get(teamId);
      if (!includeSubteams || !root) return p.teamIds.includes(teamId);
      return p.teamIds.some((t) => w.teamPaths.get(t)!.startsWith(root));
    }
    case 'eq':
      return p.teamIds.includes(c.value as string);
    case 'in':
      return (c.value as string[]).some((t) => p.teamIds.includes(t));
    case 'is_empty':
      return p.teamIds.length === 0;
    default:
      break;
  }
  throw new Error(`unexpected team op ${c.op}`);
}

/** Managers above a person, nearest first. */
function chainAbove(p: Person, w: World): string[] {
  const out: string[] = [];
  let next = p.managerId;
  while (next && !out.includes(next)) {
    out.push(next);
    next = w.people.get(next)?.managerId ?? null;
  }
  return out;
}
