import { useState } from 'react';
import { Loader, Paper, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { organisingApi } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { fullName } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';

/** Search colleagues by name, team, location or job title. */
export function DirectoryPage() {
  usePageTitle('Directory');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const res = useQuery({
    queryKey: ['directory', q],
    queryFn: () => organisingApi.directory(q),
    placeholderData: (prev) => prev,
    retry: false,
  });
  return (
    <>
      <Title order={1} size="h2" mb="md">
        Directory
      </Title>
      <TextInput
        label="Search colleagues"
        description="Name, team, location or job title"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={420}
        mb="md"
      />
      <ErrorAlert error={res.error} />
      {res.isLoading && <Loader aria-label="Searching" />}
      {res.data && (
        <Paper withBorder>
          <Table aria-label="Colleagues">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Job title</Table.Th>
                <Table.Th>Teams</Table.Th>
                <Table.Th>Location</Table.Th>
                <Table.Th>Email</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {res.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{fullName(p)}</Table.Td>
                  <Table.Td>{p.jobTitle ?? '—'}</Table.Td>
                  <Table.Td>{p.teams.map((t) => t.name).join(', ') || '—'}</Table.Td>
                  <Table.Td>{p.location ?? '—'}</Table.Td>
                  <Table.Td>{p.email ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" c="dimmed" p="xs">
            {res.data.total} {res.data.total === 1 ? 'person' : 'people'}
          </Text>
        </Paper>
      )}
    </>
  );
}
