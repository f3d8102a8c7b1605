import { useState } from 'react';
import { Alert, Anchor, Button, Group, List, Progress, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { importsApi, type Import } from './importsApi';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { ImportRows } from './ImportRows';
import { CountTiles, ImportOptions, ReadWarnings } from './ImportSummary';
import { ACTION_COUNT_LABELS, RESULT_LABELS } from './importText';

const STEPS = ['Upload', 'Preview', 'Import'];

/** Where the wizard stands: an ordered list, the current step marked for screen readers. */
export function StepIndicator({ current }: { current: 0 | 1 | 2 }) {
  return (
    <Group component="ol" gap="lg" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Import steps">
      {STEPS.map((s, i) => (
        <Text
          component="li"
          key={s}
          size="sm"
          fw={i === current ? 700 : 400}
          c={i === current ? 'blue.9' : 'dark.6'}
          aria-current={i === current ? 'step' : undefined}
        >
          {i + 1}. {s}
        </Text>
      ))}
    </Group>
  );
}

/** A progress bar for a running job, with the numbers in words too. */
export function JobProgress({ imp }: { imp: Import }) {
  const { done, total } = imp.progress;
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  const what = imp.state === 'previewing' ? 'Reading and checking the file' : 'Importing';
  return (
    <Stack gap="xs">
      <Text fw={600}>{what}…</Text>
      <Progress.Root size="lg">
        <Progress.Section value={pct} animated aria-label={what} />
      </Progress.Root>
      <Text size="sm" c="dark.7" aria-live="polite">
        {total > 0 ? `${done.toLocaleString()} of ${total.toLocaleString()} rows (${pct}%)` : 'Starting…'}
      </Text>
      {imp.state === 'committing' && (
        <Text size="sm">You can leave this page: the import keeps running on the server.</Text>
      )}
    </Stack>
  );
}

function commitSentence(imp: Import): string {
  const c = imp.counts;
  const parts = [`create ${c.create} ${c.create === 1 ? 'person' : 'people'}`, `update ${c.update}`];
  return `This will ${parts.join(' and ')}.`;
}

/** Step 2: the plan, with nothing written yet; commit after a confirmation that states the counts. */
export function PreviewStep({ imp, onChanged }: { imp: Import; onChanged: (imp: Import) => void }) {
  const [confirm, setConfirm] = useState<'commit' | 'cancel' | null>(null);
  const writes = imp.counts.create + imp.counts.update;
  return (
    <Stack>
      <Title order={2} size="h3">
        2. Review the preview
      </Title>
      <Alert
        color="blue"
        variant="light"
        title="Nothing has been written yet"
        styles={{ message: { color: '#212529' }, title: { color: '#1864ab' } }}
      >
        This is what the import would do. Nobody is created or changed until you commit.
      </Alert>
      <ImportOptions imp={imp} />
      <ReadWarnings imp={imp} />
      <CountTiles imp={imp} labels={ACTION_COUNT_LABELS} />
      <ImportRows imp={imp} />
      <Group>
        <Button onClick={() => setConfirm('commit')} disabled={writes === 0}>
          Commit import
        </Button>
        <Button variant="default" onClick={() => setConfirm('cancel')}>
          Cancel import
        </Button>
        {writes === 0 && <Text size="sm">Nothing to write: no row creates or updates anyone.</Text>}
      </Group>
      <ConfirmModal
        opened={confirm === 'commit'}
        title="Commit this import?"
        confirmLabel="Commit import"
        onClose={() => setConfirm(null)}
        onConfirm={async () => {
          onChanged(await importsApi.commit(imp.id));
        }}
      >
        <Text>{commitSentence(imp)}</Text>
        <List size="sm">
          <List.Item>{imp.counts.unchanged} unchanged</List.Item>
          <List.Item>{imp.counts.skip} skipped</List.Item>
          <List.Item>{imp.counts.error} with errors, which are not imported</List.Item>
        </List>
        {imp.invite !== 'none' && imp.counts.create > 0 && (
          <Text size="sm">
            {imp.invite === 'now'
              ? 'Invitations go out to the people created.'
              : 'Invitations are scheduled for the people created.'}
          </Text>
        )}
      </ConfirmModal>
      <ConfirmModal
        opened={confirm === 'cancel'}
        title="Cancel this import?"
        confirmLabel="Cancel import"
        danger
        onClose={() => setConfirm(null)}
        onConfirm={async () => {
          onChanged(await importsApi.cancel(imp.id));
        }}
      >
        <Text>The preview is discarded. Nothing was written, so nobody is affected.</Text>
      </ConfirmModal>
    </Stack>
  );
}

/** Step 3, done: what happened, the people log, and the way to the people. */
export function ResultStep({ imp }: { imp: Import }) {
  if (imp.state === 'cancelled') {
    return (
      <Stack>
        <Title order={2} size="h3">
          Import cancelled
        </Title>
        <Text>This import was cancelled before anything was written.</Text>
        <Anchor component={Link} to="/imports/new">
          Start a new import
        </Anchor>
      </Stack>
    );
  }
  if (imp.state === 'failed') {
    return (
      <Stack>
        <Title order={2} size="h3">
          Import failed
        </Title>
        <ErrorAlert
          error={new Error(imp.error?.message ?? 'The import stopped with an error.')}
          title="The import could not finish"
        />
        <Anchor component={Link} to="/imports/new">
          Start a new import
        </Anchor>
      </Stack>
    );
  }
  return (
    <Stack>
      <Title order={2} size="h3">
        3. Import completed
      </Title>
      <Text>
        {imp.counts.create} created, {imp.counts.update} updated, {imp.counts.error} not imported because of errors.
      </Text>
      <CountTiles imp={imp} labels={RESULT_LABELS} />
      <Group>
        <Button component="a" href={importsApi.logUrl(imp.id)} download>
          Download people log (CSV)
        </Button>
        <Button component={Link} to="/" variant="default">
          Go to People
        </Button>
      </Group>
      <ImportRows imp={imp} showOutcome />
    </Stack>
  );
}
