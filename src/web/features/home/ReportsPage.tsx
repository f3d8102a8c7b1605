import { useState } from 'react';
import { Anchor, NumberInput, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { BarChart, LineChart } from '@mantine/charts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  formatDate,
  formatDateTime,
  formatDay,
  formatDayMonth,
  formatMonth,
  formatNumber,
  roleLabel,
} from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { reportsApi } from './homeApi';
import { Download, ReportPeople, ReportTab } from './ReportParts';
import { DataQuality } from './DataQuality';
import { ReportSchedules } from './ReportSchedules';
import { SimpleTable } from '../../common/components/DataTable';

/** The reports' tabs; each one's name is `reports.names.<value>` in the `home` namespace. */
const REPORTS = ['inactive', 'pending-invitations', 'movements', 'forecast', 'data-quality'] as const;

function Inactive() {
  const { t } = useTranslation('home');
  const [days, setDays] = useState(90);
  const q = useQuery({ queryKey: ['reports', 'inactive', days], queryFn: () => reportsApi.inactive(days) });
  const never = q.data?.items.filter((p) => !p.lastSignInAt).length ?? 0;
  return (
    <ReportTab
      query={q}
      withLoader
      download={<Download href={(f) => reportsApi.fileUrl('inactive', f, { days })} what={t('inactive.what')} />}
      choice={
        <NumberInput
          label={t('inactive.days')}
          min={1}
          max={3650}
          value={days}
          onChange={(v) => typeof v === 'number' && v >= 1 && setDays(v)}
          maw={220}
        />
      }
    >
      {(data) => (
        <>
          <Text>{t('inactive.summary', { count: data.total, days, never, shown: data.items.length })}</Text>
          <BarChart
            h={120}
            data={[{ kind: t('chart.people'), never, over: data.items.length - never }]}
            dataKey="kind"
            type="stacked"
            orientation="vertical"
            valueFormatter={formatNumber}
            series={[
              { name: 'never', label: t('inactive.neverSignedIn'), color: 'red.6' },
              { name: 'over', label: t('inactive.overDays', { count: days }), color: 'orange.6' },
            ]}
          />
          <ReportPeople
            label={t('reports.names.inactive')}
            people={data.items}
            columns={[
              { heading: t('columns.role'), cell: (p) => roleLabel(p.role) },
              {
                heading: t('columns.lastSignIn'),
                cell: (p) => (p.lastSignInAt ? formatDateTime(p.lastSignInAt) : t('inactive.never')),
              },
            ]}
          />
          {data.nextCursor && <Text size="sm">{t('inactive.firstShown', { n: data.items.length })}</Text>}
        </>
      )}
    </ReportTab>
  );
}

function Pending() {
  const { t } = useTranslation('home');
  const q = useQuery({ queryKey: ['reports', 'pending'], queryFn: reportsApi.pendingInvitations });
  return (
    <ReportTab
      query={q}
      withLoader
      download={<Download href={(f) => reportsApi.fileUrl('pending-invitations', f)} what={t('pending.what')} />}
    >
      {(data) => (
        <>
          <Text>
            {t('pending.summary', { total: data.total, expired: data.linkExpired })}{' '}
            <Anchor component={Link} to="/?status=invite_pending">
              {t('pending.openInPeople')}
            </Anchor>
          </Text>
          <BarChart
            h={180}
            data={data.buckets.map((b) => ({ age: t(`pending.buckets.${b.bucket}`), people: b.people }))}
            dataKey="age"
            valueFormatter={formatNumber}
            series={[{ name: 'people', label: t('chart.people'), color: 'yellow.6' }]}
          />
          <ReportPeople
            label={t('reports.names.pending-invitations')}
            people={data.items}
            columns={[
              { heading: t('columns.invited'), cell: (p) => formatDate(p.invitedAt) },
              { heading: t('columns.linkExpires'), cell: (p) => formatDate(p.linkExpiresAt) },
            ]}
          />
        </>
      )}
    </ReportTab>
  );
}

function Movements() {
  const { t } = useTranslation('home');
  const q = useQuery({ queryKey: ['reports', 'movements'], queryFn: () => reportsApi.movements(12) });
  return (
    <ReportTab
      query={q}
      download={
        <Download href={(f) => reportsApi.fileUrl('movements', f, { months: 12 })} what={t('movements.what')} />
      }
    >
      {(data) => (
        <>
          <BarChart
            h={220}
            data={data.months.map((m) => ({ month: formatMonth(m.month), joiners: m.joiners, leavers: m.leavers }))}
            dataKey="month"
            withLegend
            valueFormatter={formatNumber}
            series={[
              { name: 'joiners', label: t('movements.joiners'), color: 'teal.6' },
              { name: 'leavers', label: t('movements.leavers'), color: 'red.6' },
            ]}
          />
          <SimpleTable
            aria-label={t('movements.tableLabel')}
            columns={[t('columns.month'), t('movements.joiners'), t('movements.leavers')]}
          >
            {data.months.map((m) => (
              <Table.Tr key={m.month}>
                <Table.Td>{formatMonth(m.month)}</Table.Td>
                <Table.Td>{formatNumber(m.joiners)}</Table.Td>
                <Table.Td>{formatNumber(m.leavers)}</Table.Td>
              </Table.Tr>
            ))}
          </SimpleTable>
        </>
      )}
    </ReportTab>
  );
}

function ForecastReport() {
  const { t } = useTranslation('home');
  const q = useQuery({ queryKey: ['reports', 'forecast'], queryFn: () => reportsApi.forecast() });
  return (
    <ReportTab
      query={q}
      download={<Download href={(fmt) => reportsApi.fileUrl('forecast', fmt)} what={t('forecast.what')} />}
    >
      {(f) => (
        <>
          <Text role="status">
            {f.seats.limit === null
              ? t('forecast.noLimit', { count: f.seats.used })
              : f.passesLimitOn
                ? t('forecast.willPass', { count: f.seats.limit, date: formatDay(f.passesLimitOn) })
                : t('forecast.within', { count: f.seats.limit, days: f.horizonDays })}{' '}
            {t('forecast.trend', {
              trend:
                f.trendPerDay === null ? t('forecast.notEnoughDays') : t('forecast.perDay', { count: f.trendPerDay }),
              scheduled: f.scheduledInvitations,
              expiring: f.expiring,
            })}
          </Text>
          <LineChart
            h={220}
            data={f.points.map((p) => ({
              day: formatDayMonth(p.day),
              seats: p.seats,
              ...(f.seats.limit ? { limit: f.seats.limit } : {}),
            }))}
            dataKey="day"
            valueFormatter={formatNumber}
            series={[
              { name: 'seats', label: t('chart.seats'), color: 'blue.6' },
              ...(f.seats.limit ? [{ name: 'limit', label: t('chart.limit'), color: 'red.6' }] : []),
            ]}
          />
          <SimpleTable aria-label={t('reports.names.forecast')} columns={[t('columns.day'), t('chart.seats')]}>
            {f.points.map((p) => (
              <Table.Tr key={p.day}>
                <Table.Td>{formatDay(p.day)}</Table.Td>
                <Table.Td>{formatNumber(p.seats)}</Table.Td>
              </Table.Tr>
            ))}
          </SimpleTable>
        </>
      )}
    </ReportTab>
  );
}

/** The reports (docs/decisions/020-insight.md): each a chart, a table and a CSV/Excel download. */
export function ReportsPage() {
  const { report = 'inactive' } = useParams();
  const navigate = useNavigate();
  const { t } = useTranslation('home');
  const current = REPORTS.find((r) => r === report) ?? REPORTS[0];
  const label = t(`reports.names.${current}`);
  usePageTitle(t('reports.pageTitle', { report: label }));
  return (
    <Stack>
      <Title order={1}>{t('reports.title')}</Title>
      <Tabs value={current} onChange={(v) => v && void navigate(`/reports/${v}`)}>
        <Tabs.List aria-label={t('reports.title')}>
          {REPORTS.map((r) => (
            <Tabs.Tab key={r} value={r}>
              {t(`reports.names.${r}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {current === 'inactive' && <Inactive />}
      {current === 'pending-invitations' && <Pending />}
      {current === 'movements' && <Movements />}
      {current === 'forecast' && <ForecastReport />}
      {current === 'data-quality' && <DataQuality />}
      {current !== 'data-quality' && <ReportSchedules report={current} label={label} />}
    </Stack>
  );
}
