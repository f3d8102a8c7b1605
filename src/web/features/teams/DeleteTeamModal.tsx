import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { organisingApi, type Team } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';

/** Deleting a team asks what happens to its sub-teams and its members. */
export function DeleteTeamModal({
  opened,
  team,
  hasSubteams,
  onClose,
  onDeleted,
}: {
  opened: boolean;
  team: Team;
  hasSubteams: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation('teams');
  const qc = useQueryClient();
  const [subteams, setSubteams] = useState<'move_to_parent' | 'delete'>('move_to_parent');
  const [members, setMembers] = useState<'move_to_parent' | 'remove'>(team.parentId ? 'move_to_parent' : 'remove');
  const hasMembers = team.memberCountWithSubteams > 0;
  const del = useMutation({
    mutationFn: () =>
      organisingApi.deleteTeam(team.id, {
        subteams: hasSubteams ? subteams : undefined,
        members: hasMembers ? members : undefined,
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['teams'] });
      onClose();
      onDeleted();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('delete.title', { name: team.name })}>
      <Stack>
        {hasSubteams && (
          <Radio.Group
            label={t('delete.subteams')}
            value={subteams}
            onChange={(v) => setSubteams(v as typeof subteams)}
          >
            <Stack gap={4} mt={4}>
              <Radio value="move_to_parent" label={team.parentId ? t('delete.subteamsUp') : t('delete.subteamsTop')} />
              <Radio value="delete" label={t('delete.subteamsDelete')} />
            </Stack>
          </Radio.Group>
        )}
        {hasMembers && (
          <Radio.Group label={t('delete.members')} value={members} onChange={(v) => setMembers(v as typeof members)}>
            <Stack gap={4} mt={4}>
              <Radio value="move_to_parent" label={t('delete.membersUp')} disabled={!team.parentId} />
              <Radio value="remove" label={t('delete.membersRemove')} />
            </Stack>
          </Radio.Group>
        )}
        {!hasSubteams && !hasMembers && <Text>{t('delete.empty')}</Text>}
        <ErrorAlert error={del.error} title={t('delete.failed')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button color="red" onClick={() => del.mutate()} loading={del.isPending}>
            {t('delete.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
