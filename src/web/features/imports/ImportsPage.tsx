import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { importsApi, isRunning } from './importsApi';
import { ImportStateBadge } from './Badges';
import { MODE_LABELS } from './importText';
import { formatDateTime } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { DataTable } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';

/** Recent CSV imports and the way to start a new one. */
export function ImportsPage() {
  usePageTitle('Imports');
  const q = useQuery({
    queryKey: ['imports'],
    queryFn: importsApi.list,
    refetchInterval: (query) => (query.state.data?.items.some((i) => isRunning(i.state)) ? 2000 : false),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Imports</Title>
        <Group gap="sm">
          <Button component="a" href={importsApi.templateUrl} download variant="default">
            Download CSV template
          </Button>
          <Button component={Link} to="/imports/new">
            New import
          </Button>
        </Group>
      </Group>
      <Text c="dark.7">
        Add people, or update the people you already have, from a CSV file. Every import is previewed before anything is
        written.{' '}
        <Anchor component={Link} to="/imports/help" underline="always">
          How imports work
        </Anchor>
      </Text>
      <QueryState
        query={q}
        loading="Loading imports"
        errorTitle="Could not load imports"
        empty={
          <Paper withBorder p="lg">
            <Text fw={600}>No imports yet.</Text>
            <Text size="sm" c="dark.7">
              Download the template, fill in one row per person, then choose “New import”.
            </Text>
          </Paper>
        }
      >
        {(data) => (
          <DataTable
            minWidth={760}
            aria-label="Recent imports"
            columns={['File', 'State', 'Mode', 'Rows', 'By', 'Started']}
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
                <Table.Td>{MODE_LABELS[i.mode] ?? i.mode}</Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {i.counts.create} create · {i.counts.update} update · {i.counts.error} errors
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
