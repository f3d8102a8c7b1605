import { useTranslation } from 'react-i18next';
import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { importsApi, isRunning } from './importsApi';
import { ImportStateBadge } from './Badges';
import { modeLabel } from './importText';
import { formatDateTime, formatNumber } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { DataTable } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';

/** The list's place when there are no imports yet: what an import is for. */
function NoImportsYet() {
  const { t } = useTranslation('imports');
  return (
    <Paper withBorder p="lg">
      <Text fw={600}>{t('list.empty')}</Text>
      <Text size="sm" c="dark.7">
        {t('list.emptyHelp')}
      </Text>
    </Paper>
  );
}

/** Recent CSV imports and the way to start a new one. */
export function ImportsPage() {
  const { t } = useTranslation('imports');
  usePageTitle(t('list.title'));
  const q = useQuery({
    queryKey: ['imports'],
    queryFn: importsApi.list,
    refetchInterval: (query) => (query.state.data?.items.some((i) => isRunning(i.state)) ? 2000 : false),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('list.title')}</Title>
        <Group gap="sm">
          <Button component="a" href={importsApi.templateUrl} download variant="default">
            {t('list.template')}
          </Button>
          <Button component={Link} to="/imports/new">
            {t('page.new')}
          </Button>
        </Group>
      </Group>
      <Text c="dark.7">
        {t('list.intro')}{' '}
        <Anchor component={Link} to="/imports/help" underline="always">
          {t('list.howItWorks')}
        </Anchor>
      </Text>
      <QueryState query={q} texts="imports:list" empty={<NoImportsYet />}>
        {(data) => (
          <DataTable
            minWidth={760}
            aria-label={t('list.label')}
            columns={[t('list.file'), t('list.state'), t('list.mode'), t('list.rows'), t('list.by'), t('list.started')]}
          >
            {data.items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/imports/${encodeURIComponent(i.id)}`}>
                    {i.fileName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <ImportStateBadge state={i.state} />
                </Table.Td>
                <Table.Td>{modeLabel(i.mode)}</Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {t('list.counts', {
                      create: formatNumber(i.counts.create),
                      update: formatNumber(i.counts.update),
                      error: formatNumber(i.counts.error),
                    })}
                  </Text>
                </Table.Td>
                <Table.Td>{i.createdBy?.name ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(i.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </QueryState>
    </Stack>
  );
}
