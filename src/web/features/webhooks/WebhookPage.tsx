import { useState } from 'react';
import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { formatDateTime } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { WebhookStatus } from './WebhooksPage';
import { webhooksApi, type WebhookDelivery } from './webhooksApi';

const STATUS_COLOR = { pending: 'blue', succeeded: 'green', failed: 'red' } as const;

function RetryNow({ hookId, delivery }: { hookId: string; delivery: WebhookDelivery }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  async function retry() {
    setBusy(true);
    try {
      await webhooksApi.retry(hookId, delivery.id);
      notifications.show({ message: 'The delivery will be sent again within seconds.', color: 'green' });
      void qc.invalidateQueries({ queryKey: ['webhook-deliveries', hookId] });
    } catch (err) {
      notifications.show({ title: 'Could not retry', message: errorMessage(err), color: 'red' });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button
      size="xs"
      variant="light"
      loading={busy}
      onClick={() => void retry()}
      aria-label={`Retry delivery of event ${delivery.eventId} now`}
    >
      Retry now
    </Button>
  );
}

/** One webhook and its delivery log: status, response code, duration, next retry, "Retry now". */
export function WebhookPage() {
  const { id = '' } = useParams();
  usePageTitle('Webhook deliveries');
  const hook = useQuery({
    queryKey: ['webhooks', id],
    queryFn: () => webhooksApi.list().then((r) => r.items.find((w) => w.id === id) ?? null),
  });
  const log = useInfiniteQuery({
    queryKey: ['webhook-deliveries', id],
    queryFn: ({ pageParam }) => webhooksApi.deliveries(id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 5_000,
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/settings/webhooks" size="sm">
        ← Webhooks
      </Anchor>
      <Title order={1}>Delivery log</Title>
      {hook.data === null && <Text>This webhook does not exist (any more).</Text>}
      {hook.data && (
        <Group gap="sm">
          <Text fw={600}>{hook.data.url}</Text>
          <WebhookStatus hook={hook.data} />
          {hook.data.disabledReason && (
            <Text size="sm" c="dark.7">
              {hook.data.disabledReason}
            </Text>
          )}
        </Group>
      )}
      {log.error ? (
        <ErrorAlert error={log.error} title="Could not load the deliveries" />
      ) : log.isPending ? (
        <Loader aria-label="Loading deliveries" />
      ) : items.length === 0 ? (
        <Text data-testid="deliveries-empty">
          No deliveries yet: they appear here once an event is sent to this webhook.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label="Deliveries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Response</Table.Th>
                <Table.Th>Duration</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Last attempt</Table.Th>
                <Table.Th>Next retry</Table.Th>
                <Table.Th>Error</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id} data-testid={`delivery-${d.id}`}>
                  <Table.Td>
                    <Text size="sm">{d.eventType}</Text>
                    <Text size="xs" c="dark.7">
                      #{d.eventId} · {d.id}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[d.status]} variant="light">
                      {d.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{d.responseStatus ?? '—'}</Table.Td>
                  <Table.Td>{d.durationMs === null ? '—' : `${d.durationMs} ms`}</Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.lastAttemptAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.nextAttemptAt)}</Table.Td>
                  <Table.Td>{d.lastError ?? '—'}</Table.Td>
                  <Table.Td>
                    <RetryNow hookId={id} delivery={d} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {log.hasNextPage && (
        <Group>
          <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            Load older deliveries
          </Button>
        </Group>
      )}
    </Stack>
  );
}
