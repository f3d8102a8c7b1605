import { useTranslation } from 'react-i18next';
import { Select } from '@mantine/core';

/** Every IANA time zone this browser knows (the server checks the same way: src/common/profileFields.ts). */
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

interface Props {
  label: string;
  value: string | null;
  onChange: (zone: string | null) => void;
  error?: string;
}

/** A searchable list of time zones ("paris" finds Europe/Paris), with its search hint and "no match" text. */
export function TimeZonePicker(input: Props) {
  const { t } = useTranslation();
  const data = input.value && !ZONES.includes(input.value) ? [input.value, ...ZONES] : ZONES;
  return (
    <Select
      {...input}
      placeholder={t('timeZonePicker.search')}
      nothingFoundMessage={t('timeZonePicker.noMatch')}
      data={data}
      searchable
      clearable
      limit={50}
    />
  );
}
