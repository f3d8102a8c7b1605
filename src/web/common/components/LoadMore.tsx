import { Button, Group, Text } from '@mantine/core';

/** The footer of a paged list: how many rows are shown, and a button that fetches the next page. */
export function LoadMore(props: {
  shown: number;
  total: number;
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  const { shown, total, list } = props;
  return (
    <Group justify="space-between">
      <Text size="sm" c="dark.7" aria-live="polite">
        Showing {shown} of {total}
      </Text>
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </Group>
  );
}
