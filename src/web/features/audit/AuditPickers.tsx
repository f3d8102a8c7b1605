import { useTranslation } from 'react-i18next';
import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { http } from '../../common/api/client';
import { PersonPicker } from '../../common/components/PersonPicker';
import { fullName } from '../../common/lib/format';
import type { ApiToken } from '../../../common/contract/admin';

/** What the Audit page's filters give a picker: its label and the chosen id (null: any). */
interface AuditPickerProps {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
}

/** A person chosen by name or email (the shared picker, so only people the reader may see), written "Name · email". */
export function AuditPersonPicker({ label, value, onChange }: AuditPickerProps) {
  const { t } = useTranslation('audit');
  return (
    <PersonPicker
      label={label}
      placeholder={t('pickers.personPlaceholder')}
      nothingFound={t('pickers.nobody')}
      unavailable={t('pickers.peopleUnavailable')}
      optionLabel={(u) => (u.email ? `${fullName(u) || u.email} · ${u.email}` : fullName(u))}
      value={value}
      onChange={onChange}
      w={{ base: '100%', sm: 260 }}
    />
  );
}

/** The organisation's API and SCIM tokens by name; absent for a reader who may not list tokens. */
export function TokenPicker({ label, value, onChange }: AuditPickerProps) {
  const { t } = useTranslation('audit');
  const tokens = useQuery({
    queryKey: ['tokens'],
    queryFn: () => http.get<{ items: ApiToken[] }>('/tokens'),
    retry: false,
    staleTime: 60_000,
  });
  if (tokens.isError) return null;
  return (
    <Select
      label={label}
      placeholder={t('pickers.tokenPlaceholder')}
      data={(tokens.data?.items ?? []).map((tok) => ({
        value: tok.id,
        label: tok.scopes.includes('scim') ? t('pickers.hrToken', { name: tok.name }) : tok.name,
      }))}
      value={value}
      onChange={onChange}
      searchable
      clearable
      nothingFoundMessage={t('pickers.noTokens')}
      w={{ base: '100%', sm: 220 }}
    />
  );
}
