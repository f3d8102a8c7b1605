import { useState } from 'react';
import { Anchor, Badge, Button, Group, List, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PersonLink } from '../../common/components/UserRef';
import { RULE_TEXT, type RuleRunDto } from '../../../common/contract/lifecycle';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ACTIONS_COLUMN, DataTable } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';
import { formatDateTime } from '../../common/lib/format';
import { bulkActionsApi } from '../people/bulkActionsApi';
import { lifecycleApi } from './lifecycleApi';

const working = (r: RuleRunDto) => r.bulkAction !== null && ['queued', 'running'].includes(r.bulkAction.status);

/** What a run did, in words: its bulk action's state, or the reminders sent. */
function outcome(r: RuleRunDto): string {
  const b = r.bulkAction;
  if (!b) return r.selected === 1 ? '1 manager reminded' : `${r.selected} managers reminded`;
  if (b.phase === 'undo') return b.status === 'undone' ? `Undone (${b.undone} put back)` : 'Undoing…';
  if (working(r)) return `Working… ${b.processed} of ${b.total}`;
  if (b.status === 'failed') return `Stopped: ${b.error?.message ?? 'failed'}`;
  return `${b.done} changed${b.skipped + b.failed ? `, ${b.skipped + b.failed} left as they were` : ''}`;
}

/** The rules' runs, newest first: who each one changed, its results CSV, and undo for 7 days. */
export function RuleRuns() {
  const runs = useQuery({
    queryKey: ['lifecycle-runs'],
    queryFn: lifecycleApi.runs,
    refetchInterval: (q) => (q.state.data?.items.some(working) ? 1000 : false),
  });
  const [people, setPeople] = useState<RuleRunDto | null>(null);
  const [undo, setUndo] = useState<RuleRunDto | null>(null);
  const qc = useQueryClient();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="runs-heading">
      <Stack>
        <Title order={2} size="h3" id="runs-heading">
          Runs
        </Title>
        <QueryState
          query={runs}
          loading="Loading runs"
          errorTitle="Could not load the runs"
          empty={<Text c="dark.7">No rule has run yet.</Text>}
        >
          {(data) => (
            <DataTable
              columns={['When', 'Rule', 'Started by', 'Outcome', ACTIONS_COLUMN]}
              minWidth={760}
              aria-label="Rule runs"
            >
              {data.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
                  <Table.Td>
                    {RULE_TEXT[r.rule].title}{' '}
                    <Text span size="xs" c="dark.6">
                      (N = {r.days})
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.startedBy ? r.startedBy.name : <Badge variant="light">Daily</Badge>}</Table.Td>
                  <Table.Td aria-live="polite">{outcome(r)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="default" onClick={() => setPeople(r)}>
                        People
                      </Button>
                      {r.bulkAction && !working(r) && (
                        <Anchor size="sm" href={bulkActionsApi.resultsUrl(r.bulkAction.id)}>
                          Results CSV
                        </Anchor>
                      )}
                      {r.bulkAction?.undoUntil && (
                        <Button size="xs" variant="default" onClick={() => setUndo(r)}>
                          Undo
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}
        </QueryState>
      </Stack>
      <Modal opened={people !== null} onClose={() => setPeople(null)} title="People this run changed">
        {people && <RunPeople run={people} />}
      </Modal>
      <ConfirmModal
        opened={undo !== null}
        title="Undo this run?"
        confirmLabel="Undo"
        onClose={() => setUndo(null)}
        onConfirm={async () => {
          await bulkActionsApi.undo(undo!.bulkAction!.id);
          notifications.show({ message: 'Undo started.', color: 'green' });
          await qc.invalidateQueries({ queryKey: ['lifecycle-runs'] });
        }}
      >
        <Text size="sm">
          Everyone the run changed is put back, unless someone changed them since (those are left as they are now).
          {undo?.bulkAction?.undoUntil ? ` Possible until ${formatDateTime(undo.bulkAction.undoUntil)}.` : ''}
        </Text>
      </ConfirmModal>
    </Paper>
  );
}

function RunPeople({ run }: { run: RuleRunDto }) {
  const q = useQuery({ queryKey: ['lifecycle-run-people', run.id], queryFn: () => lifecycleApi.runPeople(run.id) });
  return (
    <QueryState
      query={q}
      loading="Loading people"
      errorTitle="Could not load the people"
      empty={
        <Text size="sm">
          {run.rule === 'anonymise_deactivated' && run.selected > 0
            ? 'Anonymised people are not named: their data is gone.'
            : 'Nobody.'}
        </Text>
      }
    >
      {(data) => (
        <List size="sm">
          {data.items.map((p) => (
            <List.Item key={p.id}>
              <PersonLink person={p} /> {p.email ? `(${p.email})` : ''}
            </List.Item>
          ))}
        </List>
      )}
    </QueryState>
  );
}
