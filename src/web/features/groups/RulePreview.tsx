import { Badge, Group, List, Loader, Paper, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { ApiError, organisingApi, type RuleNode } from '../../common/api';
import { fullName } from '../../common/lib/format';
import { ErrorAlert } from '../../common/components/ErrorAlert';

/** Live count and sample of who the rules select, refreshed (debounced) as the admin edits. */
export function RulePreview({ rules }: { rules: RuleNode }) {
  const [debounced] = useDebouncedValue(JSON.stringify(rules), 400);
  const q = useQuery({
    queryKey: ['group-preview', debounced],
    queryFn: () => organisingApi.preview(JSON.parse(debounced) as RuleNode),
    placeholderData: (prev) => prev,
    retry: false,
  });
  return (
    <Paper withBorder p="sm" aria-live="polite" aria-label="Preview">
      <Group gap="xs" mb="xs">
        <Text fw={600}>Matches</Text>
        {q.data && (
          <Badge size="lg" variant="light" data-testid="preview-count">
            {q.data.count} {q.data.count === 1 ? 'person' : 'people'}
          </Badge>
        )}
        {q.isFetching && <Loader size="xs" aria-label="Updating preview" />}
      </Group>
      {q.error ? <ErrorAlert error={q.error} title="These rules are not complete yet" /> : null}
      {q.error instanceof ApiError && Array.isArray(q.error.details) && (
        <List size="sm" c="red.9" aria-label="Problems in the rules">
          {(q.error.details as { field: string; message: string }[]).map((d, i) => (
            <List.Item key={i}>
              {d.field}: {d.message}
            </List.Item>
          ))}
        </List>
      )}
      {q.data && q.data.sample.length > 0 && (
        <List size="sm" aria-label="Sample of matching people">
          {q.data.sample.map((p) => (
            <List.Item key={p.id}>
              {fullName(p)}{' '}
              {p.jobTitle ? (
                <Text span c="dimmed">
                  · {p.jobTitle}
                </Text>
              ) : null}
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
