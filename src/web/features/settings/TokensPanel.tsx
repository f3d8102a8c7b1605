import { useState } from 'react';
import { Alert, Button, Group, Modal, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TOKEN_SCOPE_NAMES, TOKEN_SCOPES, type TokenScope } from '../../../common/domain';
import { errorMessage } from '../../common/api';
import { tokensApi, type ApiToken } from './tokensApi';
import { formatDateTime } from '../../common/lib/format';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { CopyField } from '../../common/components/CopyField';
import { ToneBadge } from '../../common/components/StatusBadge';
import { UserRef } from '../../common/components/UserRef';
import { ACTIONS_COLUMN, DataTable } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';

/** What the panel says, so the SCIM page can speak of identity providers and Settings of any integration. */
export interface TokensPanelText {
  /** "SCIM token", "API token". */
  noun: string;
  intro: string;
  empty: string;
  nameHint: string;
  /** Where the secret goes, shown with it once. */
  useSecret: string;
  /** What stops working, in the revoke confirmation. */
  revokeEffect: string;
}

/**
 * API tokens: list, create (the secret shown once with a copy button), revoke. With `scope` the panel
 * shows and creates tokens of that scope only; without it, every token, and the form offers each scope
 * with its one-line explanation (common/domain.ts TOKEN_SCOPES).
 */
export function TokensPanel({ scope, text }: { scope?: TokenScope; text: TokensPanelText }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['tokens'], queryFn: tokensApi.list });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const tokens = (q.data?.items ?? []).filter((t) => !scope || t.scopes.includes(scope));
  const headingId = `${scope ?? 'all'}-tokens-heading`;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3" id={headingId}>
          {text.noun}s
        </Title>
        <Button onClick={() => setCreating(true)}>New {text.noun}</Button>
      </Group>
      <Text size="sm" c="dark.7">
        {text.intro}
      </Text>
      <QueryState
        query={q}
        loading="Loading tokens"
        errorTitle="Could not load tokens"
        empty={<Text>{text.empty}</Text>}
        isEmpty={() => tokens.length === 0}
      >
        {() => (
          <DataTable
            minWidth={640}
            aria-labelledby={headingId}
            columns={['Name', !scope && 'Scope', 'Created', 'Last used', 'Created by', ACTIONS_COLUMN]}
          >
            {tokens.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}</Table.Td>
                {!scope && (
                  <Table.Td>
                    {t.scopes.map((s) => (
                      <ToneBadge key={s} tone={{ bg: '#f1f3f5', fg: '#343a40' }}>
                        {s}
                      </ToneBadge>
                    ))}
                  </Table.Td>
                )}
                <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                <Table.Td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</Table.Td>
                <Table.Td>
                  <UserRef id={t.createdBy} />
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    color="red"
                    variant="outline"
                    onClick={() => setRevoking(t)}
                    aria-label={`Revoke ${t.name}`}
                  >
                    Revoke
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </QueryState>
      <NewTokenModal opened={creating} onClose={() => setCreating(false)} scope={scope} text={text} />
      <ConfirmModal
        opened={revoking !== null}
        title={`Revoke ${revoking?.name ?? 'token'}?`}
        confirmLabel="Revoke token"
        danger
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return;
          await tokensApi.revoke(revoking.id);
          await qc.invalidateQueries({ queryKey: ['tokens'] });
          notifications.show({ message: `${revoking.name} was revoked.`, color: 'green' });
        }}
      >
        <Text>{text.revokeEffect}</Text>
      </ConfirmModal>
    </Stack>
  );
}

/** Create: name it (and pick its scope), then show the secret once with a copy button; it cannot be shown again. */
function NewTokenModal({
  opened,
  onClose,
  scope,
  text,
}: {
  opened: boolean;
  onClose: () => void;
  scope?: TokenScope;
  text: TokensPanelText;
}) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<TokenScope>('api');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);

  function close() {
    setName('');
    setChosen('api');
    setError(null);
    setSecret(null);
    onClose();
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setError('Give the token a name, e.g. after what uses it.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await tokensApi.create(name.trim(), scope ?? chosen);
      setSecret(created.token);
      await qc.invalidateQueries({ queryKey: ['tokens'] });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={secret ? `Copy your ${text.noun} now` : `New ${text.noun}`}
      centered
      size="lg"
    >
      {secret ? (
        <Stack>
          <Alert
            color="yellow"
            variant="light"
            title="This is the only time the token is shown"
            styles={{ message: { color: '#212529' }, title: { color: '#7a4b00' } }}
          >
            Roster stores only a hash of it. {text.useSecret} If it is lost, revoke it and create a new one.
          </Alert>
          <CopyField label="Token" value={secret} copyLabel="Copy token" />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label="Token name"
              description={`For example: ${text.nameHint}`}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={error}
              data-autofocus
            />
            {!scope && (
              <Radio.Group
                label="Scope"
                description="A token works only where its scope says."
                value={chosen}
                onChange={(v) => setChosen(v as TokenScope)}
              >
                <Stack gap="xs" mt="xs">
                  {TOKEN_SCOPE_NAMES.map((s) => (
                    <Radio key={s} value={s} label={s} description={TOKEN_SCOPES[s]} />
                  ))}
                </Stack>
              </Radio.Group>
            )}
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
