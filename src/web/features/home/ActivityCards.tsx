import { Anchor, Stack, Table, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { Link } from 'react-router-dom';
import { formatDate, formatDateTime, statusLabel } from '../../common/lib/format';
import { Card } from './HomeCards';
import { peopleUrl, type Summary } from './homeApi';

export function SignInsCard({ summary }: { summary: Summary }) {
  const data = summary.signInsByWeek.map((w) => ({ week: w.weekEnding.slice(5), People: w.people }));
  const now = summary.signInsByWeek.at(-1)?.people ?? 0;
  return (
    <Card title="Sign-ins per week" id="signins-heading">
      <BarChart h={160} data={data} dataKey="week" series={[{ name: 'People', color: 'teal.6' }]} />
      <Text size="sm">
        {now.toLocaleString()} {now === 1 ? 'person' : 'people'} signed in during the last 7 days.{' '}
        <Anchor component={Link} to={peopleUrl({ status: 'confirmed', signedIn: '30d' })}>
          Not signed in for 30 days
        </Anchor>
        {' · '}
        <Anchor component={Link} to="/reports/inactive">
          Inactive report
        </Anchor>
      </Text>
    </Card>
  );
}

export function ExpiriesCard({ summary }: { summary: Summary }) {
  const e = summary.upcomingExpiries;
  return (
    <Card title="Upcoming end dates" id="expiries-heading">
      {e.within30Days === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody&apos;s access ends in the next 30 days.
        </Text>
      ) : (
        <Stack gap={4}>
          <Text size="sm">{e.within30Days} in the next 30 days:</Text>
          {e.next.map((p) => (
            <Text size="sm" key={p.id}>
              <Anchor component={Link} to={`/people/${p.id}`}>
                {p.name}
              </Anchor>{' '}
              — {formatDate(p.expiresAt)}
            </Text>
          ))}
        </Stack>
      )}
    </Card>
  );
}

export function RecentChangesCard({ summary }: { summary: Summary }) {
  return (
    <Card title="Recent changes" id="changes-heading">
      {summary.recentChanges.length === 0 ? (
        <Text size="sm" c="dimmed">
          No status changes yet.
        </Text>
      ) : (
        <Table aria-label="Recent status changes" fz="sm">
          <Table.Tbody>
            {summary.recentChanges.map((c, i) => (
              <Table.Tr key={`${c.person.id}-${c.at}-${i}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/people/${c.person.id}`}>
                    {c.person.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {c.fromStatus ? `${statusLabel(c.fromStatus)} → ` : ''}
                  <Anchor component={Link} to={peopleUrl({ status: c.toStatus })}>
                    {statusLabel(c.toStatus)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{formatDateTime(c.at)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
