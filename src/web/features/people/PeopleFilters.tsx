import { Checkbox, Group, MultiSelect, NativeSelect, Paper, Select, TextInput } from '@mantine/core';
import {
  ROLES,
  ROLE_LABELS,
  STATUSES,
  STATUS_LABELS,
  type Engagement,
  type Role,
  type Status,
} from '../../../common/domain';
import type { UserFilters } from '../../common/api';
import { SIGNED_IN, SORTS } from './usePeopleFilters';

type Option = { value: string; label: string };

/** The People list's filter bar. Search text is debounced by the page; every other control applies at once. */
export function PeopleFilters({
  filters,
  update,
  search,
  onSearch,
  teamOptions,
  teamsLoading,
  teamsFailed,
  groups,
  canShowDeleted,
}: {
  filters: UserFilters;
  update: (patch: Partial<UserFilters>) => void;
  search: string;
  onSearch: (q: string) => void;
  teamOptions: Option[];
  teamsLoading: boolean;
  teamsFailed: boolean;
  /** Null when the caller may not filter by group. */
  groups: { options: Option[]; loading: boolean; failed: boolean } | null;
  canShowDeleted: boolean;
}) {
  return (
    <Paper withBorder p="sm">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="Search people"
          placeholder="Name or email"
          type="search"
          value={search}
          onChange={(e) => onSearch(e.currentTarget.value)}
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
          placeholder={teamsLoading ? 'Loading teams…' : 'Any team'}
          data={teamOptions}
          value={filters.teamId ?? null}
          onChange={(id) => update({ teamId: id })}
          searchable
          clearable
          nothingFoundMessage="No team matches"
          error={teamsFailed ? 'Could not load teams' : undefined}
          style={{ flex: '1 1 200px' }}
        />
        <Checkbox
          label="Include sub-teams"
          checked={filters.includeSubteams ?? false}
          disabled={!filters.teamId}
          onChange={(e) => update({ includeSubteams: e.currentTarget.checked })}
          mb={8}
        />
        {groups && (
          <Select
            label="Group"
            placeholder={groups.loading ? 'Loading groups…' : 'Any group'}
            data={groups.options}
            value={filters.groupId ?? null}
            onChange={(id) => update({ groupId: id })}
            searchable
            clearable
            nothingFoundMessage="No group matches"
            error={groups.failed ? 'Could not load groups' : undefined}
            style={{ flex: '1 1 200px' }}
          />
        )}
        <NativeSelect
          label="Sort by"
          data={SORTS}
          value={filters.sort}
          onChange={(e) => update({ sort: e.currentTarget.value })}
        />
        {canShowDeleted && (
          <Checkbox
            label="Show deleted"
            checked={filters.deleted ?? false}
            onChange={(e) => update({ deleted: e.currentTarget.checked })}
            mb={8}
          />
        )}
      </Group>
    </Paper>
  );
}
