import { Anchor, Button, Code, Group, MultiSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { QueryState } from '../../common/components/QueryState';
import { formatDateTime } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { EVENT_TYPE_NAMES, webhooksApi } from './webhooksApi';
import { DataTable, columnHeadings } from '../../common/components/DataTable';

/** Settings → Event feed (Owners and Admins): what integrations read from GET /api/v1/events, oldest first. */
export function EventFeedPage() {
  const { t } = useTranslation('webhooks');
  usePageTitle(t('events.title'));
  const [types, setTypes] = useState<string[]>([]);
  const feed = useInfiniteQuery({
    queryKey: ['events', types],
    queryFn: ({ pageParam }) => webhooksApi.events(pageParam, types),
    initialPageParam: undefined as string | undefined,
    // A full page may have more after it; a short one reached the newest event.
    getNextPageParam: (last) => (last.items.length === 50 ? last.nextCursor : undefined),
  });
  const items = feed.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="lg">
      <Title order={1}>{t('events.title')}</Title>
      <Text c="dark.7">
        <Trans
          t={t}
          i18nKey="events.intro"
          components={{
            code: <Code />,
            settings: <Anchor component={Link} to="/settings" />,
            webhooks: <Anchor component={Link} to="/settings/webhooks" />,
          }}
        />
      </Text>
      <MultiSelect
        label={t('eventTypes')}
        placeholder={t('events.allTypes')}
        data={[...EVENT_TYPE_NAMES]}
        value={types}
        onChange={setTypes}
        clearable
        maw={520}
      />
      <QueryState
        query={feed}
        texts="webhooks:events"
        empty={<Text data-testid="events-empty">{t('events.empty')}</Text>}
      >
        {() => (
          <DataTable
            minWidth={800}
            aria-label={t('events.tableLabel')}
            columns={['#', ...columnHeadings(t, 'events.columns', ['when', 'type', 'subject', 'data'])]}
          >
            {items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{e.id}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.occurredAt)}</Table.Td>
                <Table.Td>{e.type}</Table.Td>
                <Table.Td>
                  {e.subject.type === 'user' ? (
                    <Anchor component={Link} to={`/people/${e.subject.id}`} size="sm">
                      {e.subject.id}
                    </Anchor>
                  ) : (
                    `${t(`events.subjectTypes.${e.subject.type}`, { defaultValue: e.subject.type })} ${e.subject.id}`
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{JSON.stringify(e.data)}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </QueryState>
      {feed.hasNextPage && (
        <Group>
          <Button variant="default" loading={feed.isFetchingNextPage} onClick={() => void feed.fetchNextPage()}>
            {t('common:loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
