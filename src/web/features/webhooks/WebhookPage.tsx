import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { DataTable } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';
import { formatDateTime, formatNumber } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { WebhookStatus } from './WebhooksPage';
import { webhooksApi, type WebhookDelivery } from './webhooksApi';
import { useAction } from '../../common/form/useAction';

const STATUS_COLOR = { pending: 'blue', succeeded: 'green', failed: 'red' } as const;

function RetryNow({ hookId, delivery }: { hookId: string; delivery: WebhookDelivery }) {
  const { t } = useTranslation('webhooks');
  const qc = useQueryClient();
  const { busy, run } = useAction();
  const retry = () =>
    run(
      async () => {
        await webhooksApi.retry(hookId, delivery.id);
        void qc.invalidateQueries({ queryKey: ['webhook-deliveries', hookId] });
      },
      { success: t('deliveries.retried'), failed: t('deliveries.retryFailed') },
    );
  return (
    <Button
      size="xs"
      variant="light"
      loading={busy}
      onClick={() => void retry()}
      aria-label={t('deliveries.retryLabel', { event: delivery.eventId })}
    >
      {t('deliveries.retry')}
    </Button>
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
              t('deliveries.columns.event'),
              t('deliveries.columns.status'),
              t('deliveries.columns.response'),
              t('deliveries.columns.duration'),
              t('deliveries.columns.attempts'),
              t('deliveries.columns.lastAttempt'),
              t('deliveries.columns.nextRetry'),
              t('deliveries.columns.error'),
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
