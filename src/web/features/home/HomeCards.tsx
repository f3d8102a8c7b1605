import { Anchor, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { DonutChart, LineChart } from '@mantine/charts';
import { Link } from 'react-router-dom';
import { STATUSES, type Status } from '../../../common/domain';
import { statusLabel, formatDate } from '../../common/lib/format';
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
  const share = limit ? Math.min(100, (used / limit) * 100) : 0;
  return (
    <Card title="Seats" id="seats-heading">
      <Group align="baseline" gap={6}>
        <Text fz={32} fw={700}>
          {used.toLocaleString()}
        </Text>
        <Text c="dimmed">{limit ? `of ${limit.toLocaleString()} seats used` : 'seats used (no limit set)'}</Text>
      </Group>
      {limit !== null && (
        <Progress
          value={share}
          color={used > limit ? 'red' : share > 90 ? 'orange' : 'blue'}
          aria-label="Share of seats used"
        />
      )}
      <Text size="sm">
        Counted:{' '}
        <Anchor component={Link} to={peopleUrl({ status: statuses.join(',') })}>
          {statuses.map(statusLabel).join(', ')}
        </Anchor>
      </Text>
      {forecast?.passesLimitOn && limit !== null && (
        <Text size="sm" c={used > limit ? 'red.8' : 'orange.9'} role="status">
          {used > limit
            ? `You are over your ${limit.toLocaleString()} seats.`
            : `At this rate you will pass ${limit.toLocaleString()} seats on ${formatDate(forecast.passesLimitOn)}.`}
        </Text>
      )}
      <Anchor component={Link} to="/reports/forecast" size="sm">
        Seats forecast
      </Anchor>
    </Card>
  );
}

export function StatusCard({ summary }: { summary: Summary }) {
  const data = STATUSES.filter((s) => summary.counts[s] > 0).map((s) => ({
    name: statusLabel(s),
    value: summary.counts[s],
    color: STATUS_COLORS[s],
  }));
  return (
    <Card title="People by status" id="status-heading">
      <SimpleGrid cols={2} spacing="sm">
        <DonutChart data={data} chartLabel={summary.total} size={140} thickness={22} />
        <Stack
          gap={4}
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label="People by status"
        >
          {STATUSES.map((s) => (
            <li key={s}>
              <Anchor component={Link} to={peopleUrl({ status: s })} size="sm">
                {statusLabel(s)}: {summary.counts[s].toLocaleString()}
              </Anchor>
            </li>
          ))}
        </Stack>
      </SimpleGrid>
    </Card>
  );
}

export function TrendCard({ summary }: { summary: Summary }) {
  const data = summary.trend.map((p) => ({
    day: p.day.slice(5),
    Seats: p.seats,
    Confirmed: p.counts.confirmed,
    Pending: p.counts.invite_pending,
  }));
  return (
    <Card title="Last 90 days" id="trend-heading">
      {data.length < 2 ? (
        <Text size="sm" c="dimmed">
          The trend appears after a second daily snapshot (one is taken each day).
        </Text>
      ) : (
        <LineChart
          h={220}
          data={data}
          dataKey="day"
          curveType="linear"
          withLegend
          series={[
            { name: 'Seats', color: 'blue.6' },
            { name: 'Confirmed', color: 'teal.6' },
            { name: 'Pending', color: 'yellow.6' },
          ]}
        />
      )}
    </Card>
  );
}
