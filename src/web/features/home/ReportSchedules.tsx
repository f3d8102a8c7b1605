import { useState } from 'react';
import { Button, Card, Group, MultiSelect, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useItemConfirmation } from '../../common/components/useItemConfirmation';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { formatDateTime, formatDay } from '../../common/lib/format';
import type { Cadence, ScheduledReport } from '../../../common/contract/reportSchedules';
import { reportsApi, type ReportSchedule } from './homeApi';

/** The scheduled emails of one report: the list, a form to add one, and removal with confirmation. */
export function ReportSchedules({ report, label }: { report: ScheduledReport; label: string }) {
  const { t } = useTranslation('home');
  const qc = useQueryClient();
  const schedules = useQuery({ queryKey: ['reports', 'schedules'], queryFn: () => reportsApi.schedules() });
  const readers = useQuery({ queryKey: ['reports', 'readers'], queryFn: () => reportsApi.readers() });
  const [cadence, setCadence] = useState<Cadence>('weekly');
  const [recipients, setRecipients] = useState<string[]>([]);
  const removing = useItemConfirmation((s: ReportSchedule) => ({
    title: t('schedules.removeTitle'),
    children: <Text size="sm">{t('schedules.removeBody')}</Text>,
    confirmLabel: t('schedules.remove'),
    danger: true,
    success: t('schedules.removed'),
    onConfirm: async () => {
      await reportsApi.deleteSchedule(s.id);
      await qc.invalidateQueries({ queryKey: ['reports', 'schedules'] });
    },
  }));
  const add = useMutation({
    mutationFn: () => reportsApi.createSchedule({ report, cadence, recipientIds: recipients }),
    onSuccess: async (s) => {
      notifications.show({ color: 'green', message: t('schedules.added', { date: formatDay(s.nextOn) }) });
      setRecipients([]);
      await qc.invalidateQueries({ queryKey: ['reports', 'schedules'] });
    },
  });
  const mine = schedules.data?.filter((s) => s.report === report) ?? [];
  return (
    <Card withBorder component="section" aria-labelledby={`schedules-${report}`}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={`schedules-${report}`}>
          {t('schedules.title')}
        </Title>
        <Text size="sm">{t('schedules.intro')}</Text>
        <ErrorAlert error={schedules.error ?? readers.error ?? add.error} />
        {mine.length === 0 && schedules.data && <Text size="sm">{t('schedules.none')}</Text>}
        {mine.length > 0 && (
          <Table aria-label={t('schedules.tableLabel', { report: label })}>
            <Table.Tbody>
              {mine.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{t(`schedules.cadences.${s.cadence}`)}</Table.Td>
                  <Table.Td>{s.recipients.map((r) => r.name).join(', ')}</Table.Td>
                  <Table.Td>
                    {t('schedules.when', {
                      next: formatDay(s.nextOn),
                      last: s.lastSentAt ? formatDateTime(s.lastSentAt) : t('schedules.never'),
                    })}
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => removing.ask(s)}>
                      {t('schedules.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="flex-end">
          <Select
            label={t('schedules.cadence')}
            data={[
              { value: 'weekly', label: t('schedules.cadences.weekly') },
              { value: 'monthly', label: t('schedules.cadences.monthly') },
            ]}
            value={cadence}
            onChange={(v) => v && setCadence(v as Cadence)}
            allowDeselect={false}
            maw={200}
          />
          <MultiSelect
            label={t('schedules.recipients')}
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
            {t('schedules.add')}
          </Button>
        </Group>
      </Stack>
      {removing.modal}
    </Card>
  );
}
