import { useTranslation } from 'react-i18next';
import { Anchor, Button, Group, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { organisingApi } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { formatDateTime, formatNumber } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { SimpleTable } from '../../common/components/DataTable';

/** Dynamic groups: name, current member count, last change. */
export function GroupsPage() {
  const { t } = useTranslation('groups');
  usePageTitle(t('list.title'));
  const q = useQuery({ queryKey: ['groups'], queryFn: organisingApi.groups });
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          {t('list.title')}
        </Title>
        <Button component={Link} to="/groups/new">
          {t('list.new')}
        </Button>
      </Group>
      <ErrorAlert error={q.error} />
      {q.isLoading && <Loader aria-label={t('list.loading')} />}
      {q.data && (
        <Paper withBorder>
          <SimpleTable columns={[t('list.name'), t('list.members'), t('list.changed')]}>
            {q.data.items.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/groups/${encodeURIComponent(g.id)}`}>
                    {g.name}
                  </Anchor>
                  {g.hasDateRules && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {t('list.daily')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{formatNumber(g.memberCount)}</Table.Td>
                <Table.Td>{formatDateTime(g.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
            {q.data.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Text c="dimmed">{t('list.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </SimpleTable>
        </Paper>
      )}
    </>
  );
}
