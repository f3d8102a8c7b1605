import { useState } from 'react';
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
    <Modal opened={opened} onClose={onClose} title={`Delete ${team.name}`}>
      <Stack>
        {hasSubteams && (
          <Radio.Group label="Its sub-teams" value={subteams} onChange={(v) => setSubteams(v as typeof subteams)}>
            <Stack gap={4} mt={4}>
              <Radio
                value="move_to_parent"
                label={team.parentId ? 'Move them up to the parent team' : 'Make them top-level teams'}
              />
              <Radio value="delete" label="Delete them too" />
            </Stack>
          </Radio.Group>
        )}
        {hasMembers && (
          <Radio.Group label="Its members" value={members} onChange={(v) => setMembers(v as typeof members)}>
            <Stack gap={4} mt={4}>
              <Radio value="move_to_parent" label="Move them to the parent team" disabled={!team.parentId} />
              <Radio value="remove" label="Remove them from the team (their accounts stay)" />
            </Stack>
          </Radio.Group>
        )}
        {!hasSubteams && !hasMembers && <Text>This team is empty.</Text>}
        <ErrorAlert error={del.error} title="Could not delete the team" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={() => del.mutate()} loading={del.isPending}>
            Delete team
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
