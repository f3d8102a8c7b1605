import { useTranslation } from 'react-i18next';
import { Checkbox, Group, MultiSelect, NativeSelect, Paper, Select, TextInput } from '@mantine/core';
import { ROLES, STATUSES, type Engagement, type Role, type Status } from '../../../common/domain';
import type { UserFilters } from '../../common/api';
import { roleLabel, statusLabel } from '../../common/lib/format';
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
  const { t } = useTranslation('people');
  const any = t('filters.any');
  return (
    <Paper withBorder p="sm">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t('filters.search')}
          placeholder={t('filters.searchPlaceholder')}
          type="search"
          value={search}
          onChange={(e) => onSearch(e.currentTarget.value)}
          style={{ flex: '1 1 220px' }}
        />
        <MultiSelect
          label={t('filters.status')}
          placeholder={filters.status?.length ? undefined : t('filters.anyStatus')}
          data={STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
          value={filters.status ?? []}
          onChange={(v) => update({ status: v as Status[] })}
          clearable
          clearButtonProps={{ 'aria-label': t('filters.clearStatus') }}
          style={{ flex: '1 1 220px' }}
        />
        <NativeSelect
          label={t('filters.role')}
          data={[{ value: '', label: t('filters.anyRole') }, ...ROLES.map((r) => ({ value: r, label: roleLabel(r) }))]}
          value={filters.role ?? ''}
          onChange={(e) => update({ role: (e.currentTarget.value as Role) || null })}
        />
        <NativeSelect
          label={t('filters.onBreak')}
          data={[
            { value: '', label: any },
            { value: 'true', label: t('filters.onBreakYes') },
            { value: 'false', label: t('filters.onBreakNo') },
          ]}
          value={filters.onBreak === null || filters.onBreak === undefined ? '' : String(filters.onBreak)}
          onChange={(e) => update({ onBreak: e.currentTarget.value === '' ? null : e.currentTarget.value === 'true' })}
        />
        <NativeSelect
          label={t('filters.engagement')}
          data={[
            { value: '', label: any },
            { value: 'activated', label: t('filters.activated') },
            { value: 'active', label: t('filters.active') },
          ]}
          value={filters.engagement ?? ''}
          onChange={(e) => update({ engagement: (e.currentTarget.value as Engagement) || null })}
        />
        <NativeSelect
          label={t('filters.invitation')}
          data={[
            { value: '', label: any },
            { value: 'failed', label: t('filters.inviteFailed') },
          ]}
          value={filters.inviteDelivery?.length ? 'failed' : ''}
          onChange={(e) => update({ inviteDelivery: e.currentTarget.value ? ['failed', 'bounced'] : undefined })}
        />
        <NativeSelect
          label={t('filters.lastSignIn')}
          data={[{ value: '', label: any }, ...SIGNED_IN.map((v) => ({ value: v, label: t(`filters.signedIn.${v}`) }))]}
          value={filters.signedIn ?? ''}
          onChange={(e) => update({ signedIn: (e.currentTarget.value as UserFilters['signedIn']) || null })}
        />
        <Select
          label={t('filters.team')}
          placeholder={teamsLoading ? t('filters.loadingTeams') : t('filters.anyTeam')}
          data={teamOptions}
          value={filters.teamId ?? null}
          onChange={(id) => update({ teamId: id })}
          searchable
          clearable
          nothingFoundMessage={t('filters.noTeamMatches')}
          error={teamsFailed ? t('filters.teamsFailed') : undefined}
          style={{ flex: '1 1 200px' }}
        />
        <Checkbox
          label={t('filters.includeSubteams')}
          checked={filters.includeSubteams ?? false}
          disabled={!filters.teamId}
          onChange={(e) => update({ includeSubteams: e.currentTarget.checked })}
          mb={8}
        />
        {groups && (
          <Select
            label={t('filters.group')}
            placeholder={groups.loading ? t('filters.loadingGroups') : t('filters.anyGroup')}
            data={groups.options}
            value={filters.groupId ?? null}
            onChange={(id) => update({ groupId: id })}
            searchable
            clearable
            nothingFoundMessage={t('filters.noGroupMatches')}
            error={groups.failed ? t('filters.groupsFailed') : undefined}
            style={{ flex: '1 1 200px' }}
          />
        )}
        <NativeSelect
          label={t('filters.sortBy')}
          data={SORTS.map((s) => ({ value: s.value, label: t(`sort.${s.key}`) }))}
          value={filters.sort}
          onChange={(e) => update({ sort: e.currentTarget.value })}
        />
        {canShowDeleted && (
          <Checkbox
            label={t('filters.showDeleted')}
            checked={filters.deleted ?? false}
            onChange={(e) => update({ deleted: e.currentTarget.checked })}
            mb={8}
          />
        )}
      </Group>
    </Paper>
  );
}
