import { Anchor, Stack, Table, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDate, formatDateTime, formatDayMonth, formatNumber, statusLabel } from '../../common/lib/format';
import { Card } from './HomeCards';
import { peopleUrl, type Summary } from './homeApi';

export function SignInsCard({ summary }: { summary: Summary }) {
  const { t } = useTranslation('home');
  const data = summary.signInsByWeek.map((w) => ({ week: formatDayMonth(w.weekEnding), people: w.people }));
  const now = summary.signInsByWeek.at(-1)?.people ?? 0;
  return (
    <Card title={t('signIns.title')} id="signins-heading">
      <BarChart
        h={160}
        data={data}
        dataKey="week"
        valueFormatter={formatNumber}
        series={[{ name: 'people', label: t('chart.people'), color: 'teal.6' }]}
      />
      <Text size="sm">
        {t('signIns.lastWeek', { count: now })}{' '}
        <Anchor component={Link} to={peopleUrl({ status: 'confirmed', signedIn: '30d' })}>
          {t('signIns.notSignedIn')}
        </Anchor>
        {' · '}
        <Anchor component={Link} to="/reports/inactive">
          {t('signIns.inactiveReport')}
        </Anchor>
      </Text>
    </Card>
  );
}

export function ExpiriesCard({ summary }: { summary: Summary }) {
  const { t } = useTranslation('home');
  const e = summary.upcomingExpiries;
  return (
    <Card title={t('expiries.title')} id="expiries-heading">
      {e.within30Days === 0 ? (
        <Text size="sm" c="dimmed">
          {t('expiries.none')}
        </Text>
      ) : (
        <Stack gap={4}>
          <Text size="sm">{t('expiries.within', { n: e.within30Days })}</Text>
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
  const { t } = useTranslation('home');
  return (
    <Card title={t('changes.title')} id="changes-heading">
      {summary.recentChanges.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('changes.none')}
        </Text>
      ) : (
        <Table aria-label={t('changes.tableLabel')} fz="sm">
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
