import { useTranslation } from 'react-i18next';
import { Code, Loader, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { scimApi, scimBaseUrl, type ScimMatchOn } from './scimApi';
import { CopyField } from '../../common/components/CopyField';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { TokensPanel } from './TokensPanel';
import { formatDateTime, formatNumber } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { DataTable } from '../../common/components/DataTable';
import { SectionHeading } from '../../common/components/SectionHeading';
import { useAction } from '../../common/form/useAction';

function MatchOn() {
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['settings', 'scimMatchOn'], queryFn: scimApi.matchOn });
  const { busy, run } = useAction();
  const change = (value: ScimMatchOn) =>
    run(
      async () => {
        await scimApi.setMatchOn(value);
        qc.setQueryData(['settings', 'scimMatchOn'], value);
        void qc.invalidateQueries({ queryKey: ['settings'] });
      },
      { success: t('scim.matchOnSaved'), failed: t('scim.saveFailed') },
    );
  if (q.error) return <ErrorAlert error={q.error} title={t('scim.matchOnLoadFailed')} />;
  return (
    <NativeSelect
      label={t('scim.matchOn')}
      description={t('scim.matchOnHint')}
      value={q.data ?? 'email'}
      disabled={q.isPending || busy}
      onChange={(e) => void change(e.currentTarget.value as ScimMatchOn)}
      data={[
        { value: 'email', label: t('scim.matchOnEmail') },
        { value: 'employeeId', label: t('scim.matchOnEmployeeId') },
      ]}
      maw={420}
    />
  );
}

function SyncStatus() {
  const { t } = useTranslation('settings');
  const q = useQuery({ queryKey: ['scim-status'], queryFn: scimApi.status, refetchInterval: 30_000 });
  if (q.error) return <ErrorAlert error={q.error} title={t('scim.statusLoadFailed')} />;
  if (q.isPending) return <Loader aria-label={t('scim.statusLoading')} />;
  const s = q.data;
  if (!s.lastRequestAt) return <Text data-testid="scim-empty">{t('scim.noRequests')}</Text>;
  // The test ids stay English (scim-created…); the labels follow the UI's language.
  const tiles: [string, number][] = [
    ['created', s.last24h.creates],
    ['updated', s.last24h.updates],
    ['deactivated', s.last24h.deactivations],
    ['errors', s.last24h.errors],
  ];
  return (
    <Stack>
      <Text>
        {t('scim.lastRequest')} <strong>{formatDateTime(s.lastRequestAt)}</strong>
      </Text>
      <Text size="sm" fw={600} id="last24h-heading">
        {t('scim.last24h')}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" aria-labelledby="last24h-heading" data-testid="scim-counts">
        {tiles.map(([tile, n]) => (
          <Paper key={tile} withBorder p="sm" data-testid={`scim-${tile}`}>
            <Text size="xl" fw={700}>
              {formatNumber(n)}
            </Text>
            <Text size="sm" c="dark.7">
              {t(`scim.tile.${tile}`)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Text size="sm" fw={600} id="scim-errors-heading">
        {t('scim.recentErrors')}
      </Text>
      {s.recentErrors.length === 0 ? (
        <Text size="sm">{t('scim.noErrors')}</Text>
      ) : (
        <DataTable
          minWidth={720}
          aria-labelledby="scim-errors-heading"
          columns={[t('scim.when'), t('scim.request'), t('scim.status'), t('scim.detail')]}
        >
          {s.recentErrors.map((e, i) => (
            <Table.Tr key={`${e.at}-${i}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
              <Table.Td>
                <Code>
                  {e.method} {e.path}
                </Code>
              </Table.Td>
              <Table.Td>
                {e.status}
                {e.scimType ? ` (${e.scimType})` : ''}
              </Table.Td>
              <Table.Td>{e.detail ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Stack>
  );
}

/** Settings → HR sync (SCIM): what an identity provider needs, the tokens, matching, and how sync is going. */
export function ScimSettingsPage() {
  const { t } = useTranslation('settings');
  usePageTitle(t('scim.title'));
  return (
    <Stack gap="lg">
      <Title order={1}>{t('scim.title')}</Title>
      <Text c="dark.7">{t('scim.intro')}</Text>
      <Paper withBorder p="md">
        <Stack>
          <SectionHeading title={t('scim.connection')} />
          <CopyField label={t('scim.baseUrl')} value={scimBaseUrl()} copyLabel={t('scim.copyBaseUrl')} />
          <MatchOn />
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <TokensPanel scope="scim" kind="scimTokens" />
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <SectionHeading title={t('scim.syncStatus')} />
          <SyncStatus />
        </Stack>
      </Paper>
    </Stack>
  );
}
