import { useState } from 'react';
import { Button, Group, Loader, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n';
import { accessApi, ApiError, errorMessage, type Grant, type GrantablePermission, type Limit } from '../../common/api';
import { GRANTABLE } from '../../../common/contract/access';
import { formatDateTime } from '../../common/lib/format';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { UserRef } from '../../common/components/UserRef';
import { ACTIONS_COLUMN, DataTable } from '../../common/components/DataTable';

/** The grantable permissions, in the contract's order; their words are profile:grants.label.<permission>. */
const PERMISSIONS: readonly string[] = GRANTABLE;

/** The scope value for an organisation-wide grant (no limit). */
export const WHOLE_ORG = 'organisation';

/** A limit select's value (`team:<id>`, `group:<id>` or WHOLE_ORG) as the API's body fields. */
export function limitOf(value: string): Limit {
  if (value.startsWith('team:')) return { teamId: value.slice(5) };
  if (value.startsWith('group:')) return { groupId: value.slice(6) };
  return {};
}

/** The choices of a limit: the whole organisation, each team (with its sub-teams), each dynamic group. */
export function useLimitChoices() {
  const { t } = useTranslation('profile');
  const teams = useQuery({
    queryKey: ['teams', 'for-grants'],
    queryFn: () => accessApi.teams(),
    retry: false,
    staleTime: 60_000,
  });
  const groups = useQuery({
    queryKey: ['groups', 'for-grants'],
    queryFn: () => accessApi.groups(),
    retry: false,
    staleTime: 60_000,
  });
  const teamName = new Map((teams.data?.items ?? []).map((team) => [team.id, team.name]));
  const groupName = new Map((groups.data?.items ?? []).map((g) => [g.id, g.name]));
  const data = [
    { value: WHOLE_ORG, label: t('grants.wholeOrganisation') },
    ...(teams.data?.items ?? []).map((team) => ({
      value: `team:${team.id}`,
      label: t('grants.team', { name: team.name }),
    })),
    ...(groups.data?.items ?? []).map((g) => ({ value: `group:${g.id}`, label: t('grants.group', { name: g.name }) })),
  ];
  const describe = (l: { teamId: string | null; groupId?: string | null }) =>
    l.teamId
      ? t('grants.team', { name: teamName.get(l.teamId) ?? l.teamId })
      : l.groupId
        ? t('grants.group', { name: groupName.get(l.groupId) ?? l.groupId })
        : t('grants.wholeOrganisation');
  return { data, describe };
}

/** A permission in the UI's language; a name this UI does not know stays as the server sent it. */
export function permissionLabel(p: string): string {
  return PERMISSIONS.includes(p) ? i18next.t(`profile:grants.label.${p}`) : p;
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
  const { t } = useTranslation('profile');
  const qc = useQueryClient();
  const key = ['user', userId, 'grants'];
  const q = useQuery({ queryKey: key, queryFn: () => accessApi.grants(userId) });
  const limits = useLimitChoices();
  const [permission, setPermission] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string>(WHOLE_ORG);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<Grant | null>(null);
  const editable = canManage && !isSelf;

  async function add(e: React.FormEvent) {
    e.preventDefault();
    if (!permission) {
      setError(t('grants.chooseFirst'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await accessApi.addGrant(userId, permission as GrantablePermission, limitOf(teamId));
      setPermission(null);
      setTeamId(WHOLE_ORG);
      await qc.invalidateQueries({ queryKey: key });
      notifications.show({
        message: t('grants.grantedTo', { permission: permissionLabel(permission), name: userName }),
        color: 'green',
      });
    } catch (err) {
      setError(err instanceof ApiError ? (Object.values(err.fieldErrors)[0] ?? err.message) : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const scope = (g: Grant) => limits.describe(g);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="grants-heading">
      <Stack>
        <Stack gap={2}>
          <Title order={2} size="h3" id="grants-heading">
            {t('grants.title')}
          </Title>
          <Text size="sm" c="dark.7">
            {t('grants.intro')}
          </Text>
        </Stack>

        {q.isPending ? (
          <Loader size="sm" aria-label={t('grants.loading')} />
        ) : q.error ? (
          <ErrorAlert error={q.error} title={t('grants.loadFailed')} />
        ) : q.data.items.length === 0 ? (
          <Text size="sm">{t('grants.empty')}</Text>
        ) : (
          <DataTable
            minWidth={560}
            aria-labelledby="grants-heading"
            columns={[
              t('grants.permission'),
              t('grants.scope'),
              t('grants.grantedBy'),
              t('grants.granted'),
              editable && ACTIONS_COLUMN,
            ]}
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
                      aria-label={t('grants.removeLabel', {
                        permission: permissionLabel(g.permission),
                        scope: scope(g),
                      })}
                      onClick={() => setRemoving(g)}
                    >
                      {t('grants.remove')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </DataTable>
        )}

        {editable && (
          <form onSubmit={add} noValidate aria-label={t('grants.addForm')}>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <NativeSelect
                label={t('grants.permission')}
                data={[
                  { value: '', label: t('grants.choose') },
                  ...PERMISSIONS.map((p) => ({ value: p, label: permissionLabel(p) })),
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
                label={t('grants.scope')}
                data={limits.data}
                value={teamId}
                onChange={(e) => setTeamId(e.currentTarget.value || WHOLE_ORG)}
                style={{ flex: '1 1 200px' }}
              />
              <Button type="submit" loading={busy} mt={25}>
                {t('grants.grant')}
              </Button>
            </Group>
          </form>
        )}
        {canManage && isSelf && (
          <Text size="sm" c="dark.7">
            {t('grants.notSelf')}
          </Text>
        )}
      </Stack>

      <ConfirmModal
        opened={removing !== null}
        title={t('grants.removeTitle')}
        danger
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await accessApi.removeGrant(userId, removing.id);
          await qc.invalidateQueries({ queryKey: key });
          notifications.show({
            message: t('grants.removedFrom', { permission: permissionLabel(removing.permission), name: userName }),
            color: 'green',
          });
        }}
      >
        {removing && (
          <Text>
            {t('grants.removeText', {
              name: userName,
              permission: permissionLabel(removing.permission),
              scope: scope(removing),
            })}
          </Text>
        )}
      </ConfirmModal>
    </Paper>
  );
}
