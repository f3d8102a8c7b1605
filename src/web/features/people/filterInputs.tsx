import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NativeSelect, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import type { CustomField } from '../../common/api';

/** A text filter that applies 400 ms after the last keystroke, so typing does not ask for a list per key. */
export function DebouncedText({
  label,
  value,
  onChange,
  type = 'text',
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'number' | 'date';
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const push = useDebouncedCallback((v: string) => {
    if (v.trim() !== value) onChange(v.trim());
  }, 400);
  return (
    <TextInput
      label={label}
      type={type}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        push(e.currentTarget.value);
      }}
      style={{ flex: '1 1 160px' }}
    />
  );
}

/** One filterable custom field's input, by its type (the list matches `cf.<key>` exactly; text ignores case). */
export function CustomFieldFilter({
  field,
  value,
  onChange,
}: {
  field: CustomField;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation('people');
  const any = { value: '', label: t('filters.any') };
  if (field.type === 'single_select' || field.type === 'multi_select')
    return (
      <NativeSelect
        label={field.label}
        data={[any, ...field.options.map((o) => ({ value: o, label: o }))]}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  if (field.type === 'boolean')
    return (
      <NativeSelect
        label={field.label}
        data={[any, { value: 'true', label: t('filters.yes') }, { value: 'false', label: t('filters.no') }]}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  return (
    <DebouncedText
      label={field.label}
      value={value}
      onChange={onChange}
      type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
    />
  );
}
