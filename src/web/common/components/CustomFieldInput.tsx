import type { ChangeEvent } from 'react';
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
  // Every type's input has the field's label, its error and the form's disabled state.
  const common = { label: field.label || field.key, error, disabled };
  /** A text box's or a list's value: blank is none. */
  const fromText = (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => onChange(e.currentTarget.value || null);
  switch (field.type) {
    case 'boolean':
      return <Checkbox {...common} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'number':
      return (
        <TextInput
          {...common}
          inputMode="decimal"
          value={value === null || value === undefined ? '' : String(value)}
          onChange={(e) => {
            const v = e.currentTarget.value;
            onChange(v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v));
          }}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={typeof value === 'string' ? value.slice(0, 10) : ''}
          onChange={fromText}
        />
      );
    case 'single_select':
      return (
        <NativeSelect
          {...common}
          data={[{ value: '', label: '—' }, ...(field.options ?? []).map((o) => ({ value: o, label: o }))]}
          value={typeof value === 'string' ? value : ''}
          onChange={fromText}
        />
      );
    case 'multi_select':
      return (
        <MultiSelect
          {...common}
          data={field.options ?? []}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={(v) => onChange(v)}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          value={typeof value === 'string' ? value : value == null ? '' : String(value)}
          onChange={fromText}
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
