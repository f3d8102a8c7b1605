import { useEffect, useMemo, useState } from 'react';
import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Loader,
  MultiSelect,
  NativeSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ROLES, ROLE_LABELS, STATUSES, STATUS_LABELS, type Engagement, type Role, type Status } from '../../common/domain';
import { api, organisingApi, type User, type UserFilters } from '../api';
import { ConfirmModal } from '../components/ConfirmModal';
import { CreateUserModal } from '../components/CreateUserModal';
import { ExportMenu } from '../components/ExportMenu';
import { ErrorAlert } from '../components/ErrorAlert';
import { StatusBadge } from '../components/StatusBadge';
import { StatusCounts } from '../components/StatusCounts';
import { formatDate, fullName, roleLabel, teamSelectData } from '../lib/format';
import { useAbilities } from '../lib/session';
import { usePageTitle } from '../lib/usePageTitle';
import { LoadMore } from '../components/LoadMore';

type BulkAction = 'deactivate' | 'reactivate' | 'invite' | 'add_to_team';

const BULK_LABELS: Record<BulkAction, { verb: string; done: string }> = {
  deactivate: { verb: 'Deactivate', done: 'deactivated' },
  reactivate: { verb: 'Reactivate', done: 'reactivated' },
  invite: { verb: 'Send invite', done: 'invited' },
  add_to_team: { verb: 'Add to team', done: 'added to the team' },
};

const SORTS = [
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: 'email', label: 'Email A–Z' },
  { value: '-email', label: 'Email Z–A' },
];

const SIGNED_IN = [
  { value: '', label: 'Any' },
  { value: 'never', label: 'Never signed in' },
  { value: '30d', label: 'Not in the last 30 days' },
  { value: '90d', label: 'Not in the last 90 days' },
];

function useFilters() {
  const [params, setParams] = useSearchParams();
  const filters: UserFilters = useMemo(() => {
    const status = (params.get('status') ?? '')
      .split(',')
      .filter((s): s is Status => (STATUSES as readonly string[]).includes(s));
    const onBreak = params.get('onBreak');
    return {
      q: params.get('q') ?? '',
      status,
      role: (params.get('role') as Role) || null,
      onBreak: onBreak === 'true' ? true : onBreak === 'false' ? false : null,
      engagement: (params.get('engagement') as Engagement) || null,
      inviteDelivery: params.get('inviteDelivery') === 'failed' ? ['failed', 'bounced'] : undefined,
      deleted: params.get('deleted') === 'true',
      sort: params.get('sort') || '-createdAt',
      teamId: params.get('teamId') || null,
      includeSubteams: params.get('includeSubteams') === 'true',
      groupId: params.get('groupId') || null,
      signedIn: (SIGNED_IN.find((o) => o.value === params.get('signedIn'))?.value as UserFilters['signedIn']) || null,
    };
  }, [params]);

  function update(patch: Partial<UserFilters>) {
    const next = { ...filters, ...patch };
    const p = new URLSearchParams();
    if (next.q) p.set('q', next.q);
    if (next.status?.length) p.set('status', next.status.join(','));
    if (next.role) p.set('role', next.role);
    if (next.onBreak !== null && next.onBreak !== undefined) p.set('onBreak', String(next.onBreak));
    if (next.engagement) p.set('engagement', next.engagement);
    if (next.inviteDelivery?.length) p.set('inviteDelivery', 'failed');
    if (next.deleted) p.set('deleted', 'true');
    if (next.sort && next.sort !== '-createdAt') p.set('sort', next.sort);
    if (next.teamId) p.set('teamId', next.teamId);
    if (next.teamId && next.includeSubteams) p.set('includeSubteams', 'true');
    if (next.groupId) p.set('groupId', next.groupId);
    if (next.signedIn) p.set('signedIn', next.signedIn);
    setParams(p, { replace: true });
  }

  return { filters, update };
}

export function PeoplePage() {
  usePageTitle('People');
  const abilities = useAbilities();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { filters, update } = useFilters();
  const [search, setSearch] = useState(filters.q ?? '');
  // The search box writes to the URL 300 ms after the last keystroke (it reads the filters of that moment).
  const pushSearch = useDebouncedCallback((value: string) => {
    if (value.trim() !== (filters.q ?? '')) update({ q: value.trim() });
  }, 300);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [createOpen, setCreateOpen] = useState(false);
  const [confirmBulk, setConfirmBulk] = useState<BulkAction | null>(null);
  const [bulkBusy, setBulkBusy] = useState<BulkAction | null>(null);
  const [bulkTeam, setBulkTeam] = useState<string | null>(null);
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => organisingApi.teams() });
  const canSeeGroups = abilities.has('groups.manage');
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => organisingApi.groups(), enabled: canSeeGroups });
  const teamList = teams.data?.items ?? [];
  const teamOptions = teamSelectData(teamList);
  const canManage = new Set(teamList.filter((t) => t.canManage).map((t) => t.id));
  const manageableTeams = teamOptions.filter((o) => canManage.has(o.value));

  const filterKey = JSON.stringify(filters);
  useEffect(() => setSelected(new Set()), [filterKey]);

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
  const filtersActive = Boolean(
    filters.q || filters.status?.length || filters.role || filters.onBreak !== null || filters.engagement || filters.inviteDelivery?.length || filters.deleted || filters.teamId || filters.groupId || filters.signedIn,
  );

  const canLifecycle = abilities.has('people.lifecycle');
  const canInvite = abilities.has('people.invite');
  const canSelect = (canLifecycle || canInvite || manageableTeams.length > 0) && !filters.deleted;

  const allSelected = users.length > 0 && users.every((u) => selected.has(u.id));
  const someSelected = users.some((u) => selected.has(u.id));

  function toggle(id: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function toggleStatus(s: Status) {
    const cur = filters.status ?? [];
    update({ status: cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s] });
  }

  async function runBulk(action: BulkAction) {
    const ids = [...selected];
    setBulkBusy(action);
    try {
      const { results } = await api.bulk(action, ids, action === 'add_to_team' ? { teamId: bulkTeam ?? undefined } : {});
      const ok = results.filter((r) => r.ok).length;
      const failed = results.filter((r) => !r.ok);
      const byId = new Map(users.map((u) => [u.id, u]));
      const lines = failed.slice(0, 5).map((r) => {
        const u = byId.get(r.userId);
        return `${u ? fullName(u) : r.userId}: ${r.error?.message ?? 'failed'}`;
      });
      if (failed.length > 5) lines.push(`…and ${failed.length - 5} more`);
      notifications.show({
        title: `${ok} of ${results.length} ${BULK_LABELS[action].done}`,
        message: failed.length ? (
          <Stack gap={2}>
            <Text size="sm">{failed.length} could not be changed:</Text>
            {lines.map((l) => (
              <Text size="sm" key={l}>
                {l}
              </Text>
            ))}
          </Stack>
        ) : (
          'All selected people were updated.'
        ),
        color: failed.length ? (ok ? 'orange' : 'red') : 'green',
        autoClose: failed.length ? false : 5000,
      });
      setSelected(new Set(failed.map((r) => r.userId)));
    } catch (e) {
      notifications.show({ title: `${BULK_LABELS[action].verb} failed`, message: (e as Error).message, color: 'red' });
      throw e;
    } finally {
      setBulkBusy(null);
      await qc.invalidateQueries({ queryKey: ['users'] });
      await qc.invalidateQueries({ queryKey: ['users-counts'] });
      if (action === 'add_to_team') await qc.invalidateQueries({ queryKey: ['teams'] });
    }
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1}>People</Title>
        <Group gap="xs">
          {abilities.has('people.view') && <ExportMenu what="people" href={(format) => api.exportUsersUrl(filters, format)} />}
          {canInvite && <Button onClick={() => setCreateOpen(true)}>Add person</Button>}
        </Group>
      </Group>

      <StatusCounts data={counts.data} selected={filters.status ?? []} onToggle={toggleStatus} onAll={() => update({ status: [] })} />

      <Paper withBorder p="sm">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label="Search people"
            placeholder="Name or email"
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              pushSearch(e.currentTarget.value);
            }}
            style={{ flex: '1 1 220px' }}
          />
          <MultiSelect
            label="Status"
            placeholder={filters.status?.length ? undefined : 'Any status'}
            data={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
            value={filters.status ?? []}
            onChange={(v) => update({ status: v as Status[] })}
            clearable
            clearButtonProps={{ 'aria-label': 'Clear status filter' }}
            style={{ flex: '1 1 220px' }}
          />
          <NativeSelect
            label="Role"
            data={[{ value: '', label: 'Any role' }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))]}
            value={filters.role ?? ''}
            onChange={(e) => update({ role: (e.currentTarget.value as Role) || null })}
          />
          <NativeSelect
            label="Taking a break"
            data={[
              { value: '', label: 'Any' },
              { value: 'true', label: 'On a break' },
              { value: 'false', label: 'Not on a break' },
            ]}
            value={filters.onBreak === null || filters.onBreak === undefined ? '' : String(filters.onBreak)}
            onChange={(e) => update({ onBreak: e.currentTarget.value === '' ? null : e.currentTarget.value === 'true' })}
          />
          <NativeSelect
            label="Engagement"
            data={[
              { value: '', label: 'Any' },
              { value: 'activated', label: 'Activated' },
              { value: 'active', label: 'Active' },
            ]}
            value={filters.engagement ?? ''}
            onChange={(e) => update({ engagement: (e.currentTarget.value as Engagement) || null })}
          />
          <NativeSelect
            label="Invitation"
            data={[
              { value: '', label: 'Any' },
              { value: 'failed', label: 'Invite failed or bounced' },
            ]}
            value={filters.inviteDelivery?.length ? 'failed' : ''}
            onChange={(e) => update({ inviteDelivery: e.currentTarget.value ? ['failed', 'bounced'] : undefined })}
          />
          <NativeSelect
            label="Last sign-in"
            data={SIGNED_IN}
            value={filters.signedIn ?? ''}
            onChange={(e) => update({ signedIn: (e.currentTarget.value as UserFilters['signedIn']) || null })}
          />
          <Select
            label="Team"
            placeholder={teams.isPending ? 'Loading teams…' : 'Any team'}
            data={teamOptions}
            value={filters.teamId ?? null}
            onChange={(id) => update({ teamId: id })}
            searchable
            clearable
            nothingFoundMessage="No team matches"
            error={teams.error ? 'Could not load teams' : undefined}
            style={{ flex: '1 1 200px' }}
          />
          <Checkbox
            label="Include sub-teams"
            checked={filters.includeSubteams ?? false}
            disabled={!filters.teamId}
            onChange={(e) => update({ includeSubteams: e.currentTarget.checked })}
            mb={8}
          />
          {canSeeGroups && (
            <Select
              label="Group"
              placeholder={groups.isPending ? 'Loading groups…' : 'Any group'}
              data={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
              value={filters.groupId ?? null}
              onChange={(id) => update({ groupId: id })}
              searchable
              clearable
              nothingFoundMessage="No group matches"
              error={groups.error ? 'Could not load groups' : undefined}
              style={{ flex: '1 1 200px' }}
            />
          )}
          <NativeSelect label="Sort by" data={SORTS} value={filters.sort} onChange={(e) => update({ sort: e.currentTarget.value })} />
          {abilities.has('people.delete') && (
            <Checkbox
              label="Show deleted"
              checked={filters.deleted ?? false}
              onChange={(e) => update({ deleted: e.currentTarget.checked })}
              mb={8}
            />
          )}
        </Group>
      </Paper>

      {canSelect && selected.size > 0 && (
        <Paper withBorder p="sm" bg="blue.0" role="region" aria-label="Bulk actions">
          <Group justify="space-between">
            <Text fw={500} c="dark.9">
              {selected.size} selected
            </Text>
            <Group gap="xs">
              {canLifecycle && (
                <Button color="red" variant="outline" bg="white" onClick={() => setConfirmBulk('deactivate')} loading={bulkBusy === 'deactivate'}>
                  Deactivate
                </Button>
              )}
              {canLifecycle && (
                <Button variant="default" onClick={() => void runBulk('reactivate').catch(() => undefined)} loading={bulkBusy === 'reactivate'}>
                  Reactivate
                </Button>
              )}
              {canInvite && (
                <Button variant="default" onClick={() => void runBulk('invite').catch(() => undefined)} loading={bulkBusy === 'invite'}>
                  Send invite
                </Button>
              )}
              {manageableTeams.length > 0 && (
                <Group gap={4}>
                  <Select
                    aria-label="Team to add the selected people to"
                    placeholder="Choose a team"
                    data={manageableTeams}
                    value={bulkTeam}
                    onChange={setBulkTeam}
                    searchable
                    clearable
                    nothingFoundMessage="No team matches"
                    w={220}
                  />
                  <Button
                    variant="default"
                    disabled={!bulkTeam}
                    onClick={() => void runBulk('add_to_team').catch(() => undefined)}
                    loading={bulkBusy === 'add_to_team'}
                  >
                    Add to team
                  </Button>
                </Group>
              )}
              <Button variant="subtle" color="dark" onClick={() => setSelected(new Set())}>
                Clear selection
              </Button>
            </Group>
          </Group>
        </Paper>
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
            {filtersActive ? (
              <>
                <Text fw={600} size="lg" c="dark.9">
                  No people match these filters
                </Text>
                <Button
                  variant="default"
                  onClick={() => {
                    setSearch('');
                    pushSearch.cancel();
                    update({ q: '', status: [], role: null, onBreak: null, engagement: null, inviteDelivery: undefined, deleted: false, teamId: null, includeSubteams: false, groupId: null, signedIn: null });
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
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-label="People">
              <Table.Thead>
                <Table.Tr>
                  {canSelect && (
                    <Table.Th w={40}>
                      <Checkbox
                        aria-label="Select all people shown"
                        checked={allSelected}
                        indeterminate={someSelected && !allSelected}
                        onChange={(e) => {
                          const on = e.currentTarget.checked;
                          setSelected((prev) => {
                            const next = new Set(prev);
                            for (const u of users) {
                              if (on) next.add(u.id);
                              else next.delete(u.id);
                            }
                            return next;
                          });
                        }}
                      />
                    </Table.Th>
                  )}
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.map((u) => (
                  <Table.Tr key={u.id} bg={selected.has(u.id) ? 'blue.0' : undefined}>
                    {canSelect && (
                      <Table.Td>
                        <Checkbox aria-label={`Select ${fullName(u)}`} checked={selected.has(u.id)} onChange={(e) => toggle(u.id, e.currentTarget.checked)} />
                      </Table.Td>
                    )}
                    <Table.Td>
                      <Anchor component={Link} to={`/people/${encodeURIComponent(u.id)}`} fw={500}>
                        {fullName(u)}
                      </Anchor>
                      {u.onBreak && (
                        <Text span size="xs" c="dark.6" ml={6}>
                          (on a break)
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{u.email ?? '—'}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={u.status} />
                      {u.deletedAt && (
                        <Text size="xs" c="red.9">
                          Deleted {formatDate(u.deletedAt)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{roleLabel(u.role)}</Table.Td>
                    <Table.Td>{formatDate(u.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
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

      <ConfirmModal
        opened={confirmBulk !== null}
        title={`Deactivate ${selected.size} ${selected.size === 1 ? 'person' : 'people'}?`}
        danger
        onClose={() => setConfirmBulk(null)}
        onConfirm={() => (confirmBulk ? runBulk(confirmBulk) : undefined)}
      >
        <Text>
          Deactivated people can no longer sign in, their open invitation links stop working and scheduled emails to them
          are cancelled. All their data is kept and they can be reactivated later.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
