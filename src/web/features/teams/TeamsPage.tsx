import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Grid,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { organisingApi, type Team } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { TeamPanel } from './TeamPanel';
import { useSession } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { formatNumber } from '../../common/lib/format';

/** The team tree (expand / collapse), a form to create a team, and the selected team's panel. */
export function TeamsPage() {
  const { t } = useTranslation('teams');
  usePageTitle(t('title'));
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => organisingApi.teams() });
  const [selected, setSelected] = useState<string | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const children = useMemo(() => {
    const m = new Map<string | null, Team[]>();
    for (const team of teams.data?.items ?? []) m.set(team.parentId, [...(m.get(team.parentId) ?? []), team]);
    for (const list of m.values()) list.sort((a, b) => a.name.localeCompare(b.name));
    return m;
  }, [teams.data]);
  const toggle = (id: string) => setOpen((s) => new Set(s.has(id) ? [...s].filter((x) => x !== id) : [...s, id]));

  const renderLevel = (parentId: string | null, depth: number) => (
    <ul
      role={depth === 0 ? 'tree' : 'group'}
      aria-label={depth === 0 ? t('title') : undefined}
      style={{ listStyle: 'none', paddingLeft: depth ? 18 : 0, margin: 0 }}
    >
      {(children.get(parentId) ?? []).map((team) => {
        const kids = children.get(team.id)?.length ?? 0;
        const expanded = open.has(team.id);
        return (
          <li
            key={team.id}
            role="treeitem"
            aria-expanded={kids ? expanded : undefined}
            aria-selected={selected === team.id}
          >
            <Group gap={4} wrap="nowrap">
              {kids ? (
                <UnstyledButton
                  onClick={() => toggle(team.id)}
                  aria-label={
                    expanded ? t('tree.collapse', { name: team.name }) : t('tree.expand', { name: team.name })
                  }
                  w={20}
                >
                  {expanded ? '▾' : '▸'}
                </UnstyledButton>
              ) : (
                <span style={{ width: 20 }} />
              )}
              <UnstyledButton onClick={() => setSelected(team.id)} fw={selected === team.id ? 700 : 400}>
                {team.name}{' '}
                <Text span size="xs" c="dimmed">
                  {t('tree.counts', {
                    direct: formatNumber(team.memberCount),
                    withSubteams: formatNumber(team.memberCountWithSubteams),
                  })}
                </Text>
              </UnstyledButton>
            </Group>
            {kids > 0 && expanded && renderLevel(team.id, depth + 1)}
          </li>
        );
      })}
    </ul>
  );

  return (
    <>
      <Title order={1} size="h2" mb="md">
        {t('title')}
      </Title>
      <ErrorAlert error={teams.error} />
      {teams.isLoading && <Loader aria-label={t('loading')} />}
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Paper withBorder p="sm">
              {teams.data?.items.length ? renderLevel(null, 0) : <Text c="dimmed">{t('empty')}</Text>}
            </Paper>
            <CreateTeam teams={teams.data?.items ?? []} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {selected && teams.data?.items.some((team) => team.id === selected) ? (
            <TeamPanel key={selected} teamId={selected} teams={teams.data.items} onDeleted={() => setSelected(null)} />
          ) : (
            <Text c="dimmed">{t('selectHint')}</Text>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

function CreateTeam({ teams }: { teams: Team[] }) {
  const { t } = useTranslation('teams');
  const { data: session } = useSession();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState<string | null>(null);
  const manageable = teams.filter((team) => team.canManage);
  const create = useMutation({
    mutationFn: () => organisingApi.createTeam({ name, parentId }),
    onSuccess: async () => {
      setName('');
      await qc.invalidateQueries({ queryKey: ['teams'] });
    },
  });
  const isAdmin = session?.abilities.includes('teams.manage');
  if (!isAdmin && manageable.length === 0) return null;
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Text fw={600}>{t('create.title')}</Text>
        <TextInput label={t('name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select
          label={t('create.parent')}
          placeholder={isAdmin ? t('create.noParent') : t('create.chooseManaged')}
          data={manageable.map((team) => ({ value: team.id, label: team.name }))}
          value={parentId}
          onChange={setParentId}
          clearable={isAdmin}
          searchable
        />
        <ErrorAlert error={create.error} title={t('create.failed')} />
        <Button
          onClick={() => create.mutate()}
          disabled={!name.trim() || (!isAdmin && !parentId)}
          loading={create.isPending}
        >
          {t('create.submit')}
        </Button>
      </Stack>
    </Paper>
  );
}
