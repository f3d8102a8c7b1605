import { useMemo, useState } from 'react';
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

/** The team tree (expand / collapse), a form to create a team, and the selected team's panel. */
export function TeamsPage() {
  usePageTitle('Teams');
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => organisingApi.teams() });
  const [selected, setSelected] = useState<string | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const children = useMemo(() => {
    const m = new Map<string | null, Team[]>();
    for (const t of teams.data?.items ?? []) m.set(t.parentId, [...(m.get(t.parentId) ?? []), t]);
    for (const list of m.values()) list.sort((a, b) => a.name.localeCompare(b.name));
    return m;
  }, [teams.data]);
  const toggle = (id: string) => setOpen((s) => new Set(s.has(id) ? [...s].filter((x) => x !== id) : [...s, id]));

  const renderLevel = (parentId: string | null, depth: number) => (
    <ul
      role={depth === 0 ? 'tree' : 'group'}
      aria-label={depth === 0 ? 'Teams' : undefined}
      style={{ listStyle: 'none', paddingLeft: depth ? 18 : 0, margin: 0 }}
    >
      {(children.get(parentId) ?? []).map((t) => {
        const kids = children.get(t.id)?.length ?? 0;
        const expanded = open.has(t.id);
        return (
          <li key={t.id} role="treeitem" aria-expanded={kids ? expanded : undefined} aria-selected={selected === t.id}>
            <Group gap={4} wrap="nowrap">
              {kids ? (
                <UnstyledButton
                  onClick={() => toggle(t.id)}
                  aria-label={`${expanded ? 'Collapse' : 'Expand'} ${t.name}`}
                  w={20}
                >
                  {expanded ? '▾' : '▸'}
                </UnstyledButton>
              ) : (
                <span style={{ width: 20 }} />
              )}
              <UnstyledButton onClick={() => setSelected(t.id)} fw={selected === t.id ? 700 : 400}>
                {t.name}{' '}
                <Text span size="xs" c="dimmed">
                  ({t.memberCount} / {t.memberCountWithSubteams} with sub-teams)
                </Text>
              </UnstyledButton>
            </Group>
            {kids > 0 && expanded && renderLevel(t.id, depth + 1)}
          </li>
        );
      })}
    </ul>
  );

  return (
    <>
      <Title order={1} size="h2" mb="md">
        Teams
      </Title>
      <ErrorAlert error={teams.error} />
      {teams.isLoading && <Loader aria-label="Loading teams" />}
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Paper withBorder p="sm">
              {teams.data?.items.length ? renderLevel(null, 0) : <Text c="dimmed">No teams yet.</Text>}
            </Paper>
            <CreateTeam teams={teams.data?.items ?? []} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {selected && teams.data?.items.some((t) => t.id === selected) ? (
            <TeamPanel key={selected} teamId={selected} teams={teams.data.items} onDeleted={() => setSelected(null)} />
          ) : (
            <Text c="dimmed">Select a team to see its members and settings.</Text>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

function CreateTeam({ teams }: { teams: Team[] }) {
  const { data: session } = useSession();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState<string | null>(null);
  const manageable = teams.filter((t) => t.canManage);
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
        <Text fw={600}>New team</Text>
        <TextInput label="Team name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select
          label="Parent team"
          placeholder={isAdmin ? 'None (top level)' : 'Choose a team you manage'}
          data={manageable.map((t) => ({ value: t.id, label: t.name }))}
          value={parentId}
          onChange={setParentId}
          clearable={isAdmin}
          searchable
        />
        <ErrorAlert error={create.error} title="Could not create the team" />
        <Button
          onClick={() => create.mutate()}
          disabled={!name.trim() || (!isAdmin && !parentId)}
          loading={create.isPending}
        >
          Create team
        </Button>
      </Stack>
    </Paper>
  );
}
