import { Anchor, Button, Group, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { showOutcome } from './outcome';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useItemConfirmation } from '../../common/components/useItemConfirmation';
import { formatNumber, formatPercent } from '../../common/lib/format';
import { Card } from './HomeCards';
import { reportsApi, type Summary } from './homeApi';

/** Sent → accepted over 90 days, the median time to accept, and the pending invitations to remind. */
export function FunnelCard({ summary, canInvite }: { summary: Summary; canInvite: boolean }) {
  const { t } = useTranslation('home');
  const f = summary.funnel;
  const qc = useQueryClient();
  const remind = useItemConfirmation((days: 7 | 30, close) => ({
    title: t('funnel.sendReminders'),
    children: (
      <Text size="sm">
        {t('funnel.confirm', { count: days === 30 ? f.pendingOver30Days : f.pendingOver7Days, days })}
      </Text>
    ),
    confirmLabel: t('funnel.sendReminders'),
    onConfirm: async () => {
      const r = await reportsApi.remind(days);
      showOutcome(r.failed, {
        done: t('funnel.reminded', { count: r.reminded }),
        someRefused: t('funnel.remindedSomeRefused', { count: r.reminded, failed: r.failed }),
      });
      close();
      await qc.invalidateQueries({ queryKey: ['reports'] });
    },
  }));
  const totals = { days: f.days, sent: f.sent, accepted: f.accepted };
  const hours = f.medianHoursToAccept;
  return (
    <Card title={t('funnel.title')} id="funnel-heading">
      <BarChart
        h={140}
        data={[
          { stage: t('funnel.sent'), people: f.sent },
          { stage: t('funnel.accepted'), people: f.accepted },
        ]}
        dataKey="stage"
        orientation="vertical"
        yAxisProps={{ width: 80 }}
        valueFormatter={formatNumber}
        series={[{ name: 'people', label: t('chart.people'), color: 'blue.6' }]}
      />
      <Text size="sm">
        {f.sent
          ? t('funnel.totalsWithRate', { ...totals, rate: formatPercent(f.accepted / f.sent) })
          : t('funnel.totals', totals)}{' '}
        {hours === null
          ? t('funnel.noneAccepted')
          : hours < 48
            ? t('funnel.medianHours', { count: hours })
            : t('funnel.medianDays', { count: Math.round(hours / 24) })}
      </Text>
      <Group gap="xs">
        <Anchor component={Link} to="/reports/pending-invitations" size="sm">
          {t('funnel.pending', { n: f.pending })}
        </Anchor>
        <Text size="sm">{t('funnel.pendingAges', { over7: f.pendingOver7Days, over30: f.pendingOver30Days })}</Text>
      </Group>
      {canInvite && (
        <Group gap="xs">
          <Button size="xs" variant="light" disabled={!f.pendingOver7Days} onClick={() => remind.ask(7)}>
            {t('funnel.remind7')}
          </Button>
          <Button size="xs" variant="light" disabled={!f.pendingOver30Days} onClick={() => remind.ask(30)}>
            {t('funnel.remind30')}
          </Button>
        </Group>
      )}
      {remind.modal}
    </Card>
  );
}
