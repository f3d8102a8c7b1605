import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '@mantine/hooks';
import { Anchor, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { accessApi } from '../../common/api';
import { FilterBar } from '../../common/components/FilterBar';
import { QueryState } from '../../common/components/QueryState';
import { StatusBadge } from '../../common/components/StatusBadge';
import { fullName } from '../../common/lib/format';
import { useSession } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { LoadMore } from '../../common/components/LoadMore';
import { DataTable } from '../../common/components/DataTable';
import { ListedPersonName } from '../../common/components/ListedPersonName';

const PAGE = 100;

/** The list's place when no one is in it: nobody matches the filters, or nobody reports to the reader yet. */
function NobodyListed({ filtered }: { filtered: boolean }) {
  const { t } = useTranslation('teams');
  return (
    <Paper withBorder p="xl" ta="center">
      <Text fw={600} size="lg" c="dark.9">
        {filtered ? t('myTeam.noMatch') : t('myTeam.empty')}
      </Text>
      {!filtered && (
        <Text size="sm" c="dark.7">
          {t('myTeam.emptyHint')}
        </Text>
      )}
    </Paper>
  );
}

/** The signed-in person's reports, a page at a time: everyone below them, or direct reports only. */
function useReports(meId: string, scope: 'all' | 'direct', search: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['my-team', meId, scope, search],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => accessApi.reports(meId, scope, search, pageParam, PAGE),
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

export function MyTeamPage() {
  const { t } = useTranslation('teams');
  usePageTitle(t('myTeam.title'));
  const { data: session } = useSession();
  const meId = session?.user.id ?? '';
  const [scope, setScope] = useState<'all' | 'direct'>('all');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const q = useReports(meId, scope, debounced, Boolean(meId && session?.isManager));
  const shown = useMemo(() => (q.data?.pages ?? []).flatMap((p) => p.items), [q.data]);
  const total = q.data?.pages[0]?.total ?? 0;

  if (!session?.isManager) {
    return (
      <Stack maw={640}>
        <Title order={1}>{t('myTeam.title')}</Title>
        <Text>{t('myTeam.notManager')}</Text>
      </Stack>
    );
  }

  const byId = new Map(shown.map((u) => [u.id, u]));
  const filtered = scope === 'direct' || debounced !== '';

  return (
    <Stack gap="md">
      <Title order={1}>{t('myTeam.title')}</Title>
      <Text c="dark.7">{t('myTeam.intro')}</Text>
      <FilterBar searchKeys="teams:myTeam" search={search} onSearch={setSearch}>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="my-team-scope-label">
            {t('myTeam.show')}
          </Text>
          <SegmentedControl
            aria-labelledby="my-team-scope-label"
            value={scope}
            onChange={(v) => setScope(v as 'all' | 'direct')}
            data={[
              { value: 'all', label: t('myTeam.everyone') },
              { value: 'direct', label: t('myTeam.direct') },
            ]}
          />
        </Stack>
      </FilterBar>

      <QueryState query={q} texts="teams:myTeam" loaderCentered empty={<NobodyListed filtered={filtered} />}>
        {() => (
          <>
            <DataTable
              minWidth={640}
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('myTeam.title')}
              columns={[t('myTeam.name'), t('myTeam.jobTitle'), t('myTeam.status'), t('myTeam.reportsTo')]}
            >
              {shown.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <ListedPersonName person={u} />
                  </Table.Td>
                  <Table.Td>{u.jobTitle || '—'}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={u.status} />
                  </Table.Td>
                  <Table.Td>
                    {u.managerId === meId || !u.managerId ? (
                      t('myTeam.you')
                    ) : (
                      <Anchor component={Link} to={`/people/${encodeURIComponent(u.managerId)}`}>
                        {byId.has(u.managerId) ? fullName(byId.get(u.managerId)!) : t('myTeam.theirManager')}
                      </Anchor>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
            <LoadMore shown={shown.length} total={total} list={q} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
