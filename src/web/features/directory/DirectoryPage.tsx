import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loader, Paper, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { organisingApi } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { fullName } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';

/** Search colleagues by name, team, location or job title. */
export function DirectoryPage() {
  const { t } = useTranslation('directory');
  usePageTitle(t('title'));
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
        {t('title')}
      </Title>
      <TextInput
        label={t('search')}
        description={t('searchHint')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={420}
        mb="md"
      />
      <ErrorAlert error={res.error} />
      {res.isLoading && <Loader aria-label={t('searching')} />}
      {res.data && (
        <Paper withBorder>
          <Table aria-label={t('colleagues')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('name')}</Table.Th>
                <Table.Th>{t('jobTitle')}</Table.Th>
                <Table.Th>{t('teams')}</Table.Th>
                <Table.Th>{t('location')}</Table.Th>
                <Table.Th>{t('email')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {res.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{fullName(p)}</Table.Td>
                  <Table.Td>{p.jobTitle ?? '—'}</Table.Td>
                  <Table.Td>{p.teams.map((team) => team.name).join(', ') || '—'}</Table.Td>
                  <Table.Td>{p.location ?? '—'}</Table.Td>
                  <Table.Td>{p.email ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" c="dimmed" p="xs">
            {t('common:people', { count: res.data.total })}
          </Text>
        </Paper>
      )}
    </>
  );
}
