import { useState } from 'react';
import { Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { organisingApi, type JoinPolicy, type Team } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { DeleteTeamModal } from './DeleteTeamModal';
import { TeamMembers } from './TeamMembers';

const POLICIES: { value: JoinPolicy; label: string }[] = [
  { value: 'closed', label: 'Closed: managers add people' },
  { value: 'on_request', label: 'On request: managers approve' },
  { value: 'open', label: 'Open: anyone can join' },
];

/** One team: rename, join policy, "Move to…", delete, members and join requests (for those who manage it). */
export function TeamPanel({ teamId, teams, onDeleted }: { teamId: string; teams: Team[]; onDeleted: () => void }) {
  const team = teams.find((t) => t.id === teamId)!;
  const qc = useQueryClient();
  const [name, setName] = useState(team.name);
  const [deleting, setDeleting] = useState(false);
  const canManage = team.canManage ?? false;
  const refresh = () => qc.invalidateQueries({ queryKey: ['teams'] });
  const update = useMutation({
    mutationFn: (patch: Parameters<typeof organisingApi.updateTeam>[1]) => organisingApi.updateTeam(teamId, patch),
    onSuccess: refresh,
  });
  const join = useMutation({ mutationFn: () => organisingApi.askToJoin(teamId), onSuccess: refresh });
  // A team cannot move under itself or one of its sub-teams.
  const targets = teams.filter((t) => t.id !== teamId && !t.ancestorIds.includes(teamId));

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          {team.name}
        </Title>
        <Text size="sm">
          {team.memberCount} members directly, {team.memberCountWithSubteams} with sub-teams.
        </Text>
        {canManage ? (
          <>
            <Group align="end">
              <TextInput label="Team name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
              <Button
                variant="default"
                onClick={() => update.mutate({ name })}
                disabled={!name.trim() || name === team.name}
              >
                Rename
              </Button>
            </Group>
            <Select
              label="Join policy"
              data={POLICIES}
              value={team.joinPolicy}
              onChange={(v) => v && update.mutate({ joinPolicy: v as JoinPolicy })}
              allowDeselect={false}
              maw={320}
            />
            <Select
              label="Move to…"
              placeholder="Choose a new parent"
              data={[{ value: '', label: '(Top level)' }, ...targets.map((t) => ({ value: t.id, label: t.name }))]}
              value={null}
              onChange={(v) => v !== null && update.mutate({ parentId: v || null })}
              searchable
              maw={320}
            />
            <ErrorAlert error={update.error} title="Could not change the team" />
            <Group>
              <Button color="red" variant="light" onClick={() => setDeleting(true)}>
                Delete team…
              </Button>
            </Group>
            <DeleteTeamModal
              opened={deleting}
              team={team}
              hasSubteams={teams.some((t) => t.parentId === teamId)}
              onClose={() => setDeleting(false)}
              onDeleted={onDeleted}
            />
          </>
        ) : (
          team.joinPolicy !== 'closed' && (
            <Group>
              <Button onClick={() => join.mutate()} loading={join.isPending} disabled={join.isSuccess}>
                {team.joinPolicy === 'open' ? 'Join this team' : 'Ask to join'}
              </Button>
              {join.isSuccess && (
                <Text size="sm">
                  {join.data.status === 'approved' ? 'You joined the team.' : 'Request sent to the team managers.'}
                </Text>
              )}
              <ErrorAlert error={join.error} />
            </Group>
          )
        )}
        {canManage && <TeamMembers teamId={teamId} />}
      </Stack>
    </Paper>
  );
}
