import { useState } from 'react';
import { Alert, Button, Code, CopyButton, Group, Loader, Modal, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api';
import { scimApi, scimBaseUrl, type ApiToken, type ScimMatchOn } from '../api/scim';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { UserRef } from '../components/UserRef';
import { formatDateTime } from '../lib/format';
import { usePageTitle } from '../lib/usePageTitle';

function CopyField({ label, value, copyLabel }: { label: string; value: string; copyLabel: string }) {
  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <TextInput label={label} value={value} readOnly style={{ flex: 1 }} styles={{ input: { fontFamily: 'monospace' } }} onFocus={(e) => e.currentTarget.select()} />
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button variant={copied ? 'light' : 'default'} color={copied ? 'teal' : undefined} onClick={copy} aria-label={copyLabel}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

/** Create: name it, then show the secret once with a copy button; it cannot be shown again. */
function NewTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);

  function close() {
    setName('');
    setError(null);
    setSecret(null);
    onClose();
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setError('Name the token, e.g. after the identity provider that uses it.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await scimApi.createToken(name.trim());
      setSecret(created.token);
      await qc.invalidateQueries({ queryKey: ['tokens'] });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={close} title={secret ? 'Copy your SCIM token now' : 'New SCIM token'} centered size="lg">
      {secret ? (
        <Stack>
          <Alert color="yellow" variant="light" title="This is the only time the token is shown" styles={{ message: { color: '#212529' }, title: { color: '#7a4b00' } }}>
            Roster stores only a hash of it. Paste it into your identity provider’s provisioning settings as the bearer token (secret token). If it
            is lost, revoke it and create a new one.
          </Alert>
          <CopyField label="Token" value={secret} copyLabel="Copy token" />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput label="Token name" description="For example: Entra ID provisioning" value={name} onChange={(e) => setName(e.currentTarget.value)} error={error} data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function Tokens() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['tokens'], queryFn: scimApi.tokens });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const tokens = (q.data?.items ?? []).filter((t) => t.scopes.includes('scim'));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3" id="scim-tokens-heading">
          SCIM tokens
        </Title>
        <Button onClick={() => setCreating(true)}>New SCIM token</Button>
      </Group>
      <Text size="sm" c="dark.7">
        A SCIM token only works on the SCIM address above, and acts as HR sync: every change it makes is in the audit log with the token as actor.
      </Text>
      {q.error ? (
        <ErrorAlert error={q.error} title="Could not load tokens" />
      ) : q.isPending ? (
        <Loader aria-label="Loading tokens" />
      ) : tokens.length === 0 ? (
        <Text>No SCIM tokens yet. Create one for each identity provider that provisions people.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped aria-labelledby="scim-tokens-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Created by</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                  <Table.Td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    <UserRef id={t.createdBy} />
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" color="red" variant="outline" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
                      Revoke
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <NewTokenModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={revoking !== null}
        title={`Revoke ${revoking?.name ?? 'token'}?`}
        confirmLabel="Revoke token"
        danger
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return;
          await scimApi.revokeToken(revoking.id);
          await qc.invalidateQueries({ queryKey: ['tokens'] });
          notifications.show({ message: `${revoking.name} was revoked.`, color: 'green' });
        }}
      >
        <Text>The token stops working at once: provisioning with it fails until the identity provider gets a new token.</Text>
      </ConfirmModal>
    </Stack>
  );
}

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
  if (!s.lastRequestAt) return <Text data-testid="scim-empty">No SCIM requests yet. Once your identity provider connects, its activity shows here.</Text>;
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
        <Table.ScrollContainer minWidth={720}>
          <Table striped aria-labelledby="scim-errors-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Request</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Detail</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
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
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
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
        Entra ID, Okta, Workday and other HR systems can create, update and deactivate people in Roster over SCIM 2.0. Fields they manage become
        read-only in Roster.
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
        <Tokens />
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
