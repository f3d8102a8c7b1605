import { useTranslation } from 'react-i18next';
import { Checkbox, Table, UnstyledButton } from '@mantine/core';
import type { CustomField, User } from '../../common/api';
import { fullName } from '../../common/lib/format';
import { ListedPersonName } from '../../common/components/ListedPersonName';
import { NAME_COLUMN, SORTABLE_COLUMNS } from '../../../common/peopleColumns';
import { cellValue, columnLabel } from './peopleCells';

/** The sticky first column on a narrow screen: the name stays in view while the others scroll. */
const STICKY = { position: 'sticky', left: 0, zIndex: 1, background: 'var(--mantine-color-body)' } as const;

/**
 * The people shown, in the chosen columns after the name, with a selection column when the caller can act on a
 * selection. Sortable headers are buttons (Enter or Space sorts; again reverses) and carry aria-sort.
 */
export function PeopleTable({
  users,
  columns,
  fields,
  sort,
  onSort,
  narrow,
  canSelect,
  selected,
  setSelected,
}: {
  users: User[];
  /** The chosen columns after the name (src/common/peopleColumns.ts). */
  columns: string[];
  fields: Map<string, CustomField>;
  sort: string;
  onSort: (sort: string) => void;
  /** A narrow screen: the status right after the name, the name column sticky. */
  narrow: boolean;
  canSelect: boolean;
  selected: Set<string>;
  setSelected: (update: (prev: Set<string>) => Set<string>) => void;
}) {
  const { t } = useTranslation('people');
  const allSelected = users.length > 0 && users.every((u) => selected.has(u.id));
  const someSelected = users.some((u) => selected.has(u.id));
  const shown = narrow ? ['status', ...columns.filter((c) => c !== 'status')] : columns;
  const sortKey = sort.replace(/^-/, '');
  const desc = sort.startsWith('-');

  function toggle(id: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function header(key: string) {
    const label = key === NAME_COLUMN ? t('table.name') : columnLabel(t, key, fields);
    const by = SORTABLE_COLUMNS[key];
    if (!by) return <Table.Th key={key}>{label}</Table.Th>;
    const active = sortKey === by;
    const next = active && !desc ? `-${by}` : by;
    return (
      <Table.Th
        key={key}
        aria-sort={active ? (desc ? 'descending' : 'ascending') : 'none'}
        style={key === NAME_COLUMN && narrow ? STICKY : undefined}
      >
        <UnstyledButton
          onClick={() => onSort(next)}
          title={t(active && !desc ? 'columns.sortDesc' : 'columns.sortAsc', { column: label })}
          fw={700}
          fz="sm"
        >
          {label}
          <span aria-hidden="true" style={{ marginLeft: 4, opacity: active ? 1 : 0.35 }}>
            {active ? (desc ? '▼' : '▲') : '↕'}
          </span>
        </UnstyledButton>
      </Table.Th>
    );
  }

  return (
    <Table.ScrollContainer minWidth={narrow ? 360 : Math.max(720, 160 * (shown.length + 1))}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('table.label')}>
        <Table.Thead>
          <Table.Tr>
            {canSelect && (
              <Table.Th w={40}>
                <Checkbox
                  aria-label={t('table.selectAll')}
                  checked={allSelected}
                  indeterminate={someSelected && !allSelected}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setSelected((prev) => {
                      const next = new Set(prev);
                      for (const u of users) {
                        if (on) next.add(u.id);
                        else next.delete(u.id);
                      }
                      return next;
                    });
                  }}
                />
              </Table.Th>
            )}
            {header(NAME_COLUMN)}
            {shown.map(header)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((u) => (
            <Table.Tr key={u.id} bg={selected.has(u.id) ? 'blue.0' : undefined}>
              {canSelect && (
                <Table.Td>
                  <Checkbox
                    aria-label={t('table.select', { name: fullName(u) })}
                    checked={selected.has(u.id)}
                    onChange={(e) => toggle(u.id, e.currentTarget.checked)}
                  />
                </Table.Td>
              )}
              <Table.Td style={narrow ? STICKY : undefined}>
                <ListedPersonName person={u} />
              </Table.Td>
              {shown.map((key) => (
                <Table.Td key={key}>{cellValue(t, u, key)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
