import { useTranslation } from 'react-i18next';
import { Alert, List, Paper, SimpleGrid, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../common/api';
import { ROW_ACTIONS, type Import, type RowAction } from './importsApi';
import { formatDateTime, formatNumber } from '../../common/lib/format';
import { ACTION_STYLES, blankHelp, delimiterLabel, encodingLabel, matchOnLabel, modeLabel } from './importText';

/** The options the import runs with, in words. */
export function ImportOptions({ imp }: { imp: Import }) {
  const { t } = useTranslation('imports');
  const cf = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.customFields(), staleTime: 60_000 });
  const labels = new Map((cf.data?.items ?? []).map((f) => [f.key, f.label]));
  const invite =
    imp.invite === 'now'
      ? t('summary.inviteNow')
      : imp.invite === 'scheduled'
        ? t('summary.inviteScheduled', { date: formatDateTime(imp.inviteAt) })
        : t('summary.inviteNone');
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing={4} component="dl" m={0}>
      <Item label={t('list.file')}>{imp.fileName}</Item>
      <Item label={t('list.mode')}>{modeLabel(imp.mode)}</Item>
      <Item label={t('summary.matchedOn')}>{matchOnLabel(imp.matchOn, labels)}</Item>
      <Item label={t('summary.invitations')}>{invite}</Item>
      {imp.mode !== 'add' && <Item label={t('summary.emptyCells')}>{blankHelp(imp.blankCells)}</Item>}
      <Item label={t('summary.missingTeams')}>
        {imp.createMissingTeams ? t('summary.teamsCreated') : t('summary.teamsErrors')}
      </Item>
      <Item label={t('summary.readAs')}>
        {t('summary.readAsValue', { encoding: encodingLabel(imp.encoding), delimiter: delimiterLabel(imp.delimiter) })}
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
  const { t } = useTranslation('imports');
  const latin = imp.encoding === 'windows-1252';
  if (!latin && imp.warnings.length === 0) return null;
  return (
    <Alert
      color="yellow"
      variant="light"
      title={latin ? t('summary.readAsLatin') : t('summary.warnings')}
      styles={{ message: { color: '#212529' }, title: { color: '#7a4b00' } }}
    >
      {latin && !imp.warnings.some((w) => w.includes('1252')) && <Text size="sm">{t('summary.latinHelp')}</Text>}
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
export function CountTiles({ imp, label }: { imp: Import; label: (action: RowAction) => string }) {
  useTranslation('imports');
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
            {formatNumber(imp.counts[a] ?? 0)}
          </Text>
          <Text size="sm" c="dark.7">
            {label(a)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
