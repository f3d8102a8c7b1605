import { useState } from 'react';
import { Alert, Button, Group, NumberInput, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { RULE_TEXT, type LifecycleRuleDto, type RulePreview } from '../../../common/contract/lifecycle';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { DataTable } from '../../common/components/DataTable';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { QueryState } from '../../common/components/QueryState';
import { PersonLink } from '../../common/components/UserRef';
import { StatusBadge, ToneBadge } from '../../common/components/StatusBadge';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { lifecycleApi } from './lifecycleApi';
import { RuleRuns } from './RuleRuns';

// The same readable pairs as the status badges: confirmed green, not invited grey.
const ON = { bg: '#e6fcf5', fg: '#087f5b' };
const OFF = { bg: '#f1f3f5', fg: '#343a40' };

/** Settings → Lifecycle rules (Owners and Admins): each rule with its preview, switch and "Run now"; the runs below. */
export function RulesPage() {
  usePageTitle('Lifecycle rules');
  const rules = useQuery({ queryKey: ['lifecycle-rules'], queryFn: lifecycleApi.rules });
  return (
    <Stack>
      <Title order={1}>Lifecycle rules</Title>
      <Text c="dark.7">
        Rules run once a day. Preview who a rule would affect before you switch it on; every run can be undone for 7
        days (except anonymisation).
      </Text>
      <QueryState query={rules} loading="Loading rules" errorTitle="Could not load the rules">
        {(data) => data.items.map((r) => <RuleCard key={r.rule} rule={r} />)}
      </QueryState>
      <RuleRuns />
    </Stack>
  );
}

function RuleCard({ rule }: { rule: LifecycleRuleDto }) {
  const qc = useQueryClient();
  const text = RULE_TEXT[rule.rule];
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
          <Title order={2} size="h3" id={headingId}>
            {text.title}
          </Title>
          <ToneBadge tone={rule.enabled ? ON : OFF}>{rule.enabled ? 'On' : 'Off'}</ToneBadge>
        </Group>
        <Text size="sm">{text.does}</Text>
        <Group align="flex-end">
          <NumberInput
            label="N (days)"
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
            Preview
          </Button>
          <Switch
            label="Switched on"
            checked={rule.enabled}
            disabled={busy || (!rule.enabled && !previewed)}
            description={!rule.enabled && !previewed ? 'Preview first' : undefined}
            onChange={(e) =>
              e.currentTarget.checked
                ? setConfirm('on')
                : void act(() => lifecycleApi.update(rule.rule, { enabled: false }), 'Rule switched off.')
            }
          />
          {rule.enabled && days !== rule.days && previewed && (
            <Button
              variant="default"
              loading={busy}
              onClick={() => void act(() => lifecycleApi.update(rule.rule, { days }), 'Days saved.')}
            >
              Save days
            </Button>
          )}
          {rule.enabled && (
            <Button loading={busy} onClick={() => setConfirm('run')}>
              Run now
            </Button>
          )}
        </Group>
        {error !== null && <ErrorAlert error={error} title="The rule could not do that" />}
        {preview && <PreviewTable preview={preview} />}
      </Stack>
      <ConfirmModal
        opened={confirm !== null}
        title={confirm === 'on' ? `Switch on “${text.title}”?` : `Run “${text.title}” now?`}
        confirmLabel={confirm === 'on' ? 'Switch on' : 'Run now'}
        danger={rule.rule === 'anonymise_deactivated'}
        onClose={() => setConfirm(null)}
        onConfirm={async () => {
          if (confirm === 'on') await lifecycleApi.update(rule.rule, { enabled: true, days });
          else await lifecycleApi.run(rule.rule);
          notifications.show({ message: confirm === 'on' ? 'Rule switched on.' : 'Run started.', color: 'green' });
          setPreview(null);
          await qc.invalidateQueries({ queryKey: ['lifecycle-rules'] });
          await qc.invalidateQueries({ queryKey: ['lifecycle-runs'] });
        }}
      >
        <Text size="sm">
          {confirm === 'on'
            ? `It will run every day. With ${days} days it would affect ${preview?.count ?? 0} people now.`
            : 'It affects the people its preview shows now.'}
        </Text>
      </ConfirmModal>
    </Paper>
  );
}

function PreviewTable({ preview }: { preview: RulePreview }) {
  if (preview.count === 0)
    return (
      <Alert color="gray" title="Preview">
        Nobody would be affected now.
      </Alert>
    );
  return (
    <Stack gap="xs">
      <Text fw={600} aria-live="polite">
        {preview.count === 1 ? '1 person' : `${preview.count} people`} would be affected now
        {preview.count > preview.people.length ? ` (the first ${preview.people.length} shown)` : ''}.
      </Text>
      <DataTable columns={['Name', 'Email', 'Status']} minWidth={500} aria-label="People the rule would affect">
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
