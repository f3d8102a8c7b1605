import { Alert, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { scimApi, type HrSyncField } from './scimApi';
import { formatDateTime, humanize } from '../../common/lib/format';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { UserRef } from '../../common/components/UserRef';
import { DataTable } from '../../common/components/DataTable';

const LABELS: Record<string, string> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  status: 'Status',
  jobTitle: 'Job title',
  language: 'Language',
  timeZone: 'Time zone',
  phone: 'Phone',
  employeeId: 'Employee ID',
  department: 'Department',
  managerId: 'Manager',
};

function Value({ field, value }: { field: string; value: string | null }) {
  if (value === null) return <>—</>;
  if (field === 'managerId') return <UserRef id={value} />;
  return <>{field === 'status' ? humanize(value) : value}</>;
}

/**
 * HR sync (SCIM) for one HR-managed person: the fields HR owns, what HR last sent for each, when HR last
 * wrote, and the admin overrides the next sync will undo (GET /api/v1/users/:id/hr-sync).
 */
export function HrSyncPanel({ userId }: { userId: string }) {
  const q = useQuery({ queryKey: ['user', userId, 'hr-sync'], queryFn: () => scimApi.hrSync(userId) });
  if (q.isPending) return <Loader size="sm" aria-label="Loading HR sync" />;
  if (q.error) return <ErrorAlert error={q.error} title="Could not load the HR sync details" />;
  const v = q.data;
  if (!v.managedByHr) return null;
  const pending = v.fields.filter((f): f is HrSyncField & { pending: string } => f.pending !== null);
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3" id="hr-sync-heading">
          HR sync
        </Title>
        <Text size="sm">
          {v.lastSyncAt
            ? `HR last wrote to this person on ${formatDateTime(v.lastSyncAt)}.`
            : 'HR has not written to this person since Roster started keeping what HR sends.'}
        </Text>
        {pending.map((f) => (
          <Alert
            key={f.field}
            color="orange"
            variant="light"
            title={`${LABELS[f.field] ?? f.field}: changed in Roster`}
            styles={{ message: { color: '#212529' }, title: { color: '#7a3000' } }}
          >
            {f.pending}
          </Alert>
        ))}
        <DataTable
          minWidth={480}
          aria-labelledby="hr-sync-heading"
          columns={['Field HR owns', 'Last value from HR', 'Value in Roster']}
        >
          {v.fields.map((f) => (
            <Table.Tr key={f.field}>
              <Table.Td>{LABELS[f.field] ?? f.field}</Table.Td>
              <Table.Td>{v.valuesRecorded ? <Value field={f.field} value={f.hrValue} /> : 'Not recorded yet'}</Table.Td>
              <Table.Td>
                <Value field={f.field} value={f.currentValue} />
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </Stack>
    </Paper>
  );
}
