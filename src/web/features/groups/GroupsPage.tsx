import { Anchor, Button, Group, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { organisingApi } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { formatDateTime } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';

/** Dynamic groups: name, current member count, last change. */
export function GroupsPage() {
  usePageTitle('Groups');
  const q = useQuery({ queryKey: ['groups'], queryFn: organisingApi.groups });
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          Groups
        </Title>
        <Button component={Link} to="/groups/new">
          New group
        </Button>
      </Group>
      <ErrorAlert error={q.error} />
      {q.isLoading && <Loader aria-label="Loading groups" />}
      {q.data && (
        <Paper withBorder>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Members</Table.Th>
                <Table.Th>Changed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/groups/${encodeURIComponent(g.id)}`}>
                      {g.name}
                    </Anchor>
                    {g.hasDateRules && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        · re-evaluated daily
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{g.memberCount}</Table.Td>
                  <Table.Td>{formatDateTime(g.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
              {q.data.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={3}>
                    <Text c="dimmed">No groups yet.</Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </>
  );
}
