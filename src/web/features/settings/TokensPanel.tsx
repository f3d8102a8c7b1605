import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Radio, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TOKEN_SCOPE_NAMES, type TokenScope } from '../../../common/domain';
import { tokensApi, type ApiToken } from './tokensApi';
import { formatDateTime } from '../../common/lib/format';
import { useItemConfirmation } from '../../common/components/useItemConfirmation';
import { CopyField } from '../../common/components/CopyField';
import { ToneBadge } from '../../common/components/StatusBadge';
import { UserRef } from '../../common/components/UserRef';
import { ACTIONS_COLUMN, DataTable } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';
import { FormActions } from '../../common/form/FormActions';
import { useSubmit } from '../../common/form/useSubmit';
import { SectionHeading } from '../../common/components/SectionHeading';

/** What the panel says (in the UI's language), so the SCIM page can speak of identity providers and Settings of any integration. */
interface TokensPanelText {
  /** "SCIM token", "API token". */
  noun: string;
  /** "SCIM tokens", "API tokens": the panel's heading. */
  nounPlural: string;
  intro: string;
  empty: string;
  nameHint: string;
  /** Where the secret goes, shown with it once. */
  useSecret: string;
  /** What stops working, in the revoke confirmation. */
  revokeEffect: string;
}

/** The kinds of token a panel may be about: each has the panel's words under its key in settings. */
type TokenKind = 'apiTokens' | 'scimTokens';

/** The panel's words for one kind of token (`scimTokens.noun`…). */
function useTokensPanelText(kind: TokenKind): TokensPanelText {
  const { t } = useTranslation('settings');
  const word = (name: keyof TokensPanelText) => t(`${kind}.${name}`);
  return {
    noun: word('noun'),
    nounPlural: word('nounPlural'),
    intro: word('intro'),
    empty: word('empty'),
    nameHint: word('nameHint'),
    useSecret: word('useSecret'),
    revokeEffect: word('revokeEffect'),
  };
}

/**
 * API tokens: list, create (the secret shown once with a copy button), revoke. With `scope` the panel
 * shows and creates tokens of that scope only; without it, every token, and the form offers each scope
 * with its one-line explanation (common/domain.ts TOKEN_SCOPES, translated as settings:tokens.scope.<scope>).
 */
export function TokensPanel({ scope, kind }: { scope?: TokenScope; kind: TokenKind }) {
  const { t } = useTranslation('settings');
  const text = useTokensPanelText(kind);
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['tokens'], queryFn: tokensApi.list });
  const [creating, setCreating] = useState(false);
  const revoking = useItemConfirmation((token: ApiToken) => ({
    title: t('tokens.revokeTitle', { name: token.name }),
    children: <Text>{text.revokeEffect}</Text>,
    confirmLabel: t('tokens.revokeConfirm'),
    danger: true,
    success: t('tokens.revoked', { name: token.name }),
    onConfirm: async () => {
      await tokensApi.revoke(token.id);
      await qc.invalidateQueries({ queryKey: ['tokens'] });
    },
  }));
  const tokens = (q.data?.items ?? []).filter((t) => !scope || t.scopes.includes(scope));
  const headingId = `${scope ?? 'all'}-tokens-heading`;
  return (
    <Stack>
      <Group justify="space-between">
        <SectionHeading id={headingId} title={text.nounPlural} />
        <Button onClick={() => setCreating(true)}>{t('tokens.new', { noun: text.noun })}</Button>
      </Group>
      <Text size="sm" c="dark.7">
        {text.intro}
      </Text>
      <QueryState
        query={q}
        loading={t('tokens.loading')}
        errorTitle={t('tokens.loadFailed')}
        empty={<Text>{text.empty}</Text>}
        isEmpty={() => tokens.length === 0}
      >
        {() => (
          <DataTable
            minWidth={640}
            aria-labelledby={headingId}
            columns={[
              t('tokens.name'),
              !scope && t('tokens.scope.label'),
              t('tokens.created'),
              t('tokens.lastUsed'),
              t('tokens.createdBy'),
              ACTIONS_COLUMN,
            ]}
          >
            {tokens.map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td>{token.name}</Table.Td>
                {!scope && (
                  <Table.Td>
                    {token.scopes.map((s) => (
                      <ToneBadge key={s} tone={{ bg: '#f1f3f5', fg: '#343a40' }}>
                        {s}
                      </ToneBadge>
                    ))}
                  </Table.Td>
                )}
                <Table.Td>{formatDateTime(token.createdAt)}</Table.Td>
                <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('tokens.never')}</Table.Td>
                <Table.Td>
                  <UserRef id={token.createdBy} />
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    color="red"
                    variant="outline"
                    onClick={() => revoking.ask(token)}
                    aria-label={t('tokens.revokeNamed', { name: token.name })}
                  >
                    {t('tokens.revoke')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </QueryState>
      <NewTokenModal opened={creating} onClose={() => setCreating(false)} scope={scope} text={text} />
      {revoking.modal}
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
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<TokenScope>('api');
  const { busy, error, fieldErrors, onSubmit, reset } = useSubmit();
  const [secret, setSecret] = useState<string | null>(null);

  function close() {
    setName('');
    setChosen('api');
    reset();
    setSecret(null);
    onClose();
  }

  async function create() {
    const created = await tokensApi.create(name.trim(), scope ?? chosen);
    setSecret(created.token);
    await qc.invalidateQueries({ queryKey: ['tokens'] });
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={secret ? t('tokens.copyNow', { noun: text.noun }) : t('tokens.new', { noun: text.noun })}
      centered
      size="lg"
    >
      {secret ? (
        <Stack>
          <Alert
            color="yellow"
            variant="light"
            title={t('tokens.shownOnce')}
            styles={{ message: { color: '#212529' }, title: { color: '#7a4b00' } }}
          >
            {t('tokens.hashOnly')} {text.useSecret} {t('tokens.ifLost')}
          </Alert>
          <CopyField label={t('tokens.token')} value={secret} copyLabel={t('tokens.copy')} />
          <Group justify="flex-end">
            <Button onClick={close}>{t('tokens.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={onSubmit(create, { check: name.trim() ? {} : { name: t('tokens.nameMissing') } })} noValidate>
          <Stack>
            <TextInput
              label={t('tokens.tokenName')}
              description={t('tokens.nameExample', { example: text.nameHint })}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={error ?? fieldErrors.name}
              data-autofocus
            />
            {!scope && (
              <Radio.Group
                label={t('tokens.scope.label')}
                description={t('tokens.scope.hint')}
                value={chosen}
                onChange={(v) => setChosen(v as TokenScope)}
              >
                <Stack gap="xs" mt="xs">
                  {TOKEN_SCOPE_NAMES.map((s) => (
                    <Radio key={s} value={s} label={s} description={t(`tokens.scope.${s}`)} />
                  ))}
                </Stack>
              </Radio.Group>
            )}
            <FormActions busy={busy} onCancel={close} submitLabel={t('tokens.create')} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
