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
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Anchor component={Link} to="/imports" size="sm">
          ← All imports
        </Anchor>
        <Anchor component={Link} to="/imports/help" size="sm">
          Help: columns and modes
        </Anchor>
      </Group>
      <Group gap="sm">
        <Title order={1}>{imp ? `Import ${imp.fileName}` : 'New import'}</Title>
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
  usePageTitle(id ? 'Import' : 'New import');

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
        <Loader aria-label="Loading the import" />
      </Stack>
    );
  }
  if (q.error) {
    const missing = q.error instanceof ApiError && q.error.status === 404;
    return (
      <Stack gap="lg">
        <Header />
        {missing ? (
          <Text>This import does not exist or is not visible to you.</Text>
        ) : (
          <ErrorAlert error={q.error} title="Could not load the import" />
        )}
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
