import { useState } from 'react';
import { Anchor, Badge, Button, Group, Loader, Menu, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../common/api';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { formatDateTime } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { ToneBadge } from '../../common/components/StatusBadge';
import { CreateWebhookModal, SecretModal } from './WebhookModals';
import { webhooksApi, type Webhook, type WebhookSecret } from './webhooksApi';

export function WebhookStatus({ hook }: { hook: Webhook }) {
  if (!hook.enabled)
    return (
      <Badge color="gray" variant="light" title={hook.disabledReason ?? undefined}>
        Disabled
      </Badge>
    );
  if (hook.failingSince)
    return (
      <ToneBadge tone={{ bg: '#fff4e6', fg: '#a33b07' }}>Failing since {formatDateTime(hook.failingSince)}</ToneBadge>
    );
  return (
    <Badge color="green" variant="light">
      Active
    </Badge>
  );
}

/** Settings → Webhooks (Owners and Admins): receivers of the organisation's events. */
export function WebhooksPage() {
  usePageTitle('Webhooks');
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['webhooks'], queryFn: webhooksApi.list });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ value: WebhookSecret; rotated: boolean } | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [rotating, setRotating] = useState<Webhook | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['webhooks'] });

  async function toggle(hook: Webhook) {
    try {
      await webhooksApi.update(hook.id, { enabled: !hook.enabled });
      notifications.show({ message: hook.enabled ? 'Webhook disabled.' : 'Webhook enabled.', color: 'green' });
      refresh();
    } catch (err) {
      notifications.show({ title: 'Could not change the webhook', message: errorMessage(err), color: 'red' });
    }
  }

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1}>Webhooks</Title>
        <Button onClick={() => setCreating(true)}>New webhook</Button>
      </Group>
      <Text c="dark.7">
        Roster sends each change to people, teams and groups to these receivers as it happens: one signed POST per
        event, retried for more than a day when the receiver fails. A webhook that fails for 3 days is disabled and its
        creator emailed. Integrations can also read the same events from the event feed (
        <Anchor component={Link} to="/settings/events" underline="always">
          Event feed
        </Anchor>
        ).
      </Text>
      {q.error ? (
        <ErrorAlert error={q.error} title="Could not load the webhooks" />
      ) : q.isPending ? (
        <Loader aria-label="Loading webhooks" />
      ) : q.data.items.length === 0 ? (
        <Text data-testid="webhooks-empty">No webhooks yet. Create one to send events to another system.</Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table striped aria-label="Webhooks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Receiver</Table.Th>
                <Table.Th>Events</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((w) => (
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
                  <Table.Td>{w.events.includes('*') ? 'All' : w.events.join(', ')}</Table.Td>
                  <Table.Td>
                    <WebhookStatus hook={w} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(w.createdAt)}</Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <Button size="xs" variant="default" aria-label={`Actions for ${w.url}`}>
                          Actions
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item component={Link} to={`/settings/webhooks/${w.id}`}>
                          Delivery log
                        </Menu.Item>
                        <Menu.Item onClick={() => void toggle(w)}>{w.enabled ? 'Disable' : 'Enable'}</Menu.Item>
                        <Menu.Item onClick={() => setRotating(w)}>Rotate secret</Menu.Item>
                        <Menu.Item color="red" onClick={() => setDeleting(w)}>
                          Delete
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
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
      <ConfirmModal
        opened={rotating !== null}
        title="Rotate the signing secret?"
        confirmLabel="Rotate"
        onClose={() => setRotating(null)}
        onConfirm={async () => {
          const s = await webhooksApi.rotate(rotating!.id);
          setRotating(null);
          setSecret({ value: s, rotated: true });
          refresh();
        }}
      >
        <Text>A new secret is made and shown once. The current one keeps signing deliveries for 24 hours.</Text>
      </ConfirmModal>
      <ConfirmModal
        opened={deleting !== null}
        title="Delete this webhook?"
        confirmLabel="Delete"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await webhooksApi.remove(deleting!.id);
          setDeleting(null);
          notifications.show({ message: 'Webhook deleted.', color: 'green' });
          refresh();
        }}
      >
        <Text>
          {deleting?.url} receives nothing more, and its delivery log is deleted. Disable it instead to pause
          deliveries.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
