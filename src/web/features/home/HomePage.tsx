import { Anchor, Group, Loader, SimpleGrid, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { useSession } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { ExpiriesCard, RecentChangesCard, SignInsCard } from './ActivityCards';
import { FirstRunChecklist } from './FirstRunChecklist';
import { FunnelCard } from './FunnelCard';
import { SeatsCard, StatusCard, TrendCard } from './HomeCards';
import { reportsApi } from './homeApi';
import { ReportSchedules } from './ReportSchedules';

/** Home (docs/decisions/020-insight.md): the organisation at a glance, each number linking to the filtered list. */
export function HomePage() {
  const { t } = useTranslation('home');
  usePageTitle(t('title'));
  const { data: session } = useSession();
  const summary = useQuery({ queryKey: ['reports', 'summary'], queryFn: reportsApi.summary });
  const forecast = useQuery({ queryKey: ['reports', 'forecast'], queryFn: () => reportsApi.forecast() });
  const canInvite = session?.abilities.includes('people.invite') ?? false;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('title')}</Title>
        <Group gap="md">
          <Anchor component={Link} to="/reports/inactive">
            {t('reportsLink')}
          </Anchor>
          <Anchor component={Link} to="/">
            {t('peopleLink')}
          </Anchor>
        </Group>
      </Group>
      <ErrorAlert error={summary.error} title={t('loadFailed')} />
      {summary.isPending && <Loader aria-label={t('loading')} />}
      {summary.data && (
        <>
          <FirstRunChecklist checklist={summary.data.checklist} />
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
            <SeatsCard summary={summary.data} forecast={forecast.data} />
            <StatusCard summary={summary.data} />
            <TrendCard summary={summary.data} />
            <FunnelCard summary={summary.data} canInvite={canInvite} />
            <SignInsCard summary={summary.data} />
            <ExpiriesCard summary={summary.data} />
            <RecentChangesCard summary={summary.data} />
          </SimpleGrid>
          <ReportSchedules report="summary" label={t('schedules.summaryLabel')} />
        </>
      )}
    </Stack>
  );
}
