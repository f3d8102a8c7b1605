import { useTranslation } from 'react-i18next';
import { Anchor, Checkbox, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { User } from '../../common/api';
import { StatusBadge } from '../../common/components/StatusBadge';
import { formatDate, fullName, roleLabel } from '../../common/lib/format';

/** The people shown, with a selection column when the caller can act on a selection. */
export function PeopleTable({
  users,
  canSelect,
  selected,
  setSelected,
}: {
  users: User[];
  canSelect: boolean;
  selected: Set<string>;
  setSelected: (update: (prev: Set<string>) => Set<string>) => void;
}) {
  const { t } = useTranslation('people');
  const allSelected = users.length > 0 && users.every((u) => selected.has(u.id));
  const someSelected = users.some((u) => selected.has(u.id));

  function toggle(id: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  return (
    <Table.ScrollContainer minWidth={720}>
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
            <Table.Th>{t('table.name')}</Table.Th>
            <Table.Th>{t('table.email')}</Table.Th>
            <Table.Th>{t('table.status')}</Table.Th>
            <Table.Th>{t('table.role')}</Table.Th>
            <Table.Th>{t('table.created')}</Table.Th>
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
              <Table.Td>
                <Anchor component={Link} to={`/people/${encodeURIComponent(u.id)}`} fw={500}>
                  {fullName(u)}
                </Anchor>
                {u.onBreak && (
                  <Text span size="xs" c="dark.6" ml={6}>
                    {t('table.onBreak')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{u.email ?? '—'}</Table.Td>
              <Table.Td>
                <StatusBadge status={u.status} />
                {u.deletedAt && (
                  <Text size="xs" c="red.9">
                    {t('table.deleted', { date: formatDate(u.deletedAt) })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{roleLabel(u.role)}</Table.Td>
              <Table.Td>{formatDate(u.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
