import { useState } from 'react';
import { Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { REASON_TEXT, type BulkReason } from '../../../common/contract/bulkActions';
import { SCHEDULED_ACTIONS, type ScheduledAction, type ScheduledChangeDto } from '../../../common/contract/lifecycle';
import { ROLES } from '../../../common/domain';
import { organisingApi } from '../../common/api';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ACTIONS_COLUMN, DataTable } from '../../common/components/DataTable';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { QueryState } from '../../common/components/QueryState';
import { UserRef } from '../../common/components/UserRef';
import { formatDate, formatDateTime, roleLabel, teamSelectData } from '../../common/lib/format';
import { lifecycleApi } from '../lifecycle/lifecycleApi';
import { ManagerSelect } from './UserEditForm';

const ACTION_LABEL: Record<ScheduledAction, string> = {
  set_manager: 'Change manager',
  add_to_team: 'Add to team',
  remove_from_team: 'Remove from team',
  set_role: 'Change role',
  set_expiry: 'Set end date',
  clear_expiry: 'Clear end date',
};

function What({ c, teams }: { c: ScheduledChangeDto; teams: Map<string, string> }) {
  const p = c.params as { managerId?: string | null; teamId?: string; role?: string; expiresAt?: string };
  if (c.action === 'set_manager') return <>Manager → {p.managerId ? <UserRef id={p.managerId} /> : 'none'}</>;
  if (c.action === 'add_to_team' || c.action === 'remove_from_team')
    return (
      <>
        {ACTION_LABEL[c.action]}: {teams.get(p.teamId ?? '') ?? 'a team'}
      </>
    );
  if (c.action === 'set_role') return <>Role → {roleLabel(p.role)}</>;
  if (c.action === 'set_expiry') return <>End date → {formatDate(p.expiresAt)}</>;
  return <>{ACTION_LABEL[c.action]}</>;
}

const STATUS_COLOR = { pending: 'blue', applied: 'green', refused: 'red', cancelled: 'gray' } as const;

/**
 * Upcoming changes on a profile (docs/decisions/024-lifecycle-rules.md): listed, cancellable, and a form to
 * schedule one. The server checks the change now and again on its date.
 */
export function ScheduledChangesPanel({ userId, canSchedule }: { userId: string; canSchedule: boolean }) {
  const qc = useQueryClient();
  const key = ['user', userId, 'scheduled-changes'];
  const q = useQuery({ queryKey: key, queryFn: () => lifecycleApi.scheduled(userId) });
  const teamsQ = useQuery({ queryKey: ['teams'], queryFn: () => organisingApi.teams() });
  const teamOptions = teamSelectData(teamsQ.data?.items ?? []);
  const teams = new Map(teamOptions.map((t) => [t.value, t.label]));
  const [cancel, setCancel] = useState<ScheduledChangeDto | null>(null);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="upcoming-heading">
      <Stack>
        <Title order={2} size="h3" id="upcoming-heading">
          Upcoming changes
        </Title>
        <QueryState
          query={q}
          loading="Loading upcoming changes"
          errorTitle="Could not load the upcoming changes"
          empty={<Text c="dark.7">No change is scheduled.</Text>}
        >
          {(data) => (
            <DataTable
              columns={['Date', 'Change', 'Scheduled by', 'Status', ACTIONS_COLUMN]}
              minWidth={640}
              aria-label="Upcoming changes"
            >
              {data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{formatDateTime(c.effectiveAt)}</Table.Td>
                  <Table.Td>
                    <What c={c} teams={teams} />
                  </Table.Td>
                  <Table.Td>{c.scheduledBy?.name ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[c.status]} variant="light">
                      {c.status === 'pending' ? 'Upcoming' : c.status}
                    </Badge>
                    {c.reason && (
                      <Text size="xs" c="dark.6">
                        {REASON_TEXT[c.reason as BulkReason] ?? c.reason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {c.status === 'pending' && (
                      <Button size="xs" variant="default" onClick={() => setCancel(c)}>
                        Cancel change
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}
        </QueryState>
        {canSchedule && (
          <ScheduleForm
            userId={userId}
            teamOptions={teamOptions}
            onDone={() => qc.invalidateQueries({ queryKey: key })}
          />
        )}
      </Stack>
      <ConfirmModal
        opened={cancel !== null}
        title="Cancel this change?"
        confirmLabel="Cancel change"
        onClose={() => setCancel(null)}
        onConfirm={async () => {
          await lifecycleApi.cancel(userId, cancel!.id);
          notifications.show({ message: 'Change cancelled.', color: 'green' });
          await qc.invalidateQueries({ queryKey: key });
        }}
      />
    </Paper>
  );
}

function ScheduleForm({
  userId,
  teamOptions,
  onDone,
}: {
  userId: string;
  teamOptions: { value: string; label: string }[];
  onDone: () => Promise<unknown>;
}) {
  const [action, setAction] = useState<ScheduledAction>('set_manager');
  const [value, setValue] = useState('');
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!date) {
      setError(new Error('Choose the date the change takes effect.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const params =
        action === 'set_manager'
          ? { managerId: value || null }
          : action === 'add_to_team' || action === 'remove_from_team'
            ? { teamId: value }
            : action === 'set_role'
              ? { role: value as (typeof ROLES)[number] }
              : action === 'set_expiry'
                ? { expiresAt: value ? new Date(value).toISOString() : '' }
                : {};
      await lifecycleApi.schedule(userId, {
        action,
        params,
        effectiveAt: new Date(date).toISOString(),
      });
      setValue('');
      notifications.show({ message: 'Change scheduled.', color: 'green' });
      await onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Schedule a change" noValidate>
      <Stack gap="xs">
        <Title order={3} size="h5">
          Schedule a change
        </Title>
        <Group align="flex-end">
          <Select
            label="Change"
            data={SCHEDULED_ACTIONS.map((a) => ({ value: a, label: ACTION_LABEL[a] }))}
            value={action}
            onChange={(v) => {
              setAction((v as ScheduledAction) ?? 'set_manager');
              setValue('');
            }}
            allowDeselect={false}
          />
          {action === 'set_manager' && <ManagerSelect value={value} onChange={setValue} excludeId={userId} />}
          {(action === 'add_to_team' || action === 'remove_from_team') && (
            <Select
              label="Team"
              data={teamOptions}
              value={value || null}
              onChange={(v) => setValue(v ?? '')}
              searchable
            />
          )}
          {action === 'set_role' && (
            <Select
              label="Role"
              data={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
              value={value || null}
              onChange={(v) => setValue(v ?? '')}
            />
          )}
          {action === 'set_expiry' && (
            <TextInput
              label="New end date"
              type="date"
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
            />
          )}
          <TextInput
            label="On"
            type="datetime-local"
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            required
          />
          <Button type="submit" loading={busy}>
            Schedule
          </Button>
        </Group>
        {error !== null && <ErrorAlert error={error} title="Could not schedule the change" />}
      </Stack>
    </form>
  );
}
