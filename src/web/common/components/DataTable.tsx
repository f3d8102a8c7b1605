import { Table, type TableProps } from '@mantine/core';

/** A striped table that scrolls sideways below `minWidth`: its column headings, then the rows given as children. */
export function DataTable({
  columns,
  minWidth,
  children,
  ...table
}: TableProps & { columns: React.ReactNode[]; minWidth: number }) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped {...table}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c, i) => (
              <Table.Th key={i}>{c}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The heading of a column of row actions: read by screen readers, not shown. */
export const ACTIONS_COLUMN = <span className="mantine-visually-hidden">Actions</span>;
