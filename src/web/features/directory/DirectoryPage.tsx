import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, organisingApi } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { SearchInput } from '../../common/components/SearchInput';
import { formatCustomValue } from '../../common/components/CustomFieldInput';
import { LoadMore } from '../../common/components/LoadMore';
import { fullName } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';

/**
 * Search colleagues by name, team, location or job title, 50 at a time ("Load more" follows the server's
 * cursor). Custom fields marked "visible in directory" get a column each; the server sends no others.
 */
export function DirectoryPage() {
  const { t } = useTranslation('directory');
  usePageTitle(t('title'));
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const res = useInfiniteQuery({
    queryKey: ['directory', q],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => organisingApi.directory(q, pageParam),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (prev) => prev,
    retry: false,
  });
  const fields = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.customFields() });
  const shownFields = (fields.data?.items ?? []).filter((f) => f.visibleInDirectory);
  const people = useMemo(() => (res.data?.pages ?? []).flatMap((p) => p.items), [res.data]);
  const total = res.data?.pages[0]?.total ?? 0;
  return (
    <>
      <Title order={1} size="h2" mb="md">
        {t('title')}
      </Title>
      <SearchInput
        label={t('search')}
        description={t('searchHint')}
        value={search}
        onChange={setSearch}
        maw={420}
        mb="md"
      />
      <ErrorAlert error={res.error} />
      {res.isLoading && <Loader aria-label={t('searching')} />}
      {res.data && (
        <Paper withBorder>
          {people.length === 0 ? (
            <Text p="md" c="dimmed">
              {q.trim() ? t('noMatch') : t('empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={600}>
              <Table aria-label={t('colleagues')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('name')}</Table.Th>
                    <Table.Th>{t('jobTitle')}</Table.Th>
                    <Table.Th>{t('teams')}</Table.Th>
                    <Table.Th>{t('location')}</Table.Th>
                    <Table.Th>{t('email')}</Table.Th>
                    {shownFields.map((f) => (
                      <Table.Th key={f.key}>{f.label || f.key}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {people.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{fullName(p)}</Table.Td>
                      <Table.Td>{p.jobTitle ?? '—'}</Table.Td>
                      <Table.Td>{p.teams.map((team) => team.name).join(', ') || '—'}</Table.Td>
                      <Table.Td>{p.location ?? '—'}</Table.Td>
                      <Table.Td>{p.email ?? '—'}</Table.Td>
                      {shownFields.map((f) => (
                        <Table.Td key={f.key}>{formatCustomValue(f, p.customFields[f.key])}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Stack p="xs">
            <LoadMore shown={people.length} total={total} list={res} />
          </Stack>
        </Paper>
      )}
    </>
  );
}
