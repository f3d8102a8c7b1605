import { useState } from 'react';
import { Anchor, Button, Group, Loader, Menu, NumberInput, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { BarChart, LineChart } from '@mantine/charts';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { PersonLink } from '../../common/components/UserRef';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { formatDate, formatDateTime, humanize, roleLabel } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { reportsApi, type ReportFile } from './homeApi';
import { DataQuality } from './DataQuality';
import { ReportSchedules } from './ReportSchedules';

const REPORTS = [
  { value: 'inactive', label: 'Inactive people' },
  { value: 'pending-invitations', label: 'Pending invitations' },
  { value: 'movements', label: 'Joiners and leavers' },
  { value: 'forecast', label: 'Seats forecast' },
  { value: 'data-quality', label: 'Data quality' },
] as const;

/** A report as CSV or Excel: plain download links, streamed by the browser. */
function Download({ href, what }: { href: (f: ReportFile) => string; what: string }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" aria-label={`Download ${what}`}>
          Download
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={href('csv')} download>
          CSV (.csv)
        </Menu.Item>
        <Menu.Item component="a" href={href('xlsx')} download>
          Excel (.xlsx)
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function Inactive() {
  const [days, setDays] = useState(90);
  const q = useQuery({ queryKey: ['reports', 'inactive', days], queryFn: () => reportsApi.inactive(days) });
  const never = q.data?.items.filter((p) => !p.lastSignInAt).length ?? 0;
  return (
    <Stack>
      <Group align="flex-end" justify="space-between">
        <NumberInput
          label="No sign-in for (days)"
          min={1}
          max={3650}
          value={days}
          onChange={(v) => typeof v === 'number' && v >= 1 && setDays(v)}
          maw={220}
        />
        <Download href={(f) => reportsApi.fileUrl('inactive', f, { days })} what="the inactive people" />
      </Group>
      <ErrorAlert error={q.error} />
      {q.isPending && <Loader aria-label="Loading" />}
      {q.data && (
        <>
          <Text>
            {q.data.total.toLocaleString()} confirmed {q.data.total === 1 ? 'person has' : 'people have'} not signed in
            for {days} days or never ({never} of the first {q.data.items.length} never did).
          </Text>
          <BarChart
            h={120}
            data={[{ kind: 'People', 'Never signed in': never, [`Over ${days} days`]: q.data.items.length - never }]}
            dataKey="kind"
            type="stacked"
            orientation="vertical"
            series={[
              { name: 'Never signed in', color: 'red.6' },
              { name: `Over ${days} days`, color: 'orange.6' },
            ]}
          />
          <Table aria-label="Inactive people">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Last sign-in</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <PersonLink person={p} />
                  </Table.Td>
                  <Table.Td>{roleLabel(p.role)}</Table.Td>
                  <Table.Td>{p.lastSignInAt ? formatDateTime(p.lastSignInAt) : 'Never'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {q.data.nextCursor && <Text size="sm">The first 100 are shown; the download has everyone.</Text>}
        </>
      )}
    </Stack>
  );
}

function Pending() {
  const q = useQuery({ queryKey: ['reports', 'pending'], queryFn: reportsApi.pendingInvitations });
  return (
    <Stack>
      <Group justify="flex-end">
        <Download href={(f) => reportsApi.fileUrl('pending-invitations', f)} what="the pending invitations" />
      </Group>
      <ErrorAlert error={q.error} />
      {q.isPending && <Loader aria-label="Loading" />}
      {q.data && (
        <>
          <Text>
            {q.data.total} pending; {q.data.linkExpired} with an expired link.{' '}
            <Anchor component={Link} to="/?status=invite_pending">
              Open in People
            </Anchor>
          </Text>
          <BarChart
            h={180}
            data={q.data.buckets.map((b) => ({ age: humanize(b.bucket), People: b.people }))}
            dataKey="age"
            series={[{ name: 'People', color: 'yellow.6' }]}
          />
          <Table aria-label="Pending invitations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Invited</Table.Th>
                <Table.Th>Link expires</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <PersonLink person={p} />
                  </Table.Td>
                  <Table.Td>{formatDate(p.invitedAt)}</Table.Td>
                  <Table.Td>{formatDate(p.linkExpiresAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

function Movements() {
  const q = useQuery({ queryKey: ['reports', 'movements'], queryFn: () => reportsApi.movements(12) });
  return (
    <Stack>
      <Group justify="flex-end">
        <Download href={(f) => reportsApi.fileUrl('movements', f, { months: 12 })} what="joiners and leavers" />
      </Group>
      <ErrorAlert error={q.error} />
      {q.data && (
        <>
          <BarChart
            h={220}
            data={q.data.months.map((m) => ({ month: m.month, Joiners: m.joiners, Leavers: m.leavers }))}
            dataKey="month"
            withLegend
            series={[
              { name: 'Joiners', color: 'teal.6' },
              { name: 'Leavers', color: 'red.6' },
            ]}
          />
          <Table aria-label="Joiners and leavers by month">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Month</Table.Th>
                <Table.Th>Joiners</Table.Th>
                <Table.Th>Leavers</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.months.map((m) => (
                <Table.Tr key={m.month}>
                  <Table.Td>{m.month}</Table.Td>
                  <Table.Td>{m.joiners}</Table.Td>
                  <Table.Td>{m.leavers}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

function ForecastReport() {
  const q = useQuery({ queryKey: ['reports', 'forecast'], queryFn: () => reportsApi.forecast() });
  const f = q.data;
  return (
    <Stack>
      <Group justify="flex-end">
        <Download href={(fmt) => reportsApi.fileUrl('forecast', fmt)} what="the seats forecast" />
      </Group>
      <ErrorAlert error={q.error} />
      {f && (
        <>
          <Text role="status">
            {f.seats.limit === null
              ? `${f.seats.used} seats used; set the contract's seat limit in Settings to see when you would pass it.`
              : f.passesLimitOn
                ? `You will pass ${f.seats.limit.toLocaleString()} seats on ${formatDate(f.passesLimitOn)}.`
                : `You stay within ${f.seats.limit.toLocaleString()} seats for the next ${f.horizonDays} days.`}{' '}
            Trend: {f.trendPerDay === null ? 'not enough days yet' : `${f.trendPerDay} seats a day`};{' '}
            {f.scheduledInvitations} scheduled invitations; {f.expiring} end dates.
          </Text>
          <LineChart
            h={220}
            data={f.points.map((p) => ({
              day: p.day,
              Seats: p.seats,
              ...(f.seats.limit ? { Limit: f.seats.limit } : {}),
            }))}
            dataKey="day"
            series={[{ name: 'Seats', color: 'blue.6' }, ...(f.seats.limit ? [{ name: 'Limit', color: 'red.6' }] : [])]}
          />
          <Table aria-label="Seats forecast">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Day</Table.Th>
                <Table.Th>Seats</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {f.points.map((p) => (
                <Table.Tr key={p.day}>
                  <Table.Td>{formatDate(p.day)}</Table.Td>
                  <Table.Td>{p.seats}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

/** The reports (docs/decisions/020-insight.md): each a chart, a table and a CSV/Excel download. */
export function ReportsPage() {
  const { report = 'inactive' } = useParams();
  const navigate = useNavigate();
  const current = REPORTS.find((r) => r.value === report) ?? REPORTS[0];
  usePageTitle(`Reports — ${current.label}`);
  return (
    <Stack>
      <Title order={1}>Reports</Title>
      <Tabs value={current.value} onChange={(v) => v && void navigate(`/reports/${v}`)}>
        <Tabs.List aria-label="Reports">
          {REPORTS.map((r) => (
            <Tabs.Tab key={r.value} value={r.value}>
              {r.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {current.value === 'inactive' && <Inactive />}
      {current.value === 'pending-invitations' && <Pending />}
      {current.value === 'movements' && <Movements />}
      {current.value === 'forecast' && <ForecastReport />}
      {current.value === 'data-quality' && <DataQuality />}
      {current.value !== 'data-quality' && <ReportSchedules report={current.value} label={current.label} />}
    </Stack>
  );
}
