import { useTranslation } from 'react-i18next';
import { Alert, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { scimApi, type HrSyncField } from './scimApi';
import { formatDateTime, statusLabel } from '../../common/lib/format';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { UserRef } from '../../common/components/UserRef';
import { DataTable } from '../../common/components/DataTable';
import { SectionHeading } from '../../common/components/SectionHeading';

/** The fields HR may own, named in the UI's language (settings:hrSync.field.<field>); others by their code. */
const HR_FIELDS = new Set([
  'email',
  'firstName',
  'lastName',
  'status',
  'jobTitle',
  'language',
  'timeZone',
  'phone',
  'employeeId',
  'department',
  'managerId',
]);

function Value({ field, value }: { field: string; value: string | null }) {
  if (value === null) return <>—</>;
  if (field === 'managerId') return <UserRef id={value} />;
  return <>{field === 'status' ? statusLabel(value) : value}</>;
}

/**
 * HR sync (SCIM) for one HR-managed person: the fields HR owns, what HR last sent for each, when HR last
 * wrote, and the admin overrides the next sync will undo (GET /api/v1/users/:id/hr-sync).
 */
export function HrSyncPanel({ userId }: { userId: string }) {
  const { t } = useTranslation('settings');
  const label = (field: string) => (HR_FIELDS.has(field) ? t(`hrSync.field.${field}`) : field);
  const q = useQuery({ queryKey: ['user', userId, 'hr-sync'], queryFn: () => scimApi.hrSync(userId) });
  if (q.isPending) return <Loader size="sm" aria-label={t('hrSync.loading')} />;
  if (q.error) return <ErrorAlert error={q.error} title={t('hrSync.loadFailed')} />;
  const v = q.data;
  if (!v.managedByHr) return null;
  const pending = v.fields.filter((f): f is HrSyncField & { pending: string } => f.pending !== null);
  return (
    <Paper withBorder p="md">
      <Stack>
        <SectionHeading id="hr-sync-heading" title={t('hrSync.heading')} />
        <Text size="sm">
          {v.lastSyncAt ? t('hrSync.lastWrote', { date: formatDateTime(v.lastSyncAt) }) : t('hrSync.neverWrote')}
        </Text>
        {pending.map((f) => (
          <Alert
            key={f.field}
            color="orange"
            variant="light"
            title={t('hrSync.changedInRoster', { field: label(f.field) })}
            styles={{ message: { color: '#212529' }, title: { color: '#7a3000' } }}
          >
            {f.pending}
          </Alert>
        ))}
        <DataTable
          minWidth={480}
          aria-labelledby="hr-sync-heading"
          columns={[t('hrSync.fieldColumn'), t('hrSync.hrValueColumn'), t('hrSync.rosterValueColumn')]}
        >
          {v.fields.map((f) => (
            <Table.Tr key={f.field}>
              <Table.Td>{label(f.field)}</Table.Td>
              <Table.Td>
                {v.valuesRecorded ? <Value field={f.field} value={f.hrValue} /> : t('hrSync.notRecorded')}
              </Table.Td>
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
