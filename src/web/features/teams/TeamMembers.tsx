import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { organisingApi } from '../../common/api';
import { fullName } from '../../common/lib/format';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { usePersonSearch } from '../../common/components/PersonPicker';

/** Members (with or without sub-teams), adding and removing people, and pending join requests. */
export function TeamMembers({ teamId }: { teamId: string }) {
  const { t } = useTranslation('teams');
  const qc = useQueryClient();
  const [withSubs, setWithSubs] = useState(false);
  const members = useQuery({
    queryKey: ['team-members', teamId, withSubs],
    queryFn: () => organisingApi.teamMembers(teamId, withSubs),
  });
  const requests = useQuery({ queryKey: ['join-requests', teamId], queryFn: () => organisingApi.joinRequests(teamId) });
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['team-members', teamId] });
    await qc.invalidateQueries({ queryKey: ['join-requests', teamId] });
    await qc.invalidateQueries({ queryKey: ['teams'] });
  };
  const remove = useMutation({
    mutationFn: (userId: string) => organisingApi.removeTeamMember(teamId, userId),
    onSuccess: refresh,
  });
  const decide = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'approve' | 'decline' }) =>
      organisingApi.decideJoin(teamId, id, action),
    onSuccess: refresh,
  });
  return (
    <Stack>
      <Title order={3} size="h4">
        {t('members.title')}
      </Title>
      <Checkbox
        label={t('members.withSubteams')}
        checked={withSubs}
        onChange={(e) => setWithSubs(e.currentTarget.checked)}
      />
      <AddMember teamId={teamId} onAdded={refresh} />
      <ErrorAlert error={members.error ?? remove.error} />
      <Table aria-label={t('members.table')}>
        <Table.Tbody>
          {members.data?.items.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>{fullName(m)}</Table.Td>
              <Table.Td>{m.jobTitle ?? ''}</Table.Td>
              <Table.Td>
                {!withSubs && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => remove.mutate(m.id)}
                    aria-label={t('members.removeWho', { name: fullName(m) })}
                  >
                    {t('members.remove')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={3} size="h4">
        {t('members.requests')}
      </Title>
      <ErrorAlert error={requests.error ?? decide.error} />
      {requests.data?.items.length === 0 && <Text c="dimmed">{t('members.noRequests')}</Text>}
      {requests.data?.items.map((r) => (
        <Group key={r.id}>
          <Text>{r.userName}</Text>
          <Button
            size="xs"
            onClick={() => decide.mutate({ id: r.id, action: 'approve' })}
            aria-label={t('members.approveWho', { name: r.userName })}
          >
            {t('members.approve')}
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={() => decide.mutate({ id: r.id, action: 'decline' })}
            aria-label={t('members.declineWho', { name: r.userName })}
          >
            {t('members.decline')}
          </Button>
        </Group>
      ))}
    </Stack>
  );
}

function AddMember({ teamId, onAdded }: { teamId: string; onAdded: () => Promise<void> }) {
  const { t } = useTranslation('teams');
  const { found, searchProps, clear } = usePersonSearch('user-picker', { retry: false });
  const [userId, setUserId] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => organisingApi.addTeamMember(teamId, userId!),
    onSuccess: async () => {
      setUserId(null);
      clear();
      await onAdded();
    },
  });
  return (
    <Group align="end">
      <Select
        label={t('members.addPerson')}
        placeholder={t('members.searchPlaceholder')}
        data={(found.data?.items ?? []).map((u) => ({ value: u.id, label: fullName(u) || u.email || u.id }))}
        value={userId}
        onChange={setUserId}
        {...searchProps}
        w={280}
      />
      <Button onClick={() => add.mutate()} disabled={!userId} loading={add.isPending}>
        {t('members.add')}
      </Button>
      <ErrorAlert error={add.error} />
    </Group>
  );
}
