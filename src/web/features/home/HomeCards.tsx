import { Anchor, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { DonutChart, LineChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { STATUSES, type Status } from '../../../common/domain';
import { statusLabel, formatDay, formatDayMonth, formatNumber } from '../../common/lib/format';
import { peopleUrl, type Forecast, type Summary } from './homeApi';

export const STATUS_COLORS: Record<Status, string> = {
  not_invited: 'gray.5',
  invite_scheduled: 'cyan.6',
  invite_pending: 'yellow.6',
  confirmed: 'teal.6',
  deactivated: 'red.6',
  expired: 'orange.6',
  anonymised: 'dark.3',
};

export function Card({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

export function SeatsCard({ summary, forecast }: { summary: Summary; forecast: Forecast | undefined }) {
  const { used, limit, statuses } = summary.seats;
  const { t } = useTranslation('home');
  const share = limit ? Math.min(100, (used / limit) * 100) : 0;
  return (
    <Card title={t('seats.title')} id="seats-heading">
      <Group align="baseline" gap={6}>
        <Text fz={32} fw={700}>
          {formatNumber(used)}
        </Text>
        <Text c="dimmed">{limit ? t('seats.ofLimit', { count: limit }) : t('seats.noLimit')}</Text>
      </Group>
      {limit !== null && (
        <Progress
          value={share}
          color={used > limit ? 'red' : share > 90 ? 'orange' : 'blue'}
          aria-label={t('seats.shareLabel')}
        />
      )}
      <Text size="sm">
        {t('seats.counted')}{' '}
        <Anchor component={Link} to={peopleUrl({ status: statuses.join(',') })}>
          {statuses.map(statusLabel).join(', ')}
        </Anchor>
      </Text>
      {forecast?.passesLimitOn && limit !== null && (
        <Text size="sm" c={used > limit ? 'red.8' : 'orange.9'} role="status">
          {used > limit
            ? t('seats.over', { count: limit })
            : t('seats.willPass', { count: limit, date: formatDay(forecast.passesLimitOn) })}
        </Text>
      )}
      <Anchor component={Link} to="/reports/forecast" size="sm">
        {t('seats.forecastLink')}
      </Anchor>
    </Card>
  );
}

export function StatusCard({ summary }: { summary: Summary }) {
  const { t } = useTranslation('home');
  const data = STATUSES.filter((s) => summary.counts[s] > 0).map((s) => ({
    name: statusLabel(s),
    value: summary.counts[s],
    color: STATUS_COLORS[s],
  }));
  return (
    <Card title={t('status.title')} id="status-heading">
      <SimpleGrid cols={2} spacing="sm">
        <DonutChart
          data={data}
          chartLabel={formatNumber(summary.total)}
          valueFormatter={formatNumber}
          size={140}
          thickness={22}
        />
        <Stack
          gap={4}
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label={t('status.title')}
        >
          {STATUSES.map((s) => (
            <li key={s}>
              <Anchor component={Link} to={peopleUrl({ status: s })} size="sm">
                {t('status.item', { status: statusLabel(s), count: summary.counts[s] })}
              </Anchor>
            </li>
          ))}
        </Stack>
      </SimpleGrid>
    </Card>
  );
}

export function TrendCard({ summary }: { summary: Summary }) {
  const { t } = useTranslation('home');
  const data = summary.trend.map((p) => ({
    day: formatDayMonth(p.day),
    seats: p.seats,
    confirmed: p.counts.confirmed,
    pending: p.counts.invite_pending,
  }));
  return (
    <Card title={t('trend.title')} id="trend-heading">
      {data.length < 2 ? (
        <Text size="sm" c="dimmed">
          {t('trend.empty')}
        </Text>
      ) : (
        <LineChart
          h={220}
          data={data}
          dataKey="day"
          curveType="linear"
          withLegend
          valueFormatter={formatNumber}
          series={[
            { name: 'seats', label: t('chart.seats'), color: 'blue.6' },
            { name: 'confirmed', label: t('chart.confirmed'), color: 'teal.6' },
            { name: 'pending', label: t('chart.pending'), color: 'yellow.6' },
          ]}
        />
      )}
    </Card>
  );
}
