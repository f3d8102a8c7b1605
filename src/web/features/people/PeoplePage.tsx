import { useEffect, useMemo, useState } from 'react';
import { Anchor, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { STATUS_LABELS, type Status } from '../../../common/domain';
import { api, organisingApi, type User } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { ExportMenu } from '../../common/components/ExportMenu';
import { LoadMore } from '../../common/components/LoadMore';
import { fullName, teamSelectData } from '../../common/lib/format';
import { useAbilities, useSession } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { BulkBar } from './BulkBar';
import { CreateUserModal } from './CreateUserModal';
import { PeopleFilters } from './PeopleFilters';
import { PeopleTable } from './PeopleTable';
import { StatusCounts } from './StatusCounts';
import { filtersActive, NO_FILTERS, usePeopleFilters } from './usePeopleFilters';

/** The People list: counts by status, filters, the list with a selection, and bulk actions on it. */
export function PeoplePage() {
  usePageTitle('People');
  const abilities = useAbilities();
  const session = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { filters, update } = usePeopleFilters();
  const [search, setSearch] = useState(filters.q ?? '');
  // The search box writes to the URL 300 ms after the last keystroke (it reads the filters of that moment).
  const pushSearch = useDebouncedCallback((value: string) => {
    if (value.trim() !== (filters.q ?? '')) update({ q: value.trim() });
  }, 300);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [createOpen, setCreateOpen] = useState(false);
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => organisingApi.teams() });
  const canSeeGroups = abilities.has('groups.manage');
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => organisingApi.groups(), enabled: canSeeGroups });
  const teamList = teams.data?.items ?? [];
  const teamOptions = teamSelectData(teamList);
  const canManage = new Set(teamList.filter((t) => t.canManage).map((t) => t.id));
  const manageableTeams = teamOptions.filter((o) => canManage.has(o.value));

  const filterKey = JSON.stringify(filters);
  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
  }, [filterKey]);

  const list = useInfiniteQuery({
    queryKey: ['users', filters],
    queryFn: ({ pageParam }) => api.listUsers(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const counts = useQuery({
    queryKey: ['users-counts', { ...filters, status: undefined, sort: undefined }],
    queryFn: () => api.userCounts(filters),
  });

  const users: User[] = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total ?? 0;

  const canLifecycle = abilities.has('people.lifecycle');
  const canInvite = abilities.has('people.invite');
  const canSelect =
    (canLifecycle || canInvite || manageableTeams.length > 0 || abilities.has('people.delete')) && !filters.deleted;

  function toggleStatus(s: Status) {
    const cur = filters.status ?? [];
    update({ status: cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s] });
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1}>People</Title>
        <Group gap="xs">
          {abilities.has('people.view') && (
            <ExportMenu what="people" href={(format) => api.exportUsersUrl(filters, format)} />
          )}
          {canInvite && <Button onClick={() => setCreateOpen(true)}>Add person</Button>}
        </Group>
      </Group>

      <StatusCounts
        data={counts.data}
        selected={filters.status ?? []}
        onToggle={toggleStatus}
        onAll={() => update({ status: [] })}
      />

      <PeopleFilters
        filters={filters}
        update={update}
        search={search}
        onSearch={(value) => {
          setSearch(value);
          pushSearch(value);
        }}
        teamOptions={teamOptions}
        teamsLoading={teams.isPending}
        teamsFailed={Boolean(teams.error)}
        groups={
          canSeeGroups
            ? {
                options: (groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name })),
                loading: groups.isPending,
                failed: Boolean(groups.error),
              }
            : null
        }
        canShowDeleted={abilities.has('people.delete')}
      />

      {canSelect && (
        <BulkBar
          selected={selected}
          setSelected={setSelected}
          users={users}
          canLifecycle={canLifecycle}
          canInvite={canInvite}
          manageableTeams={manageableTeams}
          abilities={abilities}
          isOwner={session.data?.user.role === 'owner'}
          filters={filters}
          total={total}
          allMatching={allMatching}
          setAllMatching={(on) => {
            setAllMatching(on);
            if (!on) setSelected(new Set(users.map((u) => u.id)));
          }}
        />
      )}

      {list.error ? (
        <ErrorAlert error={list.error} title="Could not load people" />
      ) : list.isPending ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Loading people" />
        </Group>
      ) : users.length === 0 ? (
        <Paper withBorder p="xl" ta="center">
          <Stack align="center" gap="xs">
            {filtersActive(filters) ? (
              <>
                <Text fw={600} size="lg" c="dark.9">
                  No people match these filters
                </Text>
                <Button
                  variant="default"
                  onClick={() => {
                    setSearch('');
                    pushSearch.cancel();
                    update(NO_FILTERS);
                  }}
                >
                  Clear filters
                </Button>
              </>
            ) : (
              <>
                <Text fw={600} size="lg" c="dark.9">
                  No people yet — add the first person
                </Text>
                {canInvite && <Button onClick={() => setCreateOpen(true)}>Add the first person</Button>}
              </>
            )}
          </Stack>
        </Paper>
      ) : (
        <>
          <PeopleTable
            users={users}
            canSelect={canSelect}
            selected={selected}
            setSelected={(update) => {
              setAllMatching(false);
              setSelected(update);
            }}
          />
          <LoadMore shown={users.length} total={total} list={list} />
        </>
      )}

      <CreateUserModal
        opened={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(u) => {
          notifications.show({
            title: 'Person added',
            message: (
              <Text size="sm">
                {fullName(u)} was added ({STATUS_LABELS[u.status] ?? u.status}).{' '}
                <Anchor component="button" size="sm" onClick={() => navigate(`/people/${encodeURIComponent(u.id)}`)}>
                  Open profile
                </Anchor>
              </Text>
            ),
            color: 'green',
          });
          void qc.invalidateQueries({ queryKey: ['users'] });
          void qc.invalidateQueries({ queryKey: ['users-counts'] });
        }}
      />
    </Stack>
  );
}
