import { Table, VisuallyHidden, type TableProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A table with one row of column headings (a `false` one is left out, for columns shown only sometimes), then
 * the rows given as children.
 */
export function SimpleTable({ columns, children, ...table }: TableProps & { columns: (React.ReactNode | false)[] }) {
  return (
    <Table {...table}>
      <Table.Thead>
        <Table.Tr>{columns.map((c, i) => c !== false && <Table.Th key={i}>{c}</Table.Th>)}</Table.Tr>
      </Table.Thead>
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  );
}

/** A SimpleTable, striped, that scrolls sideways below `minWidth`. */
export function DataTable({ minWidth, ...table }: React.ComponentProps<typeof SimpleTable> & { minWidth: number }) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <SimpleTable striped {...table} />
    </Table.ScrollContainer>
  );
}

/**
 * The headings of columns whose words sit under one translation key, in order: `columnHeadings(t, 'runs.columns',
 * ['when', 'rule'])` for `runs.columns.when` and `runs.columns.rule` in `t`'s namespace.
 */
export function columnHeadings(t: (key: string) => string, under: string, names: string[]): string[] {
  return names.map((name) => t(`${under}.${name}`));
}

function ActionsHeading() {
  const { t } = useTranslation();
  return <VisuallyHidden>{t('common:actions')}</VisuallyHidden>;
}

/** The heading of a column of row actions: read by screen readers, not shown. */
export const ACTIONS_COLUMN = <ActionsHeading />;
