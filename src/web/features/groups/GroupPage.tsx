import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Anchor, Button, Group, Loader, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, organisingApi, type RuleNode } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { RuleBuilder } from './RuleBuilder';
import { RulePreview } from './RulePreview';
import { formatDateTime, formatNumber, fullName, humanize } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { SimpleTable } from '../../common/components/DataTable';

/** Create (/groups/new) or edit a group: name, rules with live preview; members and join/leave history. */
export function GroupPage() {
  const { t } = useTranslation('groups');
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const qc = useQueryClient();
  const navigate = useNavigate();
  const group = useQuery({ queryKey: ['group', id], queryFn: () => organisingApi.group(id!), enabled: !isNew });
  const fields = useQuery({ queryKey: ['custom-fields'], queryFn: api.customFields, staleTime: 60_000 });
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => organisingApi.teams() });
  const [name, setName] = useState('');
  const [rules, setRules] = useState<RuleNode>({ all: [] });
  useEffect(() => {
    if (group.data) {
      setName(group.data.name);
      setRules(group.data.rules);
    }
  }, [group.data]);
  usePageTitle(isNew ? t('edit.new') : (group.data?.name ?? t('edit.group')));

  const save = useMutation({
    mutationFn: () =>
      isNew ? organisingApi.createGroup({ name, rules }) : organisingApi.updateGroup(id, { name, rules }),
    onSuccess: async (g) => {
      notifications.show({ message: t('edit.saved', { count: g.memberCount }) });
      await qc.invalidateQueries({ queryKey: ['groups'] });
      await qc.invalidateQueries({ queryKey: ['group', g.id] });
      await qc.invalidateQueries({ queryKey: ['group-members', g.id] });
      if (isNew) void navigate(`/groups/${encodeURIComponent(g.id)}`, { replace: true });
    },
  });
  const remove = useMutation({
    mutationFn: () => organisingApi.deleteGroup(id!),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['groups'] });
      void navigate('/groups');
    },
  });

  if (!isNew && group.isLoading) return <Loader aria-label={t('edit.loading')} />;
  const nameError = save.error instanceof ApiError ? save.error.fieldErrors.name : undefined;
  return (
    <Stack>
      <Anchor component={Link} to="/groups" size="sm">
        ← {t('list.title')}
      </Anchor>
      <Title order={1} size="h2">
        {isNew ? t('edit.new') : group.data?.name}
      </Title>
      <ErrorAlert error={group.error} />
      <TextInput
        label={t('list.name')}
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={nameError}
        maw={400}
      />
      <Text fw={600}>{t('edit.rules')}</Text>
      <RuleBuilder
        value={rules}
        onChange={setRules}
        customFields={fields.data?.items ?? []}
        teams={teams.data?.items ?? []}
      />
      <RulePreview rules={rules} />
      <ErrorAlert error={save.error} title={t('edit.saveFailed')} />
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!name.trim()}>
          {isNew ? t('edit.create') : t('common:save')}
        </Button>
        {!isNew && (
          <Button
            color="red"
            variant="light"
            onClick={() => window.confirm(t('edit.confirmDelete')) && remove.mutate()}
            loading={remove.isPending}
          >
            {t('edit.delete')}
          </Button>
        )}
      </Group>
      {!isNew && id && <GroupActivity id={id} />}
    </Stack>
  );
}

function GroupActivity({ id }: { id: string }) {
  const { t } = useTranslation('groups');
  const members = useQuery({ queryKey: ['group-members', id], queryFn: () => organisingApi.groupMembers(id) });
  const events = useQuery({ queryKey: ['group-events', id], queryFn: () => organisingApi.groupEvents(id) });
  return (
    <Tabs defaultValue="members">
      <Tabs.List>
        <Tabs.Tab value="members">
          {t('activity.membersTab', {
            total: members.data?.total === undefined ? '…' : formatNumber(members.data.total),
          })}
        </Tabs.Tab>
        <Tabs.Tab value="history">{t('activity.historyTab')}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="members" pt="sm">
        <ErrorAlert error={members.error} />
        <SimpleTable
          aria-label={t('activity.membersLabel')}
          columns={[t('list.name'), t('activity.jobTitle'), t('activity.since')]}
        >
          {members.data?.items.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Anchor component={Link} to={`/people/${encodeURIComponent(m.id)}`}>
                  {fullName(m)}
                </Anchor>
              </Table.Td>
              <Table.Td>{m.jobTitle ?? '—'}</Table.Td>
              <Table.Td>{formatDateTime(m.since)}</Table.Td>
            </Table.Tr>
          ))}
        </SimpleTable>
      </Tabs.Panel>
      <Tabs.Panel value="history" pt="sm">
        <ErrorAlert error={events.error} />
        <SimpleTable
          aria-label={t('activity.historyLabel')}
          columns={[t('activity.when'), t('activity.person'), t('activity.event'), t('activity.cause')]}
        >
          {events.data?.items.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{formatDateTime(e.at)}</Table.Td>
              <Table.Td>{e.userName}</Table.Td>
              <Table.Td>{e.kind === 'join' ? t('activity.joined') : t('activity.left')}</Table.Td>
              <Table.Td>{humanize(e.cause)}</Table.Td>
            </Table.Tr>
          ))}
        </SimpleTable>
      </Tabs.Panel>
    </Tabs>
  );
}
