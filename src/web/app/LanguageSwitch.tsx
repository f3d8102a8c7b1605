import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../common/domain';
import { LANGUAGE_NAMES } from '../i18n';

/** A language picker: each language named in itself, so a reader can find theirs whatever the page's language. */
export function LanguageSwitch({ onChange, value }: { onChange: (language: Language) => void; value?: Language }) {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      label={t('common:language')}
      size="xs"
      value={value ?? i18n.language}
      onChange={(e) => onChange(e.currentTarget.value as Language)}
      data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
    />
  );
}
