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
export function TimeZonePicker({ nothingFound, ...input }: Props) {
  const data = input.value && !ZONES.includes(input.value) ? [input.value, ...ZONES] : ZONES;
  return <Select {...input} nothingFoundMessage={nothingFound} data={data} searchable clearable limit={50} />;
}
