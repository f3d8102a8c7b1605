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
  // The dropdowns' choices after "any", by the dropdown's label (people:filters.<name>).
  const choices = {
    role: ROLES.map((r) => ({ value: r, label: roleLabel(r) })),
    onBreak: [
      { value: 'true', label: t('filters.onBreakYes') },
      { value: 'false', label: t('filters.onBreakNo') },
    ],
    engagement: [
      { value: 'activated', label: t('filters.activated') },
      { value: 'active', label: t('filters.active') },
    ],
    invitation: [{ value: 'failed', label: t('filters.inviteFailed') }],
    lastSignIn: SIGNED_IN.map((v) => ({ value: v, label: t(`filters.signedIn.${v}`) })),
  };
  /** A dropdown filter: "any" (the empty value) leaves it off; `apply` turns a choice into the filters' change. */
  const choice = (
    name: keyof typeof choices,
    value: string,
    apply: (choice: string) => Partial<UserFilters>,
    anyLabel = any,
  ) => (
    <NativeSelect
      label={t(`filters.${name}`)}
      data={[{ value: '', label: anyLabel }, ...choices[name]]}
      value={value}
      onChange={(e) => update(apply(e.currentTarget.value))}
    />
  );
  /** A tick box that turns a filter on or off. */
  const tickBox = (name: 'includeSubteams' | 'anyLevel' | 'deleted', label: string, disabled?: boolean) => (
    <Checkbox
      label={label}
      checked={filters[name] ?? false}
      disabled={disabled}
      onChange={(e) => update({ [name]: e.currentTarget.checked })}
      mb={8}
    />
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
      {choice('role', filters.role ?? '', (v) => ({ role: (v as Role) || null }), t('filters.anyRole'))}
      {choice(
        'onBreak',
        filters.onBreak === null || filters.onBreak === undefined ? '' : String(filters.onBreak),
        (v) => ({ onBreak: v === '' ? null : v === 'true' }),
      )}
      {choice('engagement', filters.engagement ?? '', (v) => ({ engagement: (v as Engagement) || null }))}
      {choice('invitation', filters.inviteDelivery?.length ? 'failed' : '', (v) => ({
        inviteDelivery: v ? ['failed', 'bounced'] : undefined,
      }))}
      {choice('lastSignIn', filters.signedIn ?? '', (v) => ({ signedIn: (v as UserFilters['signedIn']) || null }))}
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
      {tickBox('includeSubteams', t('filters.includeSubteams'), !filters.teamId)}
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
      {tickBox('anyLevel', t('filters.anyLevel'), !filters.manager)}
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
      {canShowDeleted && tickBox('deleted', t('filters.showDeleted'))}
    </FilterBar>
  );
}
