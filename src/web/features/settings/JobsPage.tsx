import { useState } from 'react';
import { Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../common/api';
import { jobsApi, type Job } from './jobsApi';
import { formatDateTime } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { ACTIONS_COLUMN, DataTable } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';

function schedule(j: Job): string {
  if (j.everySeconds === null) return 'When triggered';
  if (j.everySeconds % 3600 === 0) return `Every ${j.everySeconds / 3600} h`;
  if (j.everySeconds % 60 === 0) return `Every ${j.everySeconds / 60} min`;
  return `Every ${j.everySeconds} s`;
}

function Status({ job }: { job: Job }) {
  if (job.running > 0)
    return (
      <Badge color="blue" variant="light">
        Running
      </Badge>
    );
  if (job.lastStatus === 'failed')
    return (
      <Badge color="red" variant="light">
        Failed{job.failuresInRow > 0 ? ` (retry ${job.failuresInRow})` : ''}
      </Badge>
    );
  if (job.lastStatus === 'ok')
    return (
      <Badge color="green" variant="light">
        OK
      </Badge>
    );
  return <Text size="sm">Not run yet</Text>;
}

function RunNow({ job }: { job: Job }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    try {
      await jobsApi.runNow(job.name);
      notifications.show({ message: `${job.name} started.`, color: 'green' });
      void qc.invalidateQueries({ queryKey: ['jobs'] });
    } catch (err) {
      notifications.show({ title: 'Could not start the job', message: errorMessage(err), color: 'red' });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button size="xs" variant="light" loading={busy} onClick={() => void run()} aria-label={`Run ${job.name} now`}>
      Run now
    </Button>
  );
}

/** Settings → Background jobs (Owners): every declared job, its schedule and how its last run went. */
export function JobsPage() {
  usePageTitle('Background jobs');
  const q = useQuery({ queryKey: ['jobs'], queryFn: jobsApi.list, refetchInterval: 10_000 });
  return (
    <Stack gap="lg">
      <Title order={1}>Background jobs</Title>
      <Text c="dark.7">
        Roster sends scheduled invitations and email, expires people, ends breaks, runs imports and keeps its database
        tidy in the background. A job that fails is retried; its last error shows here.
      </Text>
      <QueryState
        query={q}
        loading="Loading jobs"
        errorTitle="Could not load the jobs"
        empty={
          <Text data-testid="jobs-empty">
            No background jobs have been registered yet. They appear here once the server has started.
          </Text>
        }
      >
        {(data) => (
          <DataTable
            minWidth={960}
            aria-label="Background jobs"
            columns={[
              'Job',
              'Schedule',
              'Last run',
              'Status',
              'Last error',
              'Runs / failures',
              'Next run',
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
                  {j.runs} / {j.failures}
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
