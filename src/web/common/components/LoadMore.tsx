import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';

/** The footer of a paged list: how many rows are shown, and a button that fetches the next page. */
export function LoadMore(props: {
  shown: number;
  total: number;
  /** At least `total` match (the People list counts up to a bound): "Showing 50 of 1,000+". */
  totalIsLowerBound?: boolean;
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  const { t } = useTranslation();
  const { shown, total, totalIsLowerBound, list } = props;
  return (
    <Group justify="space-between">
      <Text size="sm" c="dark.7" aria-live="polite">
        {t(totalIsLowerBound ? 'common:showingAtLeast' : 'common:showing', {
          shown: formatNumber(shown),
          total: formatNumber(total),
        })}
      </Text>
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common:loadMore')}
        </Button>
      )}
    </Group>
  );
}
