import { ENGAGEMENTS, ROLES, ROLE_LABELS, STATUSES, STATUS_LABELS } from '../../../common/domain';
import type { CustomField } from '../../common/api';

/** The rule builder's view of docs/api.md fields: kinds, operators and labels (the server validates again). */
export { OPS_BY_KIND, type Kind } from '../../../common/rules';
import type { Kind } from '../../../common/rules';

export interface FieldDef {
  value: string;
  label: string;
  kind: Kind;
  options?: { value: string; label: string }[];
}

export const OP_LABELS: Record<string, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is any of',
  nin: 'is none of',
  contains: 'contains',
  starts_with: 'starts with',
  lt: 'before / less than',
  lte: 'on or before / at most',
  gt: 'after / more than',
  gte: 'on or after / at least',
  within_last_days: 'within the last N days',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  in_team: 'is in team',
  reports_to: 'reports to (any level)',
};
export const DATE_OP_LABELS: Record<string, string> = {
  eq: 'is on',
  neq: 'is not on',
  lt: 'is before',
  lte: 'is on or before',
  gt: 'is after',
  gte: 'is on or after',
};

const opts = (values: readonly string[], labels?: Record<string, string>) =>
  values.map((v) => ({ value: v, label: labels?.[v] ?? v }));

export const BUILTIN_FIELDS: FieldDef[] = [
  { value: 'status', label: 'Status', kind: 'enum', options: opts(STATUSES, STATUS_LABELS) },
  { value: 'role', label: 'Role', kind: 'enum', options: opts(ROLES, ROLE_LABELS) },
  { value: 'teamId', label: 'Team', kind: 'team' },
  { value: 'managerId', label: 'Manager', kind: 'user' },
  { value: 'department', label: 'Department', kind: 'text' },
  { value: 'location', label: 'Location', kind: 'text' },
  { value: 'jobTitle', label: 'Job title', kind: 'text' },
  { value: 'language', label: 'Language', kind: 'text' },
  { value: 'hireDate', label: 'Hire date', kind: 'date' },
  { value: 'createdAt', label: 'Created on', kind: 'date' },
  { value: 'emailDomain', label: 'Email domain', kind: 'text' },
  { value: 'onBreak', label: 'On a break', kind: 'boolean' },
  { value: 'engagement', label: 'Engagement', kind: 'enum', options: opts(ENGAGEMENTS) },
];

const CF_KIND: Record<string, Kind> = {
  text: 'text',
  number: 'number',
  date: 'date',
  boolean: 'boolean',
  single_select: 'enum',
  multi_select: 'multi',
};

export function allFields(customFields: CustomField[]): FieldDef[] {
  return [
    ...BUILTIN_FIELDS,
    ...customFields.map((f) => ({
      value: `cf.${f.key}`,
      label: f.label,
      kind: CF_KIND[f.type] ?? 'text',
      options: f.options ? opts(f.options) : undefined,
    })),
  ];
}

export function opLabel(kind: Kind, op: string): string {
  return (kind === 'date' && DATE_OP_LABELS[op]) || OP_LABELS[op] || op;
}

/** A sensible starting value when the field or operator changes. */
export function defaultValue(def: FieldDef, op: string): unknown {
  if (op === 'is_empty' || op === 'is_not_empty') return undefined;
  if (op === 'within_last_days') return 30;
  if (op === 'in_team') return { teamId: '', includeSubteams: true };
  if (op === 'in' || op === 'nin') return [];
  if (def.kind === 'boolean') return true;
  if (def.kind === 'enum') return def.options?.[0]?.value ?? '';
  if (def.kind === 'number') return 0;
  return '';
}
