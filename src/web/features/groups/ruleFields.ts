import { ENGAGEMENTS, ROLES, STATUSES } from '../../../common/domain';
import type { CustomField } from '../../common/api';
import { roleLabel, statusLabel } from '../../common/lib/format';
import { i18next } from '../../i18n';

/** The rule builder's view of docs/api.md fields: kinds, operators and labels (the server validates again). */
export { OPS_BY_KIND, type Kind } from '../../../common/rules';
import { CUSTOM_FIELD_KIND, OPS_BY_KIND, type Kind } from '../../../common/rules';

export interface FieldDef {
  value: string;
  label: string;
  kind: Kind;
  options?: { value: string; label: string }[];
}

// Labels are read when the builder renders, in the UI's language: operators are groups:op.<op> (dates:
// groups:dateOp.<op>), built-in fields groups:field.<field>.
const OPS = new Set<string>(Object.values(OPS_BY_KIND).flat());
const DATE_OPS = new Set(['eq', 'neq', 'lt', 'lte', 'gt', 'gte']);

const opts = (values: readonly string[], label: (v: string) => string = (v) => v) =>
  values.map((v) => ({ value: v, label: label(v) }));

/** The fields every organisation has, labelled in the UI's language. */
function builtinFields(): FieldDef[] {
  const field = (value: string, kind: Kind, options?: FieldDef['options']): FieldDef => ({
    value,
    label: i18next.t(`groups:field.${value}`),
    kind,
    ...(options ? { options } : {}),
  });
  return [
    field('status', 'enum', opts(STATUSES, statusLabel)),
    field('role', 'enum', opts(ROLES, roleLabel)),
    field('teamId', 'team'),
    field('managerId', 'user'),
    field('department', 'text'),
    field('location', 'text'),
    field('jobTitle', 'text'),
    field('language', 'text'),
    field('hireDate', 'date'),
    field('createdAt', 'date'),
    field('emailDomain', 'text'),
    field('onBreak', 'boolean'),
    field(
      'engagement',
      'enum',
      opts(ENGAGEMENTS, (v) => i18next.t(`groups:engagement.${v}`)),
    ),
  ];
}

export function allFields(customFields: CustomField[]): FieldDef[] {
  return [
    ...builtinFields(),
    ...customFields.map((f) => ({
      value: `cf.${f.key}`,
      label: f.label,
      kind: CUSTOM_FIELD_KIND[f.type] ?? 'text',
      options: f.options ? opts(f.options) : undefined,
    })),
  ];
}

export function opLabel(kind: Kind, op: string): string {
  if (kind === 'date' && DATE_OPS.has(op)) return i18next.t(`groups:dateOp.${op}`);
  return OPS.has(op) ? i18next.t(`groups:op.${op}`) : op;
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
