import { useTranslation } from 'react-i18next';
import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { jobsApi, type Job } from './jobsApi';
import { formatDateTime, formatNumber } from '../../common/lib/format';
import { i18next } from '../../i18n';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { ACTIONS_COLUMN, DataTable, columnHeadings } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';
import { RowActionButton } from '../../common/components/RowActionButton';

function schedule(j: Job): string {
  const t = i18next.getFixedT(null, 'jobs');
  if (j.everySeconds === null) return t('schedule.triggered');
  if (j.everySeconds % 3600 === 0) return t('schedule.hours', { n: formatNumber(j.everySeconds / 3600) });
  if (j.everySeconds % 60 === 0) return t('schedule.minutes', { n: formatNumber(j.everySeconds / 60) });
  return t('schedule.seconds', { n: formatNumber(j.everySeconds) });
}

function Status({ job }: { job: Job }) {
  const { t } = useTranslation('jobs');
  if (job.running > 0)
    return (
      <Badge color="blue" variant="light">
        {t('status.running')}
      </Badge>
    );
  if (job.lastStatus === 'failed')
    return (
      <Badge color="red" variant="light">
        {job.failuresInRow > 0
          ? t('status.failedRetry', { retry: formatNumber(job.failuresInRow) })
          : t('status.failed')}
      </Badge>
    );
  if (job.lastStatus === 'ok')
    return (
      <Badge color="green" variant="light">
        {t('status.ok')}
      </Badge>
    );
  return <Text size="sm">{t('status.notRun')}</Text>;
}

function RunNow({ job }: { job: Job }) {
  const { t } = useTranslation('jobs');
  return (
    <RowActionButton
      action={() => jobsApi.runNow(job.name)}
      invalidates={['jobs']}
      messages={{ success: t('started', { name: job.name }), failed: t('startFailed') }}
      aria-label={t('runNamed', { name: job.name })}
    >
      {t('run')}
    </RowActionButton>
  );
}

/** Settings → Background jobs (Owners): every declared job, its schedule and how its last run went. */
export function JobsPage() {
  const { t } = useTranslation('jobs');
  usePageTitle(t('title'));
  const q = useQuery({ queryKey: ['jobs'], queryFn: jobsApi.list, refetchInterval: 10_000 });
  return (
    <Stack gap="lg">
      <Title order={1}>{t('title')}</Title>
      <Text c="dark.7">{t('intro')}</Text>
      <QueryState query={q} texts="jobs" empty={<Text data-testid="jobs-empty">{t('empty')}</Text>}>
        {(data) => (
          <DataTable
            minWidth={960}
            aria-label={t('title')}
            columns={[
              ...columnHeadings(t, 'column', ['job', 'schedule', 'lastRun', 'status', 'lastError', 'runs', 'nextRun']),
              ACTIONS_COLUMN,
            ]}
          >
            {data.items.map((j) => (
              <Table.Tr key={j.name} data-testid={`job-${j.name}`}>
                <Table.Td>
                  <Text fw={600} size="sm">
                    {j.name}
                  </Text>
                  <Text size="xs" c="dark.7">
                    {j.description}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{schedule(j)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(j.lastStartedAt)}</Table.Td>
                <Table.Td>
                  <Status job={j} />
                </Table.Td>
                <Table.Td>{j.lastError ?? '—'}</Table.Td>
                <Table.Td>
                  {formatNumber(j.runs)} / {formatNumber(j.failures)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(j.nextRunAt)}</Table.Td>
                <Table.Td>
                  <RunNow job={j} />
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </QueryState>
    </Stack>
  );
}
