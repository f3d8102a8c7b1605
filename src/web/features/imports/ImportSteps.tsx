import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Anchor, Button, Group, List, Progress, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { importsApi, type Import } from './importsApi';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { NoticeAlert } from '../../common/components/NoticeAlert';
import { ImportRows } from './ImportRows';
import { CountTiles, ImportOptions, ReadWarnings } from './ImportSummary';
import { CommitBar } from './CommitBar';
import { PreviewSummary } from './PreviewSummary';
import { UnknownColumns } from './UnknownColumns';
import { resultLabel } from './importText';
import { formatNumber } from '../../common/lib/format';
import type { TFunction } from 'i18next';
import { SectionHeading } from '../../common/components/SectionHeading';

const STEPS = ['upload', 'preview', 'import'] as const;

/** Where the wizard stands: an ordered list, the current step marked for screen readers. */
export function StepIndicator({ current }: { current: 0 | 1 | 2 }) {
  const { t } = useTranslation('imports');
  return (
    <Group component="ol" gap="lg" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('steps.label')}>
      {STEPS.map((s, i) => (
        <Text
          component="li"
          key={s}
          size="sm"
          fw={i === current ? 700 : 400}
          c={i === current ? 'blue.9' : 'dark.6'}
          aria-current={i === current ? 'step' : undefined}
        >
          {i + 1}. {t(`steps.${s}`)}
        </Text>
      ))}
    </Group>
  );
}

/** A progress bar for a running job, with the numbers in words too. */
export function JobProgress({ imp }: { imp: Import }) {
  const { t } = useTranslation('imports');
  const { done, total } = imp.progress;
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  const what = imp.state === 'previewing' ? t('progress.reading') : t('progress.importing');
  return (
    <Stack gap="xs">
      <Text fw={600}>{what}…</Text>
      <Progress.Root size="lg">
        <Progress.Section value={pct} animated aria-label={what} />
      </Progress.Root>
      <Text size="sm" c="dark.7" aria-live="polite">
        {total > 0
          ? t('progress.rows', { done: formatNumber(done), count: total, pct: formatNumber(pct) })
          : t('progress.starting')}
      </Text>
      {imp.state === 'committing' && <Text size="sm">{t('progress.canLeave')}</Text>}
    </Stack>
  );
}

function commitSentence(t: TFunction<'imports'>, imp: Import): string {
  return t('preview.commitSentence', { count: imp.counts.create, update: formatNumber(imp.counts.update) });
}

/**
 * Step 2: the plan, with nothing written yet. The summary comes first, then the file's unknown columns, the
 * options and the rows; the commit bar stays at the bottom of the screen however long the preview is.
 */
export function PreviewStep({ imp, onChanged }: { imp: Import; onChanged: (imp: Import) => void }) {
  const { t } = useTranslation('imports');
  const [confirm, setConfirm] = useState<'commit' | 'cancel' | null>(null);
  const writes = imp.counts.create + imp.counts.update;
  const ignored = new Set(imp.ignoredColumns);
  const openColumns = imp.unknownColumns.filter((c) => !ignored.has(c)).length;
  return (
    <Stack>
      <SectionHeading title={t('preview.title')} />
      <NoticeAlert color="blue" title={t('preview.nothingYet')}>
        {t('preview.nothingYetText')}
      </NoticeAlert>
      <PreviewSummary imp={imp} />
      <UnknownColumns imp={imp} onChanged={onChanged} />
      <ReadWarnings imp={imp} />
      <ImportOptions imp={imp} />
      <ImportRows imp={imp} />
      <CommitBar
        imp={imp}
        blocked={
          writes === 0
            ? t('preview.nothingToWrite')
            : openColumns > 0
              ? t('unknown.commitWaits', { count: openColumns })
              : null
        }
        onCommit={() => setConfirm('commit')}
        onCancel={() => setConfirm('cancel')}
      />
      <ConfirmModal
        opened={confirm === 'commit'}
        title={t('preview.commitTitle')}
        confirmLabel={t('preview.commit')}
        onClose={() => setConfirm(null)}
        onConfirm={async () => {
          onChanged(await importsApi.commit(imp.id));
        }}
      >
        <Text>{commitSentence(t, imp)}</Text>
        <List size="sm">
          <List.Item>{t('preview.unchanged', { count: imp.counts.unchanged })}</List.Item>
          <List.Item>{t('preview.skipped', { count: imp.counts.skip })}</List.Item>
          <List.Item>{t('preview.errors', { count: imp.counts.error })}</List.Item>
        </List>
        {imp.invite !== 'none' && imp.counts.create > 0 && (
          <Text size="sm">{imp.invite === 'now' ? t('preview.invitesNow') : t('preview.invitesScheduled')}</Text>
        )}
      </ConfirmModal>
      <ConfirmModal
        opened={confirm === 'cancel'}
        title={t('preview.cancelTitle')}
        confirmLabel={t('preview.cancel')}
        danger
        onClose={() => setConfirm(null)}
        onConfirm={async () => {
          onChanged(await importsApi.cancel(imp.id));
        }}
      >
        <Text>{t('preview.cancelText')}</Text>
      </ConfirmModal>
    </Stack>
  );
}

/** Step 3, done: what happened, the people log, and the way to the people. */
export function ResultStep({ imp }: { imp: Import }) {
  const { t } = useTranslation('imports');
  if (imp.state === 'cancelled') {
    return (
      <Stack>
        <SectionHeading title={t('result.cancelled')} />
        <Text>{t('result.cancelledText')}</Text>
        <Anchor component={Link} to="/imports/new">
          {t('result.startNew')}
        </Anchor>
      </Stack>
    );
  }
  if (imp.state === 'failed') {
    return (
      <Stack>
        <SectionHeading title={t('result.failed')} />
        <ErrorAlert
          error={new Error(imp.error?.message ?? t('result.stoppedOnError'))}
          title={t('result.couldNotFinish')}
        />
        <Anchor component={Link} to="/imports/new">
          {t('result.startNew')}
        </Anchor>
      </Stack>
    );
  }
  return (
    <Stack>
      <SectionHeading title={t('result.completed')} />
      <Text>
        {t('result.summary', {
          create: formatNumber(imp.counts.create),
          update: formatNumber(imp.counts.update),
          error: formatNumber(imp.counts.error),
        })}
      </Text>
      <CountTiles imp={imp} label={resultLabel} />
      <Group>
        <Button component="a" href={importsApi.logUrl(imp.id)} download>
          {t('result.downloadLog')}
        </Button>
        <Button component={Link} to="/" variant="default">
          {t('result.goToPeople')}
        </Button>
      </Group>
      <ImportRows imp={imp} showOutcome />
    </Stack>
  );
}
