import { Checkbox, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { STATUSES, STATUS_LABELS, type Status } from '../../../common/domain';
import type { Settings } from '../../common/api';

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
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Seats
      </Title>
      <Text size="sm" c="dimmed">
        Home shows the seats used against your contract&apos;s limit and forecasts when you will pass it.
      </Text>
      <NumberInput
        label="Seats in the contract"
        description="Leave empty when the contract has no limit."
        min={1}
        value={form.seatLimit ?? ''}
        onChange={(v) => setForm({ ...form, seatLimit: v === '' || v === null ? null : Number(v) })}
        error={errors.seatLimit}
        maw={320}
      />
      <Checkbox.Group
        label="Statuses that use a seat"
        value={form.seatStatuses}
        onChange={(v) => setForm({ ...form, seatStatuses: v as Status[] })}
        error={errors.seatStatuses}
      >
        <Group mt={4}>
          {STATUSES.map((s) => (
            <Checkbox key={s} value={s} label={STATUS_LABELS[s]} />
          ))}
        </Group>
      </Checkbox.Group>
    </Stack>
  );
}
