import { useState } from 'react';
import { Alert, Button, Group, NumberInput, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LifecycleRuleDto, RulePreview } from '../../../common/contract/lifecycle';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { DataTable } from '../../common/components/DataTable';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { QueryState } from '../../common/components/QueryState';
import { PersonLink } from '../../common/components/UserRef';
import { StatusBadge, ToneBadge } from '../../common/components/StatusBadge';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { lifecycleApi } from './lifecycleApi';
import { RuleRuns } from './RuleRuns';
import { SectionHeading } from '../../common/components/SectionHeading';

// The same readable pairs as the status badges: confirmed green, not invited grey.
const ON = { bg: '#e6fcf5', fg: '#087f5b' };
const OFF = { bg: '#f1f3f5', fg: '#343a40' };

/** Settings → Lifecycle rules (Owners and Admins): each rule with its preview, switch and "Run now"; the runs below. */
export function RulesPage() {
  const { t } = useTranslation('lifecycle');
  usePageTitle(t('title'));
  const rules = useQuery({ queryKey: ['lifecycle-rules'], queryFn: lifecycleApi.rules });
  return (
    <Stack>
      <Title order={1}>{t('title')}</Title>
      <Text c="dark.7">{t('intro')}</Text>
      <QueryState query={rules} loading={t('loading')} errorTitle={t('loadFailed')}>
        {(data) => data.items.map((r) => <RuleCard key={r.rule} rule={r} />)}
      </QueryState>
      <RuleRuns />
    </Stack>
  );
}

function RuleCard({ rule }: { rule: LifecycleRuleDto }) {
  const { t } = useTranslation('lifecycle');
  const qc = useQueryClient();
  // The rule's words (the English ones are also in common/contract/lifecycle.ts, RULE_TEXT).
  const title = t(`rules.${rule.rule}.title`);
  const [days, setDays] = useState<number>(rule.days);
  const [preview, setPreview] = useState<RulePreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<'on' | 'run' | null>(null);
  const headingId = `rule-${rule.rule}`;
  // The preview must be of the days that will be saved: switching on needs a fresh one.
  const previewed = preview !== null && preview.days === days;

  async function act(fn: () => Promise<unknown>, done?: string) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      if (done) notifications.show({ message: done, color: 'green' });
      await qc.invalidateQueries({ queryKey: ['lifecycle-rules'] });
      await qc.invalidateQueries({ queryKey: ['lifecycle-runs'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between">
          <SectionHeading id={headingId} title={title} />
          <ToneBadge tone={rule.enabled ? ON : OFF}>{rule.enabled ? t('on') : t('off')}</ToneBadge>
        </Group>
        <Text size="sm">{t(`rules.${rule.rule}.does`)}</Text>
        <Group align="flex-end">
          <NumberInput
            label={t('days')}
            min={1}
            max={3650}
            value={days}
            onChange={(v) => setDays(typeof v === 'number' ? v : rule.days)}
            w={140}
          />
          <Button
            variant="default"
            loading={busy}
            onClick={() => void act(async () => setPreview(await lifecycleApi.preview(rule.rule, days)))}
          >
            {t('preview.button')}
          </Button>
          <Switch
            label={t('switchedOn')}
            checked={rule.enabled}
            disabled={busy || (!rule.enabled && !previewed)}
            description={!rule.enabled && !previewed ? t('previewFirst') : undefined}
            onChange={(e) =>
              e.currentTarget.checked
                ? setConfirm('on')
                : void act(() => lifecycleApi.update(rule.rule, { enabled: false }), t('switchedOffToast'))
            }
          />
          {rule.enabled && days !== rule.days && previewed && (
            <Button
              variant="default"
              loading={busy}
              onClick={() => void act(() => lifecycleApi.update(rule.rule, { days }), t('daysSaved'))}
            >
              {t('saveDays')}
            </Button>
          )}
          {rule.enabled && (
            <Button loading={busy} onClick={() => setConfirm('run')}>
              {t('runNow')}
            </Button>
          )}
        </Group>
        {error !== null && <ErrorAlert error={error} title={t('failed')} />}
        {preview && <PreviewTable preview={preview} />}
      </Stack>
      <ConfirmModal
        opened={confirm !== null}
        title={confirm === 'on' ? t('confirmOn.title', { rule: title }) : t('confirmRun.title', { rule: title })}
        confirmLabel={confirm === 'on' ? t('confirmOn.button') : t('runNow')}
        danger={rule.rule === 'anonymise_deactivated'}
        onClose={() => setConfirm(null)}
        onConfirm={async () => {
          if (confirm === 'on') await lifecycleApi.update(rule.rule, { enabled: true, days });
          else await lifecycleApi.run(rule.rule);
          notifications.show({ message: confirm === 'on' ? t('switchedOnToast') : t('runStarted'), color: 'green' });
          setPreview(null);
          await qc.invalidateQueries({ queryKey: ['lifecycle-rules'] });
          await qc.invalidateQueries({ queryKey: ['lifecycle-runs'] });
        }}
      >
        <Text size="sm">
          {confirm === 'on' ? t('confirmOn.body', { days, count: preview?.count ?? 0 }) : t('confirmRun.body')}
        </Text>
      </ConfirmModal>
    </Paper>
  );
}

function PreviewTable({ preview }: { preview: RulePreview }) {
  const { t } = useTranslation('lifecycle');
  if (preview.count === 0)
    return (
      <Alert color="gray" title={t('preview.title')}>
        {t('preview.nobody')}
      </Alert>
    );
  return (
    <Stack gap="xs">
      <Text fw={600} aria-live="polite">
        {preview.count > preview.people.length
          ? t('preview.affectedSome', { count: preview.count, shown: preview.people.length })
          : t('preview.affected', { count: preview.count })}
      </Text>
      <DataTable
        columns={[t('columns.name'), t('columns.email'), t('columns.status')]}
        minWidth={500}
        aria-label={t('preview.tableLabel')}
      >
        {preview.people.map((p) => (
          <Table.Tr key={p.id}>
            <Table.Td>
              <PersonLink person={p} />
            </Table.Td>
            <Table.Td>{p.email ?? '—'}</Table.Td>
            <Table.Td>
              <StatusBadge status={p.status} />
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}
