import { useTranslation } from 'react-i18next';
import { Group, Text, UnstyledButton } from '@mantine/core';
import { STATUSES, type Status } from '../../../common/domain';
import type { StatusCounts as Counts } from '../../common/api';
import { formatNumber, statusLabel } from '../../common/lib/format';

interface Props {
  data: Counts | undefined;
  selected: Status[];
  onToggle: (status: Status) => void;
  onAll: () => void;
}

export function StatusCounts({ data, selected, onToggle, onAll }: Props) {
  const { t } = useTranslation('people');
  const box = (active: boolean) => ({
    padding: '8px 12px',
    borderRadius: 6,
    border: `1px solid ${active ? '#1971c2' : '#ced4da'}`,
    background: active ? '#e7f5ff' : '#ffffff',
    minWidth: 96,
  });
  return (
    <Group gap="xs" role="group" aria-label={t('statusCounts.label')}>
      <UnstyledButton style={box(selected.length === 0)} aria-pressed={selected.length === 0} onClick={onAll}>
        <Text size="xs" c="dark.6">
          {t('statusCounts.all')}
        </Text>
        <Text fw={700} size="lg" c="dark.9">
          {data ? formatNumber(data.total) : '–'}
        </Text>
      </UnstyledButton>
      {STATUSES.map((s) => {
        const active = selected.includes(s);
        const n = data?.counts[s] ?? 0;
        return (
          <UnstyledButton
            key={s}
            style={box(active)}
            aria-pressed={active}
            onClick={() => onToggle(s)}
            aria-label={t('statusCounts.count', {
              status: statusLabel(s),
              value: data ? formatNumber(n) : t('common:loading'),
            })}
          >
            <Text size="xs" c="dark.6">
              {statusLabel(s)}
            </Text>
            <Text fw={700} size="lg" c="dark.9">
              {data ? formatNumber(n) : '–'}
            </Text>
          </UnstyledButton>
        );
      })}
    </Group>
  );
}
