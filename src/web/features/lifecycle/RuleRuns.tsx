import { useState } from 'react';
import { Anchor, Badge, Button, Group, List, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { PersonLink } from '../../common/components/UserRef';
import type { RuleRunDto } from '../../../common/contract/lifecycle';
import { useItemConfirmation } from '../../common/components/useItemConfirmation';
import { ACTIONS_COLUMN, DataTable, columnHeadings } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';
import { formatDateTime } from '../../common/lib/format';
import { bulkActionsApi } from '../people/bulkActionsApi';
import { lifecycleApi } from './lifecycleApi';
import { SectionHeading } from '../../common/components/SectionHeading';

const working = (r: RuleRunDto) => r.bulkAction !== null && ['queued', 'running'].includes(r.bulkAction.status);

/** What a run did, in words: its bulk action's state, or the reminders sent. */
function outcome(r: RuleRunDto, t: TFunction<'lifecycle'>): string {
  const b = r.bulkAction;
  if (!b) return t('outcome.reminded', { count: r.selected });
  if (b.phase === 'undo') return b.status === 'undone' ? t('outcome.undone', { n: b.undone }) : t('outcome.undoing');
  if (working(r)) return t('outcome.working', { processed: b.processed, total: b.total });
  // The server's message stays as it is (docs/decisions/021-languages.md).
  if (b.status === 'failed') return t('outcome.stopped', { reason: b.error?.message ?? t('outcome.failed') });
  const left = b.skipped + b.failed;
  return left ? t('outcome.changedSomeLeft', { count: b.done, left }) : t('outcome.changed', { count: b.done });
}

/** The rules' runs, newest first: who each one changed, its results CSV, and undo for 7 days. */
export function RuleRuns() {
  const { t } = useTranslation('lifecycle');
  const runs = useQuery({
    queryKey: ['lifecycle-runs'],
    queryFn: lifecycleApi.runs,
    refetchInterval: (q) => (q.state.data?.items.some(working) ? 1000 : false),
  });
  const [people, setPeople] = useState<RuleRunDto | null>(null);
  const qc = useQueryClient();
  const undo = useItemConfirmation((r: RuleRunDto) => ({
    title: t('runs.undoTitle'),
    children: (
      <Text size="sm">
        {t('runs.undoBody')}
        {r.bulkAction?.undoUntil ? ` ${t('runs.undoUntil', { date: formatDateTime(r.bulkAction.undoUntil) })}` : ''}
      </Text>
    ),
    confirmLabel: t('runs.undo'),
    success: t('runs.undoStarted'),
    onConfirm: async () => {
      await bulkActionsApi.undo(r.bulkAction!.id);
      await qc.invalidateQueries({ queryKey: ['lifecycle-runs'] });
    },
  }));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="runs-heading">
      <Stack>
        <SectionHeading id="runs-heading" title={t('runs.title')} />
        <QueryState query={runs} texts="lifecycle:runs" empty={<Text c="dark.7">{t('runs.empty')}</Text>}>
          {(data) => (
            <DataTable
              columns={[...columnHeadings(t, 'runs.columns', ['when', 'rule', 'startedBy', 'outcome']), ACTIONS_COLUMN]}
              minWidth={760}
              aria-label={t('runs.tableLabel')}
            >
              {data.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
                  <Table.Td>
                    {t(`rules.${r.rule}.title`)}{' '}
                    <Text span size="xs" c="dark.6">
                      {t('runs.days', { days: r.days })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {r.startedBy ? r.startedBy.name : <Badge variant="light">{t('runs.daily')}</Badge>}
                  </Table.Td>
                  <Table.Td aria-live="polite">{outcome(r, t)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="default" onClick={() => setPeople(r)}>
                        {t('runs.people')}
                      </Button>
                      {r.bulkAction && !working(r) && (
                        <Anchor size="sm" href={bulkActionsApi.resultsUrl(r.bulkAction.id)}>
                          {t('runs.resultsCsv')}
                        </Anchor>
                      )}
                      {r.bulkAction?.undoUntil && (
                        <Button size="xs" variant="default" onClick={() => undo.ask(r)}>
                          {t('runs.undo')}
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
      <Modal opened={people !== null} onClose={() => setPeople(null)} title={t('runs.peopleTitle')}>
        {people && <RunPeople run={people} />}
      </Modal>
      {undo.modal}
    </Paper>
  );
}

function RunPeople({ run }: { run: RuleRunDto }) {
  const { t } = useTranslation('lifecycle');
  const q = useQuery({ queryKey: ['lifecycle-run-people', run.id], queryFn: () => lifecycleApi.runPeople(run.id) });
  return (
    <QueryState
      query={q}
      loading={t('runPeople.loading')}
      errorTitle={t('runPeople.loadFailed')}
      empty={
        <Text size="sm">
          {run.rule === 'anonymise_deactivated' && run.selected > 0 ? t('runPeople.anonymised') : t('runPeople.nobody')}
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
