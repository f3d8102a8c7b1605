import { useState } from 'react';
import { Button, Group, Loader, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { accessApi, ApiError, errorMessage, type Grant, type GrantablePermission } from '../../common/api';
import { formatDateTime } from '../../common/lib/format';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { UserRef } from '../../common/components/UserRef';
import { ACTIONS_COLUMN, DataTable } from '../../common/components/DataTable';

export const PERMISSION_LABELS: Record<GrantablePermission, string> = {
  'people.view': 'View people',
  'people.invite': 'Invite people',
  'people.edit': 'Edit people’s details',
  'people.lifecycle': 'Deactivate, reactivate and set expiry',
  notes: 'Read and write profile notes',
  'teams.manage': 'Manage teams',
  'groups.manage': 'Manage groups',
  'audit.read': 'Read the audit log',
};

/** The scope value for an organisation-wide grant (no team). */
const WHOLE_ORG = 'organisation';

export function permissionLabel(p: string): string {
  return PERMISSION_LABELS[p as GrantablePermission] ?? p;
}

/**
 * Permissions granted to this person on top of their role, organisation-wide or limited to a team.
 * Anyone who sees the profile sees them; only holders of grants.manage (Owners, Admins) change them.
 */
export function GrantsPanel({
  userId,
  userName,
  canManage,
  isSelf,
}: {
  userId: string;
  userName: string;
  canManage: boolean;
  isSelf: boolean;
}) {
  const qc = useQueryClient();
  const key = ['user', userId, 'grants'];
  const q = useQuery({ queryKey: key, queryFn: () => accessApi.grants(userId) });
  const teams = useQuery({
    queryKey: ['teams', 'for-grants'],
    queryFn: () => accessApi.teams(),
    retry: false,
    staleTime: 60_000,
  });
  const teamName = new Map((teams.data?.items ?? []).map((t) => [t.id, t.name]));
  const [permission, setPermission] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string>(WHOLE_ORG);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<Grant | null>(null);
  const editable = canManage && !isSelf;

  async function add(e: React.FormEvent) {
    e.preventDefault();
    if (!permission) {
      setError('Choose a permission to grant.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await accessApi.addGrant(userId, permission as GrantablePermission, teamId === WHOLE_ORG ? null : teamId);
      setPermission(null);
      setTeamId(WHOLE_ORG);
      await qc.invalidateQueries({ queryKey: key });
      notifications.show({ message: `${permissionLabel(permission)} granted to ${userName}.`, color: 'green' });
    } catch (err) {
      setError(err instanceof ApiError ? (Object.values(err.fieldErrors)[0] ?? err.message) : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const scope = (g: Grant) => (g.teamId ? `Team: ${teamName.get(g.teamId) ?? g.teamId}` : 'Whole organisation');

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="grants-heading">
      <Stack>
        <Stack gap={2}>
          <Title order={2} size="h3" id="grants-heading">
            Grants
          </Title>
          <Text size="sm" c="dark.7">
            Rights given to this person on top of their role, for the whole organisation or one team (with its
            sub-teams).
          </Text>
        </Stack>

        {q.isPending ? (
          <Loader size="sm" aria-label="Loading grants" />
        ) : q.error ? (
          <ErrorAlert error={q.error} title="Could not load the grants" />
        ) : q.data.items.length === 0 ? (
          <Text size="sm">No permissions granted — only the rights of their role apply.</Text>
        ) : (
          <DataTable
            minWidth={560}
            aria-labelledby="grants-heading"
            columns={['Permission', 'Scope', 'Granted by', 'Granted', editable && ACTIONS_COLUMN]}
          >
            {q.data.items.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>{permissionLabel(g.permission)}</Table.Td>
                <Table.Td>{scope(g)}</Table.Td>
                <Table.Td>
                  <UserRef id={g.grantedBy} />
                </Table.Td>
                <Table.Td>{formatDateTime(g.createdAt)}</Table.Td>
                {editable && (
                  <Table.Td>
                    <Button
                      size="xs"
                      color="red"
                      variant="outline"
                      aria-label={`Remove ${permissionLabel(g.permission)} (${scope(g)})`}
                      onClick={() => setRemoving(g)}
                    >
                      Remove
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </DataTable>
        )}

        {editable && (
          <form onSubmit={add} noValidate aria-label="Add a grant">
            <Group align="flex-start" gap="sm" wrap="wrap">
              <NativeSelect
                label="Permission"
                data={[
                  { value: '', label: 'Choose a permission…' },
                  ...(Object.keys(PERMISSION_LABELS) as GrantablePermission[]).map((p) => ({
                    value: p,
                    label: PERMISSION_LABELS[p],
                  })),
                ]}
                value={permission ?? ''}
                onChange={(e) => {
                  setPermission(e.currentTarget.value || null);
                  setError(null);
                }}
                error={error}
                style={{ flex: '1 1 240px' }}
              />
              <NativeSelect
                label="Scope"
                data={[
                  { value: WHOLE_ORG, label: 'Whole organisation' },
                  ...(teams.data?.items ?? []).map((t) => ({ value: t.id, label: `Team: ${t.name}` })),
                ]}
                value={teamId}
                onChange={(e) => setTeamId(e.currentTarget.value || WHOLE_ORG)}
                style={{ flex: '1 1 200px' }}
              />
              <Button type="submit" loading={busy} mt={25}>
                Grant
              </Button>
            </Group>
          </form>
        )}
        {canManage && isSelf && (
          <Text size="sm" c="dark.7">
            You cannot grant permissions to yourself; another Owner or Admin can.
          </Text>
        )}
      </Stack>

      <ConfirmModal
        opened={removing !== null}
        title="Remove this permission?"
        danger
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await accessApi.removeGrant(userId, removing.id);
          await qc.invalidateQueries({ queryKey: key });
          notifications.show({
            message: `${permissionLabel(removing.permission)} was removed from ${userName}.`,
            color: 'green',
          });
        }}
      >
        {removing && (
          <Text>
            {userName} will no longer have “{permissionLabel(removing.permission)}” ({scope(removing)}). Their role’s
            rights stay as they are.
          </Text>
        )}
      </ConfirmModal>
    </Paper>
  );
}
