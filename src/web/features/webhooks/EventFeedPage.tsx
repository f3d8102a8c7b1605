import { Anchor, Button, Code, Group, Loader, MultiSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { formatDateTime } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { EVENT_TYPE_NAMES, webhooksApi } from './webhooksApi';

/** Settings → Event feed (Owners and Admins): what integrations read from GET /api/v1/events, oldest first. */
export function EventFeedPage() {
  usePageTitle('Event feed');
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
      <Title order={1}>Event feed</Title>
      <Text c="dark.7">
        Every change to people, teams and groups, in order, as integrations read it with a token of the{' '}
        <Code>events</Code> scope (<Code>GET /api/v1/events?after=…</Code>). Events are kept for the number of days set
        under{' '}
        <Anchor component={Link} to="/settings">
          Settings
        </Anchor>
        ; to push them instead, use{' '}
        <Anchor component={Link} to="/settings/webhooks">
          webhooks
        </Anchor>
        .
      </Text>
      <MultiSelect
        label="Event types"
        placeholder="All types"
        data={[...EVENT_TYPE_NAMES]}
        value={types}
        onChange={setTypes}
        clearable
        maw={520}
      />
      {feed.error ? (
        <ErrorAlert error={feed.error} title="Could not load the event feed" />
      ) : feed.isPending ? (
        <Loader aria-label="Loading events" />
      ) : items.length === 0 ? (
        <Text data-testid="events-empty">No events yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table striped aria-label="Events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Data</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
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
                      `${e.subject.type} ${e.subject.id}`
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Code>{JSON.stringify(e.data)}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {feed.hasNextPage && (
        <Group>
          <Button variant="default" loading={feed.isFetchingNextPage} onClick={() => void feed.fetchNextPage()}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
