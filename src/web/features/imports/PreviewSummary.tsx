import { useTranslation } from 'react-i18next';
import { Alert, Anchor, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { importsApi, type Import } from './importsApi';
import { CountTiles } from './ImportSummary';
import { planLabel } from './importText';
import { useFieldLabels } from './useFieldLabels';
import { formatNumber } from '../../common/lib/format';

/**
 * What the import would do, read before the rows: the counts, the updates by field ("Department: 12 people")
 * and the updates that deserve a second look (someone with direct reports deactivated or given an end date).
 */
export function PreviewSummary({ imp }: { imp: Import }) {
  const { t } = useTranslation('imports');
  const label = useFieldLabels();
  const summary = useQuery({
    queryKey: ['import', imp.id, 'summary', imp.state],
    queryFn: () => importsApi.summary(imp.id),
  });
  const data = summary.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby={`summary-${imp.id}`} data-testid="import-summary">
      <Title order={3} size="h4" id={`summary-${imp.id}`}>
        {t('review.summaryTitle')}
      </Title>
      <CountTiles imp={imp} label={planLabel} />
      {summary.error && <Text c="red.9">{t('review.summaryFailed')}</Text>}
      {data && data.updatedFields.length > 0 && (
        <div>
          <Text size="sm" fw={600}>
            {t('review.updatesByField')}
          </Text>
          <List size="sm" data-testid="updates-by-field">
            {data.updatedFields.map((f) => (
              <List.Item key={f.field}>{t('review.fieldPeople', { field: label(f.field), count: f.people })}</List.Item>
            ))}
          </List>
        </div>
      )}
      {data && data.warnings.length > 0 && (
        <Alert
          color="orange"
          variant="light"
          title={t('review.checkTitle')}
          styles={{ message: { color: '#212529' }, title: { color: '#8a3c00' } }}
          data-testid="manager-warnings"
        >
          <List size="sm">
            {data.warnings.map((w) => (
              <List.Item key={w.line}>
                {t(w.kind === 'deactivates_manager' ? 'review.deactivatesManager' : 'review.expiresManager', {
                  count: w.reports,
                  line: formatNumber(w.line),
                  name: w.name || w.email || '—',
                })}{' '}
                {w.userId && (
                  <Anchor component={Link} to={`/people/${encodeURIComponent(w.userId)}`} size="sm">
                    {t('review.openPerson')}
                  </Anchor>
                )}
              </List.Item>
            ))}
          </List>
          <Text size="sm" mt="xs">
            {t('review.checkHelp')}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
