import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { organisingApi } from '../../common/api';
import { fullName } from '../../common/lib/format';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { PersonPicker } from '../../common/components/PersonPicker';
import { PersonLink } from '../../common/components/UserRef';

/**
 * A team's managers (GET /teams/{id}/managers: everyone sees those in their scope or listed in the directory);
 * those who manage the team assign managers and remove them after a confirmation.
 */
export function TeamManagers({ teamId, canManage }: { teamId: string; canManage: boolean }) {
  const { t } = useTranslation('teams');
  const qc = useQueryClient();
  const key = ['team-managers', teamId];
  const managers = useQuery({ queryKey: key, queryFn: () => organisingApi.teamManagers(teamId) });
  const [userId, setUserId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ id: string; name: string } | null>(null);
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: key });
    await qc.invalidateQueries({ queryKey: ['teams'] });
  };
  const add = useMutation({
    mutationFn: () => organisingApi.addTeamManager(teamId, userId!),
    onSuccess: async () => {
      setUserId(null);
      await refresh();
    },
  });
  const items = managers.data?.items ?? [];
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('managers.title')}
      </Title>
      <ErrorAlert error={managers.error} />
      {managers.data && items.length === 0 && <Text c="dimmed">{t('managers.none')}</Text>}
      {items.length > 0 && (
        <List aria-label={t('managers.list')}>
          {items.map((m) => (
            <List.Item key={m.id}>
              <Group gap="xs">
                <PersonLink person={{ id: m.id, name: fullName(m) }} />
                {canManage && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => setRemoving({ id: m.id, name: fullName(m) })}
                    aria-label={t('managers.removeWho', { name: fullName(m) })}
                  >
                    {t('managers.remove')}
                  </Button>
                )}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      {canManage && (
        <Group align="end">
          <PersonPicker
            label={t('managers.assign')}
            placeholder={t('members.searchPlaceholder')}
            nothingFound={t('managers.nobodyFound')}
            value={userId}
            onChange={setUserId}
            excludeIds={items.map((m) => m.id)}
            w={320}
          />
          <Button onClick={() => add.mutate()} disabled={!userId} loading={add.isPending}>
            {t('managers.add')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={add.error} title={t('managers.changeFailed')} />
      <ConfirmModal
        opened={removing !== null}
        title={t('managers.confirmTitle', { name: removing?.name ?? '' })}
        confirmLabel={t('managers.remove')}
        danger
        onConfirm={async () => {
          await organisingApi.removeTeamManager(teamId, removing!.id);
          await refresh();
        }}
        onClose={() => setRemoving(null)}
      >
        <Text>{t('managers.confirmText', { name: removing?.name ?? '' })}</Text>
      </ConfirmModal>
    </Stack>
  );
}
