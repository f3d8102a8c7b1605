import type { Sql } from '../../db/index';
import type { CustomField } from './customFields';

/** A custom field's key: lower-case letters, digits and _ — safe to write into SQL as a literal. */
export const FIELD_KEY = /^[a-z][a-z0-9_]{0,49}$/;

/**
 * The index a filterable custom field's list filter reads (migration 053, custom_field_filter_index;
 * docs/decisions/034-team-and-field-filters-at-a-million.md): built when a field becomes filterable, dropped
 * when it stops being so or is deleted. Building it reads every person once (seconds at a million).
 */
export async function syncFilterIndex(tx: Sql, field: Pick<CustomField, 'key' | 'type'>, wanted: boolean) {
  await tx.query('select custom_field_filter_index($1, $2, $3)', [field.key, field.type, wanted]);
  // The expression's statistics (created with the index) hold nothing until the table is analyzed; without them
  // the planner takes any value for 0.5 % of the people (decision 034, "Statistics on a field's expression").
  if (wanted && filterExpression(field.key, field.type)) await tx.query('analyze users (custom_fields)');
}

/**
 * The SQL the list compares for `cf.<key>` — textually the expression of the field's index — or null for a
 * key that could not have one (keys are checked at creation: customFieldInputSchema).
 */
export function filterExpression(key: string, type: CustomField['type']): string | null {
  if (!FIELD_KEY.test(key) || type === 'multi_select') return null;
  return type === 'text' ? `lower(u.custom_fields ->> '${key}')` : `(u.custom_fields -> '${key}')`;
}
