import { Checkbox, MultiSelect, NativeSelect, TextInput } from '@mantine/core';
import type { CustomField } from '../api';
import { i18next } from '../../i18n';

interface Props {
  field: CustomField;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string;
  disabled?: boolean;
}

export function CustomFieldInput({ field, value, onChange, error, disabled }: Props) {
  const label = field.label || field.key;
  switch (field.type) {
    case 'boolean':
      return (
        <Checkbox
          label={label}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          error={error}
          disabled={disabled}
        />
      );
    case 'number':
      return (
        <TextInput
          label={label}
          inputMode="decimal"
          value={value === null || value === undefined ? '' : String(value)}
          onChange={(e) => {
            const v = e.currentTarget.value;
            onChange(v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v));
          }}
          error={error}
          disabled={disabled}
        />
      );
    case 'date':
      return (
        <TextInput
          label={label}
          type="date"
          value={typeof value === 'string' ? value.slice(0, 10) : ''}
          onChange={(e) => onChange(e.currentTarget.value || null)}
          error={error}
          disabled={disabled}
        />
      );
    case 'single_select':
      return (
        <NativeSelect
          label={label}
          data={[{ value: '', label: '—' }, ...(field.options ?? []).map((o) => ({ value: o, label: o }))]}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value || null)}
          error={error}
          disabled={disabled}
        />
      );
    case 'multi_select':
      return (
        <MultiSelect
          label={label}
          data={field.options ?? []}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={(v) => onChange(v)}
          error={error}
          disabled={disabled}
        />
      );
    default:
      return (
        <TextInput
          label={label}
          value={typeof value === 'string' ? value : value == null ? '' : String(value)}
          onChange={(e) => onChange(e.currentTarget.value || null)}
          error={error}
          disabled={disabled}
        />
      );
  }
}

export function formatCustomValue(field: CustomField | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ') || '—';
  if (typeof value === 'boolean' || field?.type === 'boolean')
    return value ? i18next.t('common:yes') : i18next.t('common:no');
  return String(value);
}
