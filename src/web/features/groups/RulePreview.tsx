import { useTranslation } from 'react-i18next';
import { Badge, Group, List, Loader, Paper, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { ApiError, organisingApi, type RuleNode } from '../../common/api';
import { fullName } from '../../common/lib/format';
import { ErrorAlert } from '../../common/components/ErrorAlert';

/** Live count and sample of who the rules select, refreshed (debounced) as the admin edits. */
export function RulePreview({ rules }: { rules: RuleNode }) {
  const { t } = useTranslation('groups');
  const [debounced] = useDebouncedValue(JSON.stringify(rules), 400);
  const q = useQuery({
    queryKey: ['group-preview', debounced],
    queryFn: () => organisingApi.preview(JSON.parse(debounced) as RuleNode),
    placeholderData: (prev) => prev,
    retry: false,
  });
  return (
    <Paper withBorder p="sm" aria-live="polite" aria-label={t('preview.label')}>
      <Group gap="xs" mb="xs">
        <Text fw={600}>{t('preview.matches')}</Text>
        {q.data && (
          <Badge size="lg" variant="light" data-testid="preview-count">
            {t('common:people', { count: q.data.count })}
          </Badge>
        )}
        {q.isFetching && <Loader size="xs" aria-label={t('preview.updating')} />}
      </Group>
      {q.error ? <ErrorAlert error={q.error} title={t('preview.incomplete')} /> : null}
      {q.error instanceof ApiError && Array.isArray(q.error.details) && (
        <List size="sm" c="red.9" aria-label={t('preview.problems')}>
          {(q.error.details as { field: string; message: string }[]).map((d, i) => (
            <List.Item key={i}>
              {d.field}: {d.message}
            </List.Item>
          ))}
        </List>
      )}
      {q.data && q.data.sample.length > 0 && (
        <List size="sm" aria-label={t('preview.sample')}>
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
