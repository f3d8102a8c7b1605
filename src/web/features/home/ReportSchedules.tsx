import { useState } from 'react';
import { Button, Card, Group, MultiSelect, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { formatDate, formatDateTime } from '../../common/lib/format';
import type { Cadence, ScheduledReport } from '../../../common/contract/reportSchedules';
import { reportsApi, type ReportSchedule } from './homeApi';

/** This component's wording, in one place. */
const TEXT = {
  title: 'Email this report',
  intro: 'Send it to chosen Owners, Admins or HR: weekly on Mondays or monthly on the 1st, with a link to the CSV.',
  cadence: 'How often',
  weekly: 'Weekly (Mondays)',
  monthly: 'Monthly (the 1st)',
  recipients: 'Recipients',
  add: 'Add schedule',
  none: 'No scheduled emails for this report yet.',
  added: 'Schedule added: the first email goes out on',
  remove: 'Remove',
  removeTitle: 'Remove scheduled email',
  removeBody: 'Its recipients stop receiving this report. You can set it up again at any time.',
  removed: 'Schedule removed.',
  next: 'Next',
  last: 'Last sent',
  never: 'not yet',
};

/** The scheduled emails of one report: the list, a form to add one, and removal with confirmation. */
export function ReportSchedules({ report, label }: { report: ScheduledReport; label: string }) {
  const qc = useQueryClient();
  const schedules = useQuery({ queryKey: ['reports', 'schedules'], queryFn: () => reportsApi.schedules() });
  const readers = useQuery({ queryKey: ['reports', 'readers'], queryFn: () => reportsApi.readers() });
  const [cadence, setCadence] = useState<Cadence>('weekly');
  const [recipients, setRecipients] = useState<string[]>([]);
  const [removing, setRemoving] = useState<ReportSchedule | null>(null);
  const add = useMutation({
    mutationFn: () => reportsApi.createSchedule({ report, cadence, recipientIds: recipients }),
    onSuccess: async (s) => {
      notifications.show({ color: 'green', message: `${TEXT.added} ${formatDate(s.nextOn)}.` });
      setRecipients([]);
      await qc.invalidateQueries({ queryKey: ['reports', 'schedules'] });
    },
  });
  const mine = schedules.data?.filter((s) => s.report === report) ?? [];
  return (
    <Card withBorder component="section" aria-labelledby={`schedules-${report}`}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={`schedules-${report}`}>
          {TEXT.title}
        </Title>
        <Text size="sm">{TEXT.intro}</Text>
        <ErrorAlert error={schedules.error ?? readers.error ?? add.error} />
        {mine.length === 0 && schedules.data && <Text size="sm">{TEXT.none}</Text>}
        {mine.length > 0 && (
          <Table aria-label={`Scheduled emails of ${label}`}>
            <Table.Tbody>
              {mine.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.cadence === 'weekly' ? TEXT.weekly : TEXT.monthly}</Table.Td>
                  <Table.Td>{s.recipients.map((r) => r.name).join(', ')}</Table.Td>
                  <Table.Td>
                    {TEXT.next}: {formatDate(s.nextOn)} · {TEXT.last}:{' '}
                    {s.lastSentAt ? formatDateTime(s.lastSentAt) : TEXT.never}
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(s)}>
                      {TEXT.remove}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="flex-end">
          <Select
            label={TEXT.cadence}
            data={[
              { value: 'weekly', label: TEXT.weekly },
              { value: 'monthly', label: TEXT.monthly },
            ]}
            value={cadence}
            onChange={(v) => v && setCadence(v as Cadence)}
            allowDeselect={false}
            maw={200}
          />
          <MultiSelect
            label={TEXT.recipients}
            data={(readers.data?.items ?? []).map((u) => ({
              value: u.id,
              label: `${u.firstName} ${u.lastName}`.trim() || u.email || u.id,
            }))}
            value={recipients}
            onChange={setRecipients}
            searchable
            miw={260}
          />
          <Button onClick={() => add.mutate()} loading={add.isPending} disabled={!recipients.length}>
            {TEXT.add}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={removing !== null}
        title={TEXT.removeTitle}
        confirmLabel={TEXT.remove}
        danger
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          await reportsApi.deleteSchedule(removing!.id);
          notifications.show({ color: 'green', message: TEXT.removed });
          await qc.invalidateQueries({ queryKey: ['reports', 'schedules'] });
        }}
      >
        <Text size="sm">{TEXT.removeBody}</Text>
      </ConfirmModal>
    </Card>
  );
}
