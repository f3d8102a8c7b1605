import { useState } from 'react';
import { Anchor, Button, Group, Loader, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { accessApi, ApiError, errorMessage, type ProfileAssignment } from '../../common/api';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { ACTIONS_COLUMN, DataTable } from '../../common/components/DataTable';
import { limitOf, permissionLabel, useLimitChoices, WHOLE_ORG } from './GrantsPanel';

/**
 * The permission profiles assigned to this person, each with its limit, and what the person can reach (how many
 * people their People list shows, with a link to them). Owners and Admins (grants.manage) see and change it
 * (docs/decisions/031-delegated-administration.md).
 */
export function ProfileAssignmentsPanel({
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
  const key = ['user', userId, 'profile-assignments'];
  const q = useQuery({ queryKey: key, queryFn: () => accessApi.assignments(userId) });
  const reach = useQuery({ queryKey: ['user', userId, 'reach'], queryFn: () => accessApi.reach(userId) });
  const profiles = useQuery({
    queryKey: ['permission-profiles'],
    queryFn: () => accessApi.profiles(),
    enabled: canManage && !isSelf,
  });
  const limits = useLimitChoices();
  const [profileId, setProfileId] = useState('');
  const [limit, setLimit] = useState(WHOLE_ORG);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<ProfileAssignment | null>(null);
  const editable = canManage && !isSelf;

  async function refresh() {
    await qc.invalidateQueries({ queryKey: key });
    await qc.invalidateQueries({ queryKey: ['user', userId, 'reach'] });
  }

  async function assign(e: React.FormEvent) {
    e.preventDefault();
    if (!profileId) {
      setError(t('profiles.chooseFirst'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const a = await accessApi.assignProfile(userId, profileId, limitOf(limit));
      setProfileId('');
      setLimit(WHOLE_ORG);
      await refresh();
      notifications.show({
        message: t('profiles.assigned', { profile: a.profileName, name: userName }),
        color: 'green',
      });
    } catch (err) {
      setError(err instanceof ApiError ? (Object.values(err.fieldErrors)[0] ?? err.message) : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="profiles-heading">
      <Stack>
        <Stack gap={2}>
          <Title order={2} size="h3" id="profiles-heading">
            {t('profiles.title')}
          </Title>
          <Text size="sm" c="dark.7">
            {t('profiles.intro')}
          </Text>
        </Stack>

        {reach.data && (
          <Text size="sm" data-testid="reach">
            {reach.data.everyone
              ? t('profiles.reachEveryone', { count: reach.data.count })
              : t('profiles.reach', { count: reach.data.count })}{' '}
            <Anchor component={Link} to={`/?${reach.data.peopleQuery}`} size="sm">
              {t('profiles.reachLink')}
            </Anchor>
          </Text>
        )}

        {q.isPending ? (
          <Loader size="sm" aria-label={t('profiles.loading')} />
        ) : q.error ? (
          <ErrorAlert error={q.error} title={t('profiles.loadFailed')} />
        ) : q.data.items.length === 0 ? (
          <Text size="sm">{t('profiles.empty')}</Text>
        ) : (
          <DataTable
            minWidth={560}
            aria-labelledby="profiles-heading"
            columns={[t('profiles.profile'), t('profiles.permissions'), t('grants.scope'), editable && ACTIONS_COLUMN]}
          >
            {q.data.items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.profileName}</Table.Td>
                <Table.Td>{a.permissions.map(permissionLabel).join(', ')}</Table.Td>
                <Table.Td>{limits.describe(a)}</Table.Td>
                {editable && (
                  <Table.Td>
                    <Button
                      size="xs"
                      color="red"
                      variant="outline"
                      aria-label={t('profiles.removeLabel', { profile: a.profileName })}
                      onClick={() => setRemoving(a)}
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
          <form onSubmit={assign} noValidate aria-label={t('profiles.assignForm')}>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <NativeSelect
                label={t('profiles.profile')}
                data={[
                  { value: '', label: t('profiles.choose') },
                  ...(profiles.data?.items ?? []).map((p) => ({ value: p.id, label: p.name })),
                ]}
                value={profileId}
                onChange={(e) => {
                  setProfileId(e.currentTarget.value);
                  setError(null);
                }}
                error={error}
                style={{ flex: '1 1 240px' }}
              />
              <NativeSelect
                label={t('grants.scope')}
                data={limits.data}
                value={limit}
                onChange={(e) => setLimit(e.currentTarget.value || WHOLE_ORG)}
                style={{ flex: '1 1 200px' }}
              />
              <Button type="submit" loading={busy} mt={25}>
                {t('profiles.assign')}
              </Button>
            </Group>
          </form>
        )}
      </Stack>

      <ConfirmModal
        opened={removing !== null}
        title={t('profiles.removeTitle')}
        danger
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await accessApi.removeAssignment(userId, removing.id);
          await refresh();
        }}
      >
        {removing && <Text>{t('profiles.removeText', { name: userName, profile: removing.profileName })}</Text>}
      </ConfirmModal>
    </Paper>
  );
}
