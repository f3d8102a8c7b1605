import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { DataTable, columnHeadings } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';
import { formatDateTime, formatNumber } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { WebhookStatus } from './WebhooksPage';
import { webhooksApi, type WebhookDelivery } from './webhooksApi';
import { RowActionButton } from '../../common/components/RowActionButton';

const STATUS_COLOR = { pending: 'blue', succeeded: 'green', failed: 'red' } as const;

function RetryNow({ hookId, delivery }: { hookId: string; delivery: WebhookDelivery }) {
  const { t } = useTranslation('webhooks');
  return (
    <RowActionButton
      action={() => webhooksApi.retry(hookId, delivery.id)}
      invalidates={['webhook-deliveries', hookId]}
      messages={{ success: t('deliveries.retried'), failed: t('deliveries.retryFailed') }}
      aria-label={t('deliveries.retryLabel', { event: delivery.eventId })}
    >
      {t('deliveries.retry')}
    </RowActionButton>
  );
}

/** One webhook and its delivery log: status, response code, duration, next retry, "Retry now". */
export function WebhookPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('webhooks');
  usePageTitle(t('deliveries.pageTitle'));
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
        ← {t('title')}
      </Anchor>
      <Title order={1}>{t('deliveries.title')}</Title>
      {hook.data === null && <Text>{t('deliveries.gone')}</Text>}
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
      <QueryState
        query={log}
        texts="webhooks:deliveries"
        empty={<Text data-testid="deliveries-empty">{t('deliveries.empty')}</Text>}
      >
        {() => (
          <DataTable
            minWidth={900}
            aria-label={t('deliveries.tableLabel')}
            columns={[
              ...columnHeadings(t, 'deliveries.columns', [
                'event',
                'status',
                'response',
                'duration',
                'attempts',
                'lastAttempt',
                'nextRetry',
                'error',
              ]),
              null,
            ]}
          >
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
                    {t(`deliveries.status.${d.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{d.responseStatus ?? '—'}</Table.Td>
                <Table.Td>{d.durationMs === null ? '—' : t('deliveries.duration', { ms: d.durationMs })}</Table.Td>
                <Table.Td>{formatNumber(d.attempts)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.lastAttemptAt)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.nextAttemptAt)}</Table.Td>
                <Table.Td>{d.lastError ?? '—'}</Table.Td>
                <Table.Td>
                  <RetryNow hookId={id} delivery={d} />
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </QueryState>
      {log.hasNextPage && (
        <Group>
          <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('deliveries.loadOlder')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
