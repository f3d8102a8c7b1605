import { useState } from 'react';
import { Anchor, Badge, Button, Group, Menu, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useItemConfirmation } from '../../common/components/useItemConfirmation';
import { QueryState } from '../../common/components/QueryState';
import { formatDateTime } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { ToneBadge } from '../../common/components/StatusBadge';
import { CreateWebhookModal, SecretModal } from './WebhookModals';
import { webhooksApi, type Webhook, type WebhookSecret } from './webhooksApi';
import { useAction } from '../../common/form/useAction';
import { ACTIONS_COLUMN, DataTable, columnHeadings } from '../../common/components/DataTable';

export function WebhookStatus({ hook }: { hook: Webhook }) {
  const { t } = useTranslation('webhooks');
  if (!hook.enabled)
    return (
      <Badge color="gray" variant="light" title={hook.disabledReason ?? undefined}>
        {t('status.disabled')}
      </Badge>
    );
  if (hook.failingSince)
    return (
      <ToneBadge tone={{ bg: '#fff4e6', fg: '#a33b07' }}>
        {t('status.failingSince', { date: formatDateTime(hook.failingSince) })}
      </ToneBadge>
    );
  return (
    <Badge color="green" variant="light">
      {t('status.active')}
    </Badge>
  );
}

/** Settings → Webhooks (Owners and Admins): receivers of the organisation's events. */
export function WebhooksPage() {
  const { t } = useTranslation('webhooks');
  usePageTitle(t('title'));
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['webhooks'], queryFn: webhooksApi.list });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ value: WebhookSecret; rotated: boolean } | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['webhooks'] });
  const rotating = useItemConfirmation((w: Webhook, close) => ({
    title: t('rotate.title'),
    children: <Text>{t('rotate.body')}</Text>,
    confirmLabel: t('rotate.button'),
    onConfirm: async () => {
      const s = await webhooksApi.rotate(w.id);
      close();
      setSecret({ value: s, rotated: true });
      refresh();
    },
  }));
  const deleting = useItemConfirmation((w: Webhook) => ({
    title: t('delete.title'),
    children: <Text>{t('delete.body', { url: w.url })}</Text>,
    confirmLabel: t('list.delete'),
    danger: true,
    success: t('delete.done'),
    onConfirm: async () => {
      await webhooksApi.remove(w.id);
      refresh();
    },
  }));

  const { run } = useAction();
  const toggle = (hook: Webhook) =>
    run(
      async () => {
        await webhooksApi.update(hook.id, { enabled: !hook.enabled });
        refresh();
      },
      { success: hook.enabled ? t('list.disabled') : t('list.enabled'), failed: t('list.changeFailed') },
    );

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1}>{t('title')}</Title>
        <Button onClick={() => setCreating(true)}>{t('create.title')}</Button>
      </Group>
      <Text c="dark.7">
        <Trans
          t={t}
          i18nKey="list.intro"
          components={{ feed: <Anchor component={Link} to="/settings/events" underline="always" /> }}
        />
      </Text>
      <QueryState query={q} texts="webhooks:list" empty={<Text data-testid="webhooks-empty">{t('list.empty')}</Text>}>
        {(data) => (
          <DataTable
            minWidth={800}
            aria-label={t('title')}
            columns={[
              ...columnHeadings(t, 'list.columns', ['receiver', 'events', 'status', 'created']),
              ACTIONS_COLUMN,
            ]}
          >
            {data.items.map((w) => (
              <Table.Tr key={w.id} data-testid={`webhook-${w.id}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/settings/webhooks/${w.id}`} fw={600} size="sm">
                    {w.url}
                  </Anchor>
                  {w.description && (
                    <Text size="xs" c="dark.7">
                      {w.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{w.events.includes('*') ? t('list.allEvents') : w.events.join(', ')}</Table.Td>
                <Table.Td>
                  <WebhookStatus hook={w} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(w.createdAt)}</Table.Td>
                <Table.Td>
                  <Menu position="bottom-end">
                    <Menu.Target>
                      <Button size="xs" variant="default" aria-label={t('list.actionsFor', { url: w.url })}>
                        {t('common:actions')}
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item component={Link} to={`/settings/webhooks/${w.id}`}>
                        {t('deliveries.title')}
                      </Menu.Item>
                      <Menu.Item onClick={() => void toggle(w)}>
                        {w.enabled ? t('list.disable') : t('list.enable')}
                      </Menu.Item>
                      <Menu.Item onClick={() => rotating.ask(w)}>{t('list.rotate')}</Menu.Item>
                      <Menu.Item color="red" onClick={() => deleting.ask(w)}>
                        {t('list.delete')}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </QueryState>
      <CreateWebhookModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(s) => {
          setCreating(false);
          setSecret({ value: s, rotated: false });
          refresh();
        }}
      />
      <SecretModal secret={secret?.value ?? null} rotated={secret?.rotated ?? false} onClose={() => setSecret(null)} />
      {rotating.modal}
      {deleting.modal}
    </Stack>
  );
}
