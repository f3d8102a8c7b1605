import { useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Anchor, Button, Collapse, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedCallback, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { Status } from '../../../common/domain';
import { api, organisingApi, type StatusCounts as Counts, type User } from '../../common/api';
import { QueryState } from '../../common/components/QueryState';
import { ExportMenu } from '../../common/components/ExportMenu';
import { LoadMore } from '../../common/components/LoadMore';
import { fullName, statusLabel, teamSelectData } from '../../common/lib/format';
import { useAbilities, useSession } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { BulkBar } from './BulkBar';
import { CreateUserModal } from './CreateUserModal';
import { PeopleFilters } from './PeopleFilters';
import { PeopleTable } from './PeopleTable';
import { StatusCounts } from './StatusCounts';
import { usePeopleSelection } from './usePeopleSelection';
import { filtersActive, NO_FILTERS, usePeopleFilters, viewFiltersOf } from './usePeopleFilters';
import { ColumnChooser, availableColumns } from './ColumnChooser';
import { SavedViews } from './SavedViews';
import { DEFAULT_COLUMNS, exportColumnsFor } from '../../../common/peopleColumns';

/** The People list: counts by status, filters, the list with a selection, and bulk actions on it. */
export function PeoplePage() {
  const { t } = useTranslation('people');
  usePageTitle(t('page.title'));
  const abilities = useAbilities();
  const session = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { filters, update, viewId, openView } = usePeopleFilters();
  // A phone-wide screen (390 px): the filters fold behind a button, the name and status stay in view. Read on the
  // first render (no server rendering here), so the filters do not show and then fold away as the page opens.
  const narrow = useMediaQuery('(max-width: 48em)', undefined, { getInitialValueInEffect: false }) ?? false;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const customFields = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.customFields(), staleTime: 60_000 });
  const fieldList = useMemo(() => customFields.data?.items ?? [], [customFields.data]);
  const fieldMap = useMemo(() => new Map(fieldList.map((f) => [f.key, f])), [fieldList]);
  const prefs = useQuery({ queryKey: ['people-columns'], queryFn: () => api.peopleColumns(), retry: false });
  const views = useQuery({ queryKey: ['people-views'], queryFn: () => api.peopleViews(), retry: false });
  const activeView = views.data?.items.find((v) => v.id === viewId) ?? null;
  const known = new Set(availableColumns(fieldList));
  // The view's columns while one is shown, else the person's own, else today's; columns gone since are skipped.
  const columns = (activeView?.columns ?? prefs.data?.columns ?? DEFAULT_COLUMNS).filter(
    (c) => known.has(c) || (c.startsWith('cf.') && customFields.isPending),
  );
  const [search, setSearch] = useState(filters.q ?? '');
  // The search box writes to the URL 300 ms after the last keystroke (it reads the filters of that moment).
  const pushSearch = useDebouncedCallback((value: string) => {
    if (value.trim() !== (filters.q ?? '')) update({ q: value.trim() });
  }, 300);
  const [createOpen, setCreateOpen] = useState(false);
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => organisingApi.teams() });
  const canSeeGroups = abilities.has('groups.manage');
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => organisingApi.groups(), enabled: canSeeGroups });
  const teamList = teams.data?.items ?? [];
  const teamOptions = teamSelectData(teamList);
  const canManage = new Set(teamList.filter((t) => t.canManage).map((t) => t.id));
  const manageableTeams = teamOptions.filter((o) => canManage.has(o.value));

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
  const selection = usePeopleSelection(filters, users);
  const total = list.data?.pages[0]?.total ?? 0;
  const totalIsLowerBound = list.data?.pages[0]?.totalIsLowerBound ?? false;
  // "Select all N matching" needs the exact number: the page's total when exact, else the counts by status for
  // the same filters (always exact; docs/decisions/032-list-at-a-million.md). Unknown while they load.
  const matching = totalIsLowerBound ? exactMatching(counts.data, filters.status) : total;

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
        <Title order={1}>{t('page.title')}</Title>
        <Group gap="xs">
          {abilities.has('people.view') && (
            <ExportMenu
              what="people"
              href={(format) => api.exportUsersUrl(filters, format, exportColumnsFor(columns))}
            />
          )}
          {canInvite && <Button onClick={() => setCreateOpen(true)}>{t('page.addPerson')}</Button>}
        </Group>
      </Group>

      <StatusCounts
        data={counts.data}
        selected={filters.status ?? []}
        onToggle={toggleStatus}
        onAll={() => update({ status: [] })}
      />

      <Group gap="xs" align="flex-end" justify="space-between" wrap="wrap">
        <SavedViews
          viewId={viewId}
          current={{ filters: viewFiltersOf(filters), columns, sort: filters.sort ?? '-createdAt' }}
          canShare={session.data?.user.role === 'owner' || session.data?.user.role === 'admin'}
          onOpen={openView}
        />
        <Group gap="xs">
          {narrow && (
            <Button
              variant="default"
              aria-expanded={filtersOpen}
              aria-controls="people-filters"
              onClick={() => setFiltersOpen((o) => !o)}
            >
              {t('filters.toggle')}
            </Button>
          )}
          <ColumnChooser
            columns={columns}
            fields={fieldList}
            onSave={async (chosen) => {
              const saved = await api.setPeopleColumns(chosen);
              qc.setQueryData(['people-columns'], saved);
              if (viewId) openView(null);
            }}
          />
        </Group>
      </Group>

      <Collapse expanded={!narrow || filtersOpen} id="people-filters">
        <PeopleFilters
          customFields={fieldList.filter((f) => f.filterable)}
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
      </Collapse>

      {canSelect && (
        <BulkBar
          selection={selection}
          users={users}
          manageableTeams={manageableTeams}
          abilities={abilities}
          isOwner={session.data?.user.role === 'owner'}
          filters={filters}
          total={matching}
        />
      )}

      <QueryState
        query={list}
        texts="people:page"
        loaderCentered
        empty={
          <Paper withBorder p="xl" ta="center">
            <Stack align="center" gap="xs">
              {filtersActive(filters) ? (
                <>
                  <Text fw={600} size="lg" c="dark.9">
                    {t('page.noMatch')}
                  </Text>
                  <Button
                    variant="default"
                    onClick={() => {
                      setSearch('');
                      pushSearch.cancel();
                      update(NO_FILTERS);
                    }}
                  >
                    {t('page.clearFilters')}
                  </Button>
                </>
              ) : (
                <>
                  <Text fw={600} size="lg" c="dark.9">
                    {t('page.empty')}
                  </Text>
                  {canInvite && <Button onClick={() => setCreateOpen(true)}>{t('page.addFirst')}</Button>}
                </>
              )}
            </Stack>
          </Paper>
        }
      >
        {() => (
          <>
            <PeopleTable
              users={users}
              columns={columns}
              fields={fieldMap}
              sort={filters.sort ?? '-createdAt'}
              onSort={(sort) => update({ sort })}
              narrow={narrow}
              canSelect={canSelect}
              selected={selection.selected}
              setSelected={selection.tick}
            />
            <LoadMore shown={users.length} total={total} totalIsLowerBound={totalIsLowerBound} list={list} />
          </>
        )}
      </QueryState>

      <CreateUserModal
        opened={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(u) => {
          notifications.show({
            title: t('page.added'),
            message: (
              <Text size="sm">
                <Trans
                  t={t}
                  i18nKey="page.addedMessage"
                  values={{ name: fullName(u), status: statusLabel(u.status) }}
                  components={{
                    open: (
                      <Anchor
                        component="button"
                        size="sm"
                        onClick={() => navigate(`/people/${encodeURIComponent(u.id)}`)}
                      />
                    ),
                  }}
                />
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

/** How many people the list's filters match, from the counts by status (which leave the status filter out). */
function exactMatching(counts: Counts | undefined, statuses: Status[] | undefined): number | undefined {
  if (!counts) return undefined;
  if (!statuses?.length) return counts.total;
  return statuses.reduce((sum, s) => sum + (counts.counts[s] ?? 0), 0);
}
