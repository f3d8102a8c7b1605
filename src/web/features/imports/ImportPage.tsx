import { useTranslation } from 'react-i18next';
import { Anchor, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../common/api';
import { importsApi, isRunning, type Import } from './importsApi';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { ImportStateBadge } from './Badges';
import { JobProgress, PreviewStep, ResultStep, StepIndicator } from './ImportSteps';
import { UploadForm } from './UploadForm';
import { usePageTitle } from '../../common/lib/usePageTitle';

function Header({ imp }: { imp?: Import }) {
  const { t } = useTranslation('imports');
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap">
        <Anchor component={Link} to="/imports" size="sm">
          ← {t('page.allImports')}
        </Anchor>
        <Anchor component={Link} to="/imports/help" size="sm">
          {t('page.helpLink')}
        </Anchor>
      </Group>
      <Group gap="sm" wrap="wrap">
        <Title order={1} style={{ wordBreak: 'break-word', minWidth: 0 }}>
          {imp ? t('page.importOf', { file: imp.fileName }) : t('page.new')}
        </Title>
        {imp && <ImportStateBadge state={imp.state} />}
      </Group>
    </Stack>
  );
}

/** The import wizard: /imports/new uploads; /imports/:id follows the job through preview, commit and result. */
export function ImportPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { t } = useTranslation('imports');
  usePageTitle(id ? t('page.import') : t('page.new'));

  if (!id) {
    return (
      <Stack gap="lg">
        <Header />
        <StepIndicator current={0} />
        <Paper withBorder p="md">
          <UploadForm
            onCreated={(imp) => {
              qc.setQueryData(['import', imp.id], imp);
              void qc.invalidateQueries({ queryKey: ['imports'] });
              void navigate(`/imports/${encodeURIComponent(imp.id)}`, { replace: true });
            }}
          />
        </Paper>
      </Stack>
    );
  }
  return <ImportJob id={id} />;
}

function ImportJob({ id }: { id: string }) {
  const { t } = useTranslation('imports');
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['import', id],
    queryFn: () => importsApi.get(id),
    // Poll while the server works on it; stop once it waits for the admin or is done.
    refetchInterval: (query) => (query.state.data && isRunning(query.state.data.state) ? 1000 : false),
  });
  if (q.isPending) {
    return (
      <Stack gap="lg">
        <Header />
        <Loader aria-label={t('page.loading')} />
      </Stack>
    );
  }
  if (q.error) {
    const missing = q.error instanceof ApiError && q.error.status === 404;
    return (
      <Stack gap="lg">
        <Header />
        {missing ? <Text>{t('page.missing')}</Text> : <ErrorAlert error={q.error} title={t('page.loadFailed')} />}
      </Stack>
    );
  }
  const imp = q.data;
  const onChanged = (next: Import) => {
    qc.setQueryData(['import', id], next);
    void qc.invalidateQueries({ queryKey: ['import', id] });
    void qc.invalidateQueries({ queryKey: ['imports'] });
  };
  return (
    <Stack gap="lg">
      <Header imp={imp} />
      <StepIndicator current={imp.state === 'previewing' || imp.state === 'previewed' ? 1 : 2} />
      <Paper withBorder p="md">
        {isRunning(imp.state) ? (
          <JobProgress imp={imp} />
        ) : imp.state === 'previewed' ? (
          <PreviewStep imp={imp} onChanged={onChanged} />
        ) : (
          <ResultStep imp={imp} />
        )}
      </Paper>
    </Stack>
  );
}
