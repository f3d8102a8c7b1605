import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { organisingApi, type JoinPolicy, type Team } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { formatNumber } from '../../common/lib/format';
import { DeleteTeamModal } from './DeleteTeamModal';
import { TeamMembers } from './TeamMembers';
import { TeamManagers } from './TeamManagers';
import { SectionHeading } from '../../common/components/SectionHeading';

/** The join policies, each labelled teams:panel.policy.<policy>. */
const POLICIES: JoinPolicy[] = ['closed', 'on_request', 'open'];

/** One team: rename, join policy, "Move to…", delete, members and join requests (for those who manage it). */
export function TeamPanel({ teamId, teams, onDeleted }: { teamId: string; teams: Team[]; onDeleted: () => void }) {
  const { t } = useTranslation('teams');
  const team = teams.find((other) => other.id === teamId)!;
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
  const targets = teams.filter((other) => other.id !== teamId && !other.ancestorIds.includes(teamId));

  return (
    <Paper withBorder p="md">
      <Stack>
        <SectionHeading title={team.name} />
        <Text size="sm">
          {t('panel.counts', { count: team.memberCount, withSubteams: formatNumber(team.memberCountWithSubteams) })}
        </Text>
        {canManage ? (
          <>
            <Group align="end">
              <TextInput label={t('name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
              <Button
                variant="default"
                onClick={() => update.mutate({ name })}
                disabled={!name.trim() || name === team.name}
              >
                {t('panel.rename')}
              </Button>
            </Group>
            <Select
              label={t('panel.joinPolicy')}
              data={POLICIES.map((p) => ({ value: p, label: t(`panel.policy.${p}`) }))}
              value={team.joinPolicy}
              onChange={(v) => v && update.mutate({ joinPolicy: v as JoinPolicy })}
              allowDeselect={false}
              maw={320}
            />
            <Select
              label={t('panel.moveTo')}
              placeholder={t('panel.chooseParent')}
              data={[
                { value: '', label: t('panel.topLevel') },
                ...targets.map((other) => ({ value: other.id, label: other.name })),
              ]}
              value={null}
              onChange={(v) => v !== null && update.mutate({ parentId: v || null })}
              searchable
              maw={320}
            />
            <ErrorAlert error={update.error} title={t('panel.changeFailed')} />
            <Group>
              <Button color="red" variant="light" onClick={() => setDeleting(true)}>
                {t('panel.delete')}
              </Button>
            </Group>
            <DeleteTeamModal
              opened={deleting}
              team={team}
              hasSubteams={teams.some((other) => other.parentId === teamId)}
              onClose={() => setDeleting(false)}
              onDeleted={onDeleted}
            />
          </>
        ) : (
          team.joinPolicy !== 'closed' && (
            <Group>
              <Button onClick={() => join.mutate()} loading={join.isPending} disabled={join.isSuccess}>
                {team.joinPolicy === 'open' ? t('panel.join') : t('panel.askToJoin')}
              </Button>
              {join.isSuccess && (
                <Text size="sm">{join.data.status === 'approved' ? t('panel.joined') : t('panel.requested')}</Text>
              )}
              <ErrorAlert error={join.error} />
            </Group>
          )
        )}
        <TeamManagers teamId={teamId} canManage={canManage} />
        {canManage && <TeamMembers teamId={teamId} />}
      </Stack>
    </Paper>
  );
}
