import { useState } from 'react';
import { Select, type SelectProps } from '@mantine/core';
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
  /** Shown instead of `nothingFound` when the search itself is refused (a reader who may not list people). */
  unavailable?: string;
  /** People not to offer (the team's current managers, say). */
  excludeIds?: readonly string[];
  /** How a person is written in the list; by default "Name <email>". */
  optionLabel?: (u: Person) => string;
  w?: SelectProps['w'];
}

type Person = { firstName: string; lastName: string; email: string | null };

/**
 * Typing in a select of people: `found` is the People API's search for the text typed (debounced, 20 by name);
 * `searchProps` make a Select or MultiSelect searchable with that text; `clear` empties it.
 */
export function usePersonSearch(queryKey: string, options: { retry?: boolean; staleTime?: number } = {}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const found = useQuery({
    queryKey: [queryKey, q],
    queryFn: () => api.listUsers({ q, sort: 'name' }, null, 20),
    ...options,
  });
  const searchProps = { searchable: true, searchValue: search, onSearchChange: setSearch };
  return { found, searchProps, clear: () => setSearch('') };
}
const nameAndEmail = (u: Person) => (u.email ? `${fullName(u)} <${u.email}>` : fullName(u));

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
  unavailable,
  excludeIds,
  optionLabel = nameAndEmail,
  w,
}: Props) {
  const { found, searchProps } = usePersonSearch('person-picker', { retry: false });
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  // An id given from outside (a filter in the address) is named by reading that person.
  const given = useQuery({
    queryKey: ['user', value],
    queryFn: () => api.getUser(value!),
    enabled: Boolean(value) && chosen?.value !== value,
    retry: false,
  });
  const options = (found.data?.items ?? [])
    .filter((u) => !excludeIds?.includes(u.id))
    .map((u) => ({ value: u.id, label: optionLabel(u) }));
  const current =
    chosen?.value === value ? chosen : value && given.data ? { value, label: optionLabel(given.data) } : null;
  if (current && !options.some((o) => o.value === current.value)) options.unshift(current);
  return (
    <Select
      label={label}
      placeholder={placeholder}
      description={description}
      nothingFoundMessage={found.isError ? (unavailable ?? nothingFound) : found.isFetching ? undefined : nothingFound}
      data={options}
      value={value}
      onChange={(id, option) => {
        setChosen(id && option ? { value: id, label: option.label } : null);
        onChange(id);
      }}
      {...searchProps}
      clearable
      filter={({ options: all }) => all}
      error={error}
      w={w}
    />
  );
}
