import type { ReactNode } from 'react';
import { Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';
import { QueryState } from '../../common/components/QueryState';
import { ACTIONS_COLUMN, DataTable } from '../../common/components/DataTable';

/** A row's Remove button in the grants and profiles panels (red: it opens a confirmation). */
function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  const { t } = useTranslation('profile');
  return (
    <Button size="xs" color="red" variant="outline" aria-label={label} onClick={onClick}>
      {t('grants.remove')}
    </Button>
  );
}

/**
 * A person's grants or profile assignments as a table under the heading `headingId`: `cells` writes a row's
 * columns; with `remove` (a reader who may change them) each row ends with its Remove button.
 */
export function RightsTable<T extends { id: string }>({
  query,
  headingId,
  text,
  columns,
  cells,
  remove,
}: {
  query: UseQueryResult<{ items: T[] }>;
  headingId: string;
  text: { loading: string; loadFailed: string; empty: string };
  columns: string[];
  cells: (item: T) => ReactNode;
  remove?: { label: (item: T) => string; onClick: (item: T) => void };
}) {
  return (
    <QueryState
      query={query}
      loading={text.loading}
      errorTitle={text.loadFailed}
      empty={<Text size="sm">{text.empty}</Text>}
      loaderSize="sm"
    >
      {(data) => (
        <DataTable minWidth={560} aria-labelledby={headingId} columns={[...columns, remove && ACTIONS_COLUMN]}>
          {data.items.map((item) => (
            <Table.Tr key={item.id}>
              {cells(item)}
              {remove && (
                <Table.Td>
                  <RemoveButton label={remove.label(item)} onClick={() => remove.onClick(item)} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </QueryState>
  );
}
