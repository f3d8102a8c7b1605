import { useTranslation } from 'react-i18next';
import { Checkbox, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { STATUSES, type Status } from '../../../common/domain';
import type { Settings } from '../../common/api';
import { statusLabel } from '../../common/lib/format';

/** The contract's seats (docs/decisions/020-insight.md): the limit Home compares with, and which statuses use a seat. */
export function SeatFields({
  form,
  setForm,
  errors,
}: {
  form: Settings;
  setForm: (s: Settings) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('settings');
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('seats.heading')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('seats.intro')}
      </Text>
      <NumberInput
        label={t('seats.limit')}
        description={t('seats.limitHint')}
        min={1}
        value={form.seatLimit ?? ''}
        onChange={(v) => setForm({ ...form, seatLimit: v === '' || v === null ? null : Number(v) })}
        error={errors.seatLimit}
        maw={320}
      />
      <Checkbox.Group
        label={t('seats.statuses')}
        value={form.seatStatuses}
        onChange={(v) => setForm({ ...form, seatStatuses: v as Status[] })}
        error={errors.seatStatuses}
      >
        <Group mt={4}>
          {STATUSES.map((s) => (
            <Checkbox key={s} value={s} label={statusLabel(s)} />
          ))}
        </Group>
      </Checkbox.Group>
    </Stack>
  );
}
