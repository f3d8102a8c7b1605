import { Alert, List, Paper, SimpleGrid, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../common/api';
import { ROW_ACTIONS, type Import, type RowAction } from './importsApi';
import { formatDateTime } from '../../common/lib/format';
import { ACTION_STYLES, BLANK_HELP, MODE_LABELS, delimiterLabel, encodingLabel, matchOnLabel } from './importText';

/** The options the import runs with, in words. */
export function ImportOptions({ imp }: { imp: Import }) {
  const cf = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.customFields(), staleTime: 60_000 });
  const labels = new Map((cf.data?.items ?? []).map((f) => [f.key, f.label]));
  const invite =
    imp.invite === 'now'
      ? 'Sent when committed'
      : imp.invite === 'scheduled'
        ? `Scheduled for ${formatDateTime(imp.inviteAt)}`
        : 'None';
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing={4} component="dl" m={0}>
      <Item label="File">{imp.fileName}</Item>
      <Item label="Mode">{MODE_LABELS[imp.mode]}</Item>
      <Item label="Matched on">{matchOnLabel(imp.matchOn, labels)}</Item>
      <Item label="Invitations">{invite}</Item>
      {imp.mode !== 'add' && <Item label="Empty cells">{BLANK_HELP[imp.blankCells]}</Item>}
      <Item label="Missing teams">{imp.createMissingTeams ? 'Created' : 'Reported as errors'}</Item>
      <Item label="Read as">
        {encodingLabel(imp.encoding)}, {delimiterLabel(imp.delimiter)}-separated
      </Item>
    </SimpleGrid>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={600} c="dark.6">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </div>
  );
}

/** How the file was decoded, and anything the reader had to guess: never silent. */
export function ReadWarnings({ imp }: { imp: Import }) {
  const latin = imp.encoding === 'windows-1252';
  if (!latin && imp.warnings.length === 0) return null;
  return (
    <Alert
      color="yellow"
      variant="light"
      title={latin ? 'Read as Windows-1252' : 'Warnings'}
      styles={{ message: { color: '#212529' }, title: { color: '#7a4b00' } }}
    >
      {latin && !imp.warnings.some((w) => w.includes('1252')) && (
        <Text size="sm">
          The file is not valid UTF-8, so it was read as Windows-1252 (what Excel writes in many locales). Check
          accented names in the preview; to avoid this, save the file as “CSV UTF-8” in Excel.
        </Text>
      )}
      {imp.warnings.length > 0 && (
        <List size="sm" mt={latin ? 'xs' : 0}>
          {imp.warnings.map((w, i) => (
            <List.Item key={i}>{w}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** One tile per action with its count; the words depend on whether this is the plan or the result. */
export function CountTiles({ imp, labels }: { imp: Import; labels: Record<RowAction, string> }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm" data-testid="import-counts">
      {ROW_ACTIONS.map((a) => (
        <Paper
          key={a}
          withBorder
          p="sm"
          style={{ borderLeft: `4px solid ${ACTION_STYLES[a].fg}` }}
          data-testid={`count-${a}`}
        >
          <Text size="xl" fw={700} c="dark.9">
            {imp.counts[a] ?? 0}
          </Text>
          <Text size="sm" c="dark.7">
            {labels[a]}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
