import { useState } from 'react';
import { Badge, Button, Group, List, Loader, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { accessApi, api, type AccessExplanation, type AccessReason } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';

/** One reason in words (the server's reasons: modules/access/scope.ts). */
function reasonText(r: AccessReason): string {
  switch (r.kind) {
    case 'self':
      return 'Their own profile';
    case 'system':
      return 'System';
    case 'role':
      return `Role: ${r.role}`;
    case 'grant':
      return r.teamId === null
        ? `Grant: ${r.permission}`
        : `Grant: ${r.permission} on team ${r.teamName} (via ${r.viaTeam})`;
    case 'reporting_line':
      return 'Reporting line: they are above this person';
    case 'team_manager':
      return `Manages team ${r.teamName} (membership only)`;
  }
}

/**
 * "Who can see this person and why", and "Can A see / edit B?" (docs/decisions/004-access-policy.md
 * "Explainer"). Every answer comes from the server's policy; nothing is decided here.
 */
export function AccessPanel({ userId, userName }: { userId: string; userName: string }) {
  const who = useQuery({ queryKey: ['user', userId, 'access'], queryFn: () => accessApi.whoCanSee(userId) });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="access-heading">
      <Stack>
        <Title order={2} size="h3" id="access-heading">
          Who can see {userName} and why
        </Title>
        {who.isPending && <Loader size="sm" aria-label="Loading who can see this person" />}
        {who.error && <ErrorAlert error={who.error} title="Could not load who can see this person" />}
        {who.data && who.data.items.length === 0 && <Text c="dimmed">Nobody but administrators with full access.</Text>}
        {who.data && who.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={500}>
            <Table striped aria-label="People who can see this person">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  <Table.Th>Can edit</Table.Th>
                  <Table.Th>Why</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {who.data.items.map((i) => (
                  <Table.Tr key={i.person.id}>
                    <Table.Td>
                      {i.person.name} <Badge variant="light">{i.person.role}</Badge>
                    </Table.Td>
                    <Table.Td>{i.canEdit ? 'Yes' : 'No'}</Table.Td>
                    <Table.Td>{i.reasons.map(reasonText).join('; ')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {who.data?.truncated && <Text size="sm">Only the first {who.data.items.length} are listed.</Text>}
        <CanSeeCheck targetId={userId} targetName={userName} />
      </Stack>
    </Paper>
  );
}

/** "Can A see / edit this person?" for any A. */
function CanSeeCheck({ targetId, targetName }: { targetId: string; targetName: string }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [actorId, setActorId] = useState<string | null>(null);
  const [answer, setAnswer] = useState<AccessExplanation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const people = useQuery({
    queryKey: ['explain-search', debounced],
    queryFn: () => api.listUsers({ q: debounced, sort: 'name' }, null, 20),
    staleTime: 30_000,
  });
  async function check() {
    if (!actorId) return;
    setBusy(true);
    setError(null);
    try {
      setAnswer(await accessApi.explain(actorId, targetId));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Can someone see or edit {targetName}?
      </Title>
      <Group align="end">
        <Select
          label="Person"
          placeholder="Search by name or email"
          searchable
          clearable
          searchValue={search}
          onSearchChange={setSearch}
          data={(people.data?.items ?? []).map((u) => ({
            value: u.id,
            label: `${u.firstName} ${u.lastName}`.trim() || (u.email ?? u.id),
          }))}
          value={actorId}
          onChange={(v) => {
            setActorId(v);
            setAnswer(null);
          }}
          nothingFoundMessage="Nobody found"
          filter={({ options }) => options}
          w={320}
        />
        <Button onClick={() => void check()} disabled={!actorId} loading={busy}>
          Explain
        </Button>
      </Group>
      {Boolean(error) && <ErrorAlert error={error} title="Could not explain" />}
      {answer && (
        <List aria-label="Explanation">
          <List.Item>
            <b>{answer.see.allowed ? 'Can see' : 'Cannot see'}</b> {targetName}: {answer.see.rule}
          </List.Item>
          <List.Item>
            <b>{answer.edit.allowed ? 'Can edit' : 'Cannot edit'}</b>: {answer.edit.rule}
          </List.Item>
        </List>
      )}
    </Stack>
  );
}
