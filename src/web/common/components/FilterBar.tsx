import { useTranslation } from 'react-i18next';
import { Group, Paper } from '@mantine/core';
import { SearchInput } from './SearchInput';

/**
 * A list's filters in a framed row above it, wrapping onto more rows when narrow; inputs line up on their boxes.
 * The search box comes first: its label and placeholder are `<searchKeys>.search` and `<searchKeys>.searchPlaceholder`
 * (searchKeys "people:filters", say).
 */
export function FilterBar({
  searchKeys,
  search,
  onSearch,
  children,
}: {
  searchKeys: string;
  /** The search text as typed; the caller debounces it. */
  search: string;
  onSearch: (text: string) => void;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <SearchInput
          label={t(`${searchKeys}.search`)}
          placeholder={t(`${searchKeys}.searchPlaceholder`)}
          value={search}
          onChange={onSearch}
        />
        {children}
      </Group>
    </Paper>
  );
}
