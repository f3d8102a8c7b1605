import { useTranslation } from 'react-i18next';
import { Checkbox, MultiSelect, NativeSelect, Select } from '@mantine/core';
import { ROLES, STATUSES, type Engagement, type Role, type Status } from '../../../common/domain';
import { SORTABLE_COLUMNS } from '../../../common/peopleColumns';
import type { CustomField, UserFilters } from '../../common/api';
import { FilterBar } from '../../common/components/FilterBar';
import { roleLabel, statusLabel } from '../../common/lib/format';
import { ManagerSelect } from './UserEditForm';
import { CustomFieldFilter, DebouncedText } from './filterInputs';
import { columnLabel } from './peopleCells';
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
  customFields,
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
  /** The filterable custom fields: one input each, by type. */
  customFields: CustomField[];
}) {
  const { t } = useTranslation('people');
  const any = t('filters.any');
  const named = new Set<string>(SORTS.map((s) => s.value));
  // The header sorts the select has no words of its own for: "<column> ↑ / ↓".
  const headerSorts = Object.keys(SORTABLE_COLUMNS).flatMap((key) =>
    ['', '-']
      .map((dir) => `${dir}${SORTABLE_COLUMNS[key]}`)
      .filter((value) => !named.has(value))
      .map((value) => ({
        value,
        label: t(value.startsWith('-') ? 'sort.columnDesc' : 'sort.columnAsc', {
          column: columnLabel(t, key, new Map()),
        }),
      })),
  );
  return (
    <FilterBar searchKeys="people:filters" search={search} onSearch={onSearch}>
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
      <DebouncedText
        label={t('filters.department')}
        value={filters.department ?? ''}
        onChange={(v) => update({ department: v || null })}
      />
      <DebouncedText
        label={t('filters.location')}
        value={filters.location ?? ''}
        onChange={(v) => update({ location: v || null })}
      />
      <div style={{ flex: '1 1 220px' }}>
        <ManagerSelect
          label={t('filters.manager')}
          placeholder={t('filters.anyManager')}
          value={filters.manager ?? ''}
          onChange={(id) => update({ manager: id || null })}
          excludeId=""
        />
      </div>
      <Checkbox
        label={t('filters.anyLevel')}
        checked={filters.anyLevel ?? false}
        disabled={!filters.manager}
        onChange={(e) => update({ anyLevel: e.currentTarget.checked })}
        mb={8}
      />
      {customFields.map((f) => (
        <CustomFieldFilter
          key={f.key}
          field={f}
          value={filters.cf?.[f.key] ?? ''}
          onChange={(v) => update({ cf: { ...filters.cf, [f.key]: v } })}
        />
      ))}
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
        data={[...SORTS.map((s) => ({ value: s.value, label: t(`sort.${s.key}`) })), ...headerSorts]}
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
    </FilterBar>
  );
}
