import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../common/api';
import { http } from '../../common/api/client';
import { fullName } from '../../common/lib/format';
import type { ApiToken } from '../../../common/contract/admin';

interface Option {
  value: string;
  label: string;
}

/**
 * A person chosen by name or email (the People list's search, so only people the reader may see). The chosen
 * person stays among the options while the search moves on, and an id given in the address is named.
 */
export function PersonPicker({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const { t } = useTranslation('audit');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [chosen, setChosen] = useState<Option | null>(null);
  const found = useQuery({
    queryKey: ['audit-person-picker', q],
    queryFn: () => api.listUsers({ q, sort: 'name' }, null, 20),
    retry: false,
  });
  const given = useQuery({
    queryKey: ['user', value],
    queryFn: () => api.getUser(value!),
    enabled: Boolean(value) && chosen?.value !== value,
    retry: false,
  });
  const options: Option[] = (found.data?.items ?? []).map((u) => ({
    value: u.id,
    label: u.email ? `${fullName(u) || u.email} · ${u.email}` : fullName(u),
  }));
  const current =
    chosen?.value === value
      ? chosen
      : value && given.data
        ? { value, label: `${fullName(given.data) || given.data.email} · ${given.data.email}` }
        : null;
  if (current && !options.some((o) => o.value === current.value)) options.unshift(current);
  return (
    <Select
      label={label}
      placeholder={t('pickers.personPlaceholder')}
      data={options}
      value={value}
      onChange={(id) => {
        setChosen(options.find((o) => o.value === id) ?? null);
        onChange(id);
      }}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      // The server already searched names and emails.
      filter={({ options: all }) => all}
      nothingFoundMessage={found.isError ? t('pickers.peopleUnavailable') : t('pickers.nobody')}
      w={{ base: '100%', sm: 260 }}
    />
  );
}

/** The organisation's API and SCIM tokens by name; absent for a reader who may not list tokens. */
export function TokenPicker({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
}) {
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
