import { useState } from 'react';
import { Code, Loader, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../common/api';
import { scimApi, scimBaseUrl, type ScimMatchOn } from './scimApi';
import { CopyField } from '../../common/components/CopyField';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { TokensPanel, type TokensPanelText } from './TokensPanel';
import { formatDateTime } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { DataTable } from '../../common/components/DataTable';

const SCIM_TOKEN_TEXT: TokensPanelText = {
  noun: 'SCIM token',
  intro:
    'A SCIM token only works on the SCIM address above, and acts as HR sync: every change it makes is in the audit log with the token as actor.',
  empty: 'No SCIM tokens yet. Create one for each identity provider that provisions people.',
  nameHint: 'Entra ID provisioning',
  useSecret: 'Paste it into your identity provider’s provisioning settings as the bearer token (secret token).',
  revokeEffect:
    'The token stops working at once: provisioning with it fails until the identity provider gets a new token.',
};

function MatchOn() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['settings', 'scimMatchOn'], queryFn: scimApi.matchOn });
  const [busy, setBusy] = useState(false);
  async function change(value: ScimMatchOn) {
    setBusy(true);
    try {
      await scimApi.setMatchOn(value);
      qc.setQueryData(['settings', 'scimMatchOn'], value);
      void qc.invalidateQueries({ queryKey: ['settings'] });
      notifications.show({ message: 'Matching setting saved.', color: 'green' });
    } catch (err) {
      notifications.show({ title: 'Could not save', message: errorMessage(err), color: 'red' });
    } finally {
      setBusy(false);
    }
  }
  if (q.error) return <ErrorAlert error={q.error} title="Could not load the setting" />;
  return (
    <NativeSelect
      label="Match SCIM users on"
      description="How a user sent by HR is recognised as someone already in Roster."
      value={q.data ?? 'email'}
      disabled={q.isPending || busy}
      onChange={(e) => void change(e.currentTarget.value as ScimMatchOn)}
      data={[
        { value: 'email', label: 'Email (userName / work email)' },
        { value: 'employeeId', label: 'Employee ID (enterprise employeeNumber)' },
      ]}
      maw={420}
    />
  );
}

function SyncStatus() {
  const q = useQuery({ queryKey: ['scim-status'], queryFn: scimApi.status, refetchInterval: 30_000 });
  if (q.error) return <ErrorAlert error={q.error} title="Could not load the sync status" />;
  if (q.isPending) return <Loader aria-label="Loading sync status" />;
  const s = q.data;
  if (!s.lastRequestAt)
    return (
      <Text data-testid="scim-empty">
        No SCIM requests yet. Once your identity provider connects, its activity shows here.
      </Text>
    );
  const tiles: [string, number][] = [
    ['Created', s.last24h.creates],
    ['Updated', s.last24h.updates],
    ['Deactivated', s.last24h.deactivations],
    ['Errors', s.last24h.errors],
  ];
  return (
    <Stack>
      <Text>
        Last request: <strong>{formatDateTime(s.lastRequestAt)}</strong>
      </Text>
      <Text size="sm" fw={600} id="last24h-heading">
        Last 24 hours
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" aria-labelledby="last24h-heading" data-testid="scim-counts">
        {tiles.map(([label, n]) => (
          <Paper key={label} withBorder p="sm" data-testid={`scim-${label.toLowerCase()}`}>
            <Text size="xl" fw={700}>
              {n}
            </Text>
            <Text size="sm" c="dark.7">
              {label}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Text size="sm" fw={600} id="scim-errors-heading">
        Recent errors
      </Text>
      {s.recentErrors.length === 0 ? (
        <Text size="sm">No errors.</Text>
      ) : (
        <DataTable
          minWidth={720}
          aria-labelledby="scim-errors-heading"
          columns={['When', 'Request', 'Status', 'Detail']}
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
  usePageTitle('HR sync (SCIM)');
  return (
    <Stack gap="lg">
      <Title order={1}>HR sync (SCIM)</Title>
      <Text c="dark.7">
        Entra ID, Okta, Workday and other HR systems can create, update and deactivate people in Roster over SCIM 2.0.
        Fields they manage become read-only in Roster.
      </Text>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h3">
            Connection
          </Title>
          <CopyField label="SCIM base URL" value={scimBaseUrl()} copyLabel="Copy SCIM base URL" />
          <MatchOn />
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <TokensPanel scope="scim" text={SCIM_TOKEN_TEXT} />
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h3">
            Sync status
          </Title>
          <SyncStatus />
        </Stack>
      </Paper>
    </Stack>
  );
}
