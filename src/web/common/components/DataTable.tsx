import { Table, VisuallyHidden, type TableProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A striped table that scrolls sideways below `minWidth`: its column headings (a `false` one is left out, for
 * columns shown only sometimes), then the rows given as children.
 */
export function DataTable({
  columns,
  minWidth,
  children,
  ...table
}: TableProps & { columns: (React.ReactNode | false)[]; minWidth: number }) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped {...table}>
        <Table.Thead>
          <Table.Tr>{columns.map((c, i) => c !== false && <Table.Th key={i}>{c}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ActionsHeading() {
  const { t } = useTranslation();
  return <VisuallyHidden>{t('common:actions')}</VisuallyHidden>;
}

/** The heading of a column of row actions: read by screen readers, not shown. */
export const ACTIONS_COLUMN = <ActionsHeading />;
