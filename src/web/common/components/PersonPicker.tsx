import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { fullName } from '../lib/format';

interface Props {
  label: string;
  placeholder?: string;
  description?: string;
  nothingFound?: string;
  value: string | null;
  onChange: (userId: string | null) => void;
  error?: string;
  /** People not to offer (the team's current managers, say). */
  excludeIds?: readonly string[];
  w?: number | string;
}

/**
 * Choose a person by typing part of their name or email: the People API's search, so only people the signed-in
 * user may see are offered. Keyboard: type, arrows, Enter; the chosen person stays shown while searching again.
 */
export function PersonPicker({
  label,
  placeholder,
  description,
  nothingFound,
  value,
  onChange,
  error,
  excludeIds,
  w,
}: Props) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const found = useQuery({
    queryKey: ['person-picker', q],
    queryFn: () => api.listUsers({ q, sort: 'name' }, null, 20),
    retry: false,
  });
  const options = (found.data?.items ?? [])
    .filter((u) => !excludeIds?.includes(u.id))
    .map((u) => ({ value: u.id, label: u.email ? `${fullName(u)} <${u.email}>` : fullName(u) }));
  if (chosen && chosen.value === value && !options.some((o) => o.value === chosen.value)) options.unshift(chosen);
  return (
    <Select
      label={label}
      placeholder={placeholder}
      description={description}
      nothingFoundMessage={found.isFetching ? undefined : nothingFound}
      data={options}
      value={value}
      onChange={(id, option) => {
        setChosen(id && option ? { value: id, label: option.label } : null);
        onChange(id);
      }}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      error={error}
      w={w}
    />
  );
}
