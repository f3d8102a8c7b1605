import { useState } from 'react';
import { Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BULK_REASONS } from '../../../common/contract/bulkActions';
import { SCHEDULED_ACTIONS, type ScheduledAction, type ScheduledChangeDto } from '../../../common/contract/lifecycle';
import { ROLES } from '../../../common/domain';
import { organisingApi } from '../../common/api';
import { useItemConfirmation } from '../../common/components/useItemConfirmation';
import { ACTIONS_COLUMN, DataTable, columnHeadings } from '../../common/components/DataTable';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { QueryState } from '../../common/components/QueryState';
import { UserRef } from '../../common/components/UserRef';
import { formatDate, formatDateTime, roleLabel, teamSelectData } from '../../common/lib/format';
import { lifecycleApi } from '../lifecycle/lifecycleApi';
import { ManagerSelect } from './UserEditForm';
import { SectionHeading } from '../../common/components/SectionHeading';

function What({ c, teams }: { c: ScheduledChangeDto; teams: Map<string, string> }) {
  const { t } = useTranslation('profile');
  const p = c.params as { managerId?: string | null; teamId?: string; role?: string; expiresAt?: string };
  if (c.action === 'set_manager')
    return (
      <>
        {t('scheduled.managerTo')}
        {p.managerId ? <UserRef id={p.managerId} /> : t('scheduled.none')}
      </>
    );
  if (c.action === 'add_to_team' || c.action === 'remove_from_team')
    return (
      <>
        {t('scheduled.teamChange', {
          action: t(`scheduled.action.${c.action}`),
          team: teams.get(p.teamId ?? '') ?? t('scheduled.aTeam'),
        })}
      </>
    );
  if (c.action === 'set_role') return <>{t('scheduled.roleTo', { role: roleLabel(p.role) })}</>;
  if (c.action === 'set_expiry') return <>{t('scheduled.endDateTo', { date: formatDate(p.expiresAt) })}</>;
  return <>{t(`scheduled.action.${c.action}`)}</>;
}

/** Why a change was refused, in the UI's language (the bulk actions' reasons); the server's word otherwise. */
const reasonText = (t: (key: string) => string, reason: string) =>
  (BULK_REASONS as readonly string[]).includes(reason) ? t(`people:bulkAction.reason.${reason}`) : reason;

const STATUS_COLOR = { pending: 'blue', applied: 'green', refused: 'red', cancelled: 'gray' } as const;

/**
 * Upcoming changes on a profile (docs/decisions/024-lifecycle-rules.md): listed, cancellable, and a form to
 * schedule one. The server checks the change now and again on its date.
 */
export function ScheduledChangesPanel({ userId, canSchedule }: { userId: string; canSchedule: boolean }) {
  const { t } = useTranslation('profile');
  const qc = useQueryClient();
  const key = ['user', userId, 'scheduled-changes'];
  const q = useQuery({ queryKey: key, queryFn: () => lifecycleApi.scheduled(userId) });
  const teamsQ = useQuery({ queryKey: ['teams'], queryFn: () => organisingApi.teams() });
  const teamOptions = teamSelectData(teamsQ.data?.items ?? []);
  const teams = new Map(teamOptions.map((t) => [t.value, t.label]));
  const cancel = useItemConfirmation((c: ScheduledChangeDto) => ({
    title: t('scheduled.cancelTitle'),
    confirmLabel: t('scheduled.cancel'),
    success: t('scheduled.cancelled'),
    onConfirm: async () => {
      await lifecycleApi.cancel(userId, c.id);
      await qc.invalidateQueries({ queryKey: key });
    },
  }));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="upcoming-heading">
      <Stack>
        <SectionHeading id="upcoming-heading" title={t('scheduled.title')} />
        <QueryState query={q} texts="profile:scheduled" empty={<Text c="dark.7">{t('scheduled.empty')}</Text>}>
          {(data) => (
            <DataTable
              columns={[...columnHeadings(t, 'scheduled', ['date', 'change', 'scheduledBy', 'status']), ACTIONS_COLUMN]}
              minWidth={640}
              aria-label={t('scheduled.title')}
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
                      {t(`scheduled.state.${c.status}`)}
                    </Badge>
                    {c.reason && (
                      <Text size="xs" c="dark.6">
                        {reasonText(t, c.reason)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {c.status === 'pending' && (
                      <Button size="xs" variant="default" onClick={() => cancel.ask(c)}>
                        {t('scheduled.cancel')}
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
      {cancel.modal}
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
  const { t } = useTranslation('profile');
  const [action, setAction] = useState<ScheduledAction>('set_manager');
  const [value, setValue] = useState('');
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!date) {
      setError(new Error(t('scheduled.dateMissing')));
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
      notifications.show({ message: t('scheduled.scheduledToast'), color: 'green' });
      await onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label={t('scheduled.formTitle')} noValidate>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('scheduled.formTitle')}
        </Title>
        <Group align="flex-end">
          <Select
            label={t('scheduled.change')}
            data={SCHEDULED_ACTIONS.map((a) => ({ value: a, label: t(`scheduled.action.${a}`) }))}
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
              label={t('scheduled.team')}
              data={teamOptions}
              value={value || null}
              onChange={(v) => setValue(v ?? '')}
              searchable
            />
          )}
          {action === 'set_role' && (
            <Select
              label={t('scheduled.role')}
              data={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
              value={value || null}
              onChange={(v) => setValue(v ?? '')}
            />
          )}
          {action === 'set_expiry' && (
            <TextInput
              label={t('scheduled.newEndDate')}
              type="date"
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
            />
          )}
          <TextInput
            label={t('scheduled.on')}
            type="datetime-local"
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            required
          />
          <Button type="submit" loading={busy}>
            {t('scheduled.schedule')}
          </Button>
        </Group>
        {error !== null && <ErrorAlert error={error} title={t('scheduled.scheduleFailed')} />}
      </Stack>
    </form>
  );
}
