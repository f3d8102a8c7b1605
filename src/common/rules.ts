import type { CustomFieldType } from './domain';

/**
 * The group-rule vocabulary of docs/api.md that the server (validation, SQL compiler) and the
 * UI's rule builder both need: operators, the kinds of field, and which operators each kind takes.
 */
export const OPS = [
  'eq',
  'neq',
  'in',
  'nin',
  'contains',
  'starts_with',
  'lt',
  'lte',
  'gt',
  'gte',
  'within_last_days',
  'is_empty',
  'is_not_empty',
  'in_team',
  'reports_to',
] as const;
export type Op = (typeof OPS)[number];

/** How a field's values behave: decides the operators and the value each one takes. */
export type Kind = 'enum' | 'text' | 'date' | 'number' | 'boolean' | 'team' | 'user' | 'multi';

export const OPS_BY_KIND: Record<Kind, readonly Op[]> = {
  enum: ['eq', 'neq', 'in', 'nin', 'is_empty', 'is_not_empty'],
  text: ['eq', 'neq', 'in', 'nin', 'contains', 'starts_with', 'is_empty', 'is_not_empty'],
  date: ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'within_last_days', 'is_empty', 'is_not_empty'],
  number: ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'is_empty', 'is_not_empty'],
  boolean: ['eq', 'neq'],
  team: ['in_team', 'eq', 'neq', 'in', 'nin', 'is_empty', 'is_not_empty'],
  user: ['reports_to', 'eq', 'neq', 'in', 'nin', 'is_empty', 'is_not_empty'],
  multi: ['contains', 'in', 'nin', 'is_empty', 'is_not_empty'],
};

/** The kind of each custom field type: a rule on `cf.<key>` takes the operators of its kind. */
export const CUSTOM_FIELD_KIND: Record<CustomFieldType, Kind> = {
  text: 'text',
  number: 'number',
  date: 'date',
  boolean: 'boolean',
  single_select: 'enum',
  multi_select: 'multi',
};
