import { useTranslation } from 'react-i18next';
import { Checkbox, Group, MultiSelect, NumberInput, Select, TagsInput, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, type Team } from '../../common/api';
import { usePersonSearch } from '../../common/components/PersonPicker';
import { fullName, teamSelectData } from '../../common/lib/format';
import type { FieldDef } from './ruleFields';

interface Props {
  def: FieldDef;
  op: string;
  value: unknown;
  onChange: (v: unknown) => void;
  teams: Team[];
  /** Accessible name prefix, e.g. "Condition 2". */
  label: string;
}

/** The value input that fits a field and operator: text, list, date, days, number, yes/no, team or manager picker. */
export function ValueInput({ def, op, value, onChange, teams, label }: Props) {
  const { t } = useTranslation('groups');
  const many = op === 'in' || op === 'nin';
  const aria = t('value.value', { label });
  // A list of words, chosen from the field's options or typed: the same box either way.
  const words = { 'aria-label': aria, value: (value as string[]) ?? [], onChange, w: 260 };
  if (op === 'is_empty' || op === 'is_not_empty') return null;
  if (op === 'within_last_days')
    return (
      <NumberInput
        aria-label={t('value.days', { label })}
        min={0}
        max={36500}
        value={Number(value ?? 0)}
        onChange={(v) => onChange(Number(v) || 0)}
        w={120}
        suffix={t('value.daysSuffix')}
      />
    );
  if (def.kind === 'team') return <TeamValue op={op} value={value} onChange={onChange} teams={teams} label={label} />;
  if (def.kind === 'user') return <UserValue many={many} value={value} onChange={onChange} label={aria} />;
  if (def.kind === 'boolean')
    return (
      <Select
        aria-label={aria}
        data={[
          { value: 'true', label: t('value.yes') },
          { value: 'false', label: t('value.no') },
        ]}
        value={String(value ?? true)}
        onChange={(v) => onChange(v === 'true')}
        w={100}
        allowDeselect={false}
      />
    );
  if (def.options && (def.kind === 'enum' || def.kind === 'multi')) {
    if (many) return <MultiSelect {...words} data={def.options} />;
    return (
      <Select
        aria-label={aria}
        data={def.options}
        value={(value as string) ?? null}
        onChange={(v) => onChange(v ?? '')}
        w={200}
        allowDeselect={false}
      />
    );
  }
  if (def.kind === 'number') {
    if (many)
      return (
        <TagsInput
          aria-label={aria}
          value={((value as number[]) ?? []).map(String)}
          onChange={(v) => onChange(v.map(Number).filter((n) => Number.isFinite(n)))}
          w={240}
        />
      );
    return (
      <NumberInput aria-label={aria} value={Number(value ?? 0)} onChange={(v) => onChange(Number(v) || 0)} w={140} />
    );
  }
  if (def.kind === 'date')
    return (
      <TextInput
        aria-label={aria}
        type="date"
        value={(value as string) ?? ''}
        onChange={(e) => onChange(e.currentTarget.value)}
        w={170}
      />
    );
  if (many) return <TagsInput {...words} placeholder={t('value.typeAndEnter')} />;
  return (
    <TextInput
      aria-label={aria}
      value={(value as string) ?? ''}
      onChange={(e) => onChange(e.currentTarget.value)}
      w={200}
    />
  );
}

function TeamValue({
  op,
  value,
  onChange,
  teams,
  label,
}: {
  op: string;
  value: unknown;
  onChange: (v: unknown) => void;
  teams: Team[];
  label: string;
}) {
  const { t } = useTranslation('groups');
  const data = teamSelectData(teams);
  if (op === 'in' || op === 'nin')
    return (
      <MultiSelect
        aria-label={t('value.teams', { label })}
        data={data}
        value={(value as string[]) ?? []}
        onChange={onChange}
        searchable
        w={280}
      />
    );
  if (op === 'in_team') {
    const v = (value as { teamId: string; includeSubteams?: boolean }) ?? { teamId: '', includeSubteams: true };
    return (
      <Group gap="xs">
        <Select
          aria-label={t('value.team', { label })}
          data={data}
          value={v.teamId || null}
          onChange={(id) => onChange({ ...v, teamId: id ?? '' })}
          searchable
          w={240}
        />
        <Checkbox
          label={t('value.includeSubteams')}
          checked={v.includeSubteams ?? false}
          onChange={(e) => onChange({ ...v, includeSubteams: e.currentTarget.checked })}
        />
      </Group>
    );
  }
  return (
    <Select
      aria-label={t('value.team', { label })}
      data={data}
      value={(value as string) || null}
      onChange={(id) => onChange(id ?? '')}
      searchable
      w={240}
    />
  );
}

/** Searchable person picker (the people list's own search). */
function UserValue({
  many,
  value,
  onChange,
  label,
}: {
  many: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
}) {
  const { found, searchProps } = usePersonSearch('user-picker', { staleTime: 30_000 });
  const selected = (many ? ((value as string[]) ?? []) : [value as string]).filter(Boolean);
  const known = useQuery({
    queryKey: ['user-picker-selected', selected],
    queryFn: () => Promise.all(selected.map((id) => api.getUser(id).catch(() => null))),
    enabled: selected.length > 0,
    staleTime: 60_000,
  });
  const people = [...(known.data ?? []).filter(Boolean), ...(found.data?.items ?? [])] as {
    id: string;
    firstName: string;
    lastName: string;
    email: string | null;
  }[];
  const data = [...new Map(people.map((u) => [u.id, { value: u.id, label: fullName(u) || u.email || u.id }])).values()];
  if (many)
    return <MultiSelect aria-label={label} data={data} value={selected} onChange={onChange} {...searchProps} w={280} />;
  return (
    <Select
      aria-label={label}
      data={data}
      value={(value as string) || null}
      onChange={(v) => onChange(v ?? '')}
      {...searchProps}
      w={240}
    />
  );
}
