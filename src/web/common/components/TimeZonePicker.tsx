import { Select } from '@mantine/core';

/** Every IANA time zone this browser knows (the server checks the same way: src/common/profileFields.ts). */
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

interface Props {
  label: string;
  placeholder?: string;
  nothingFound?: string;
  value: string | null;
  onChange: (zone: string | null) => void;
  error?: string;
}

/** A searchable list of time zones ("paris" finds Europe/Paris). */
export function TimeZonePicker({ label, placeholder, nothingFound, value, onChange, error }: Props) {
  const data = value && !ZONES.includes(value) ? [value, ...ZONES] : ZONES;
  return (
    <Select
      label={label}
      placeholder={placeholder}
      nothingFoundMessage={nothingFound}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      limit={50}
      error={error}
    />
  );
}
