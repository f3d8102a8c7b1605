// Over 300 lines: one dialog walks a bulk action through its steps (parameters, dry run, typed confirmation, progress, results and undo); each step is a small component below.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Modal,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLES } from '../../../common/domain';
import {
  BULK_REASONS,
  DESTRUCTIVE_BULK_ACTIONS,
  type BulkActionDto,
  type BulkImpact,
  type BulkJobAction,
  type BulkParams,
  type BulkReason,
} from '../../../common/contract/bulkActions';
import { errorMessage } from '../../common/api';
import { formatDateTime, formatNumber, localInputToIso, roleLabel } from '../../common/lib/format';
import { bulkActionsApi, type BulkTarget } from './bulkActionsApi';
import { ManagerSelect } from './UserEditForm';
import { SimpleTable } from '../../common/components/DataTable';

/** Dark text on the light alert colours (their own title colour is too pale to read: axe color-contrast). */
const READABLE = { title: { color: '#212529' }, message: { color: '#212529' } };
const n = formatNumber;
/** Why people are skipped, in the UI's language (people:bulkAction.reason.<reason>); the server's word otherwise. */
const reasonText = (t: TFunction, reason: string) =>
  (BULK_REASONS as readonly string[]).includes(reason) ? t(`people:bulkAction.reason.${reason}`) : reason;

type Step = { kind: 'params' } | { kind: 'preview'; impact: BulkImpact } | { kind: 'job'; id: string };

/**
 * A bulk action from the People list: its parameters, then a dry run that shows what would change (and who is
 * skipped and why, groups, seats) before anything happens, a typed count for delete and anonymise, then the job
 * with a progress bar, its results CSV and undo.
 */
export function BulkActionDialog({
  action,
  target,
  targetLabel,
  teams,
  isOwner,
  onClose,
}: {
  action: BulkJobAction | null;
  target: BulkTarget;
  /** "3 selected people" or "all 4,812 matching people". */
  targetLabel: string;
  teams: { value: string; label: string }[];
  isOwner: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('people');
  const [step, setStep] = useState<Step>({ kind: 'params' });
  const [params, setParams] = useState<BulkParams>({});
  const [expiry, setExpiry] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (action) {
      setStep({ kind: 'params' });
      setParams({});
      setExpiry('');
      setTyped('');
      setError(null);
    }
  }, [action]);

  if (!action) return null;
  const label = t(`bulkAction.label.${action}`);
  const fullParams: BulkParams = {
    ...params,
    ...(action === 'set_expiry' ? { expiresAt: localInputToIso(expiry) } : {}),
  };
  const missing =
    (action === 'set_expiry' && !fullParams.expiresAt) ||
    (action === 'set_role' && !params.role) ||
    (action === 'set_manager' && params.managerId === undefined) ||
    ((action === 'add_to_team' || action === 'remove_from_team') && !params.teamId);

  async function preview() {
    setBusy(true);
    setError(null);
    try {
      setStep({ kind: 'preview', impact: await bulkActionsApi.dryRun(action!, target, fullParams) });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function run() {
    setBusy(true);
    setError(null);
    try {
      const confirm = DESTRUCTIVE_BULK_ACTIONS.includes(action!) ? typed.trim() : undefined;
      const { id } = await bulkActionsApi.start(action!, target, { ...fullParams, ...(confirm ? { confirm } : {}) });
      setStep({ kind: 'job', id });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('bulkAction.title', { label, target: targetLabel })} size="lg">
      <Stack gap="md">
        {error && (
          <Alert styles={READABLE} color="red" title={t('bulkAction.failed')} role="alert">
            {error}
          </Alert>
        )}
        {step.kind === 'params' && (
          <>
            <ParamsForm
              action={action}
              params={params}
              setParams={setParams}
              expiry={expiry}
              setExpiry={setExpiry}
              teams={teams}
              isOwner={isOwner}
            />
            <Text size="sm" c="dark.7">
              {t('bulkAction.nothingYet')}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common:cancel')}
              </Button>
              <Button onClick={() => void preview()} loading={busy} disabled={missing}>
                {t('bulkAction.preview')}
              </Button>
            </Group>
          </>
        )}
        {step.kind === 'preview' && (
          <>
            <ImpactView impact={step.impact} label={label} />
            {step.impact.confirm !== null && step.impact.change > 0 && (
              <TextInput
                label={t('bulkAction.typeToConfirm', { word: step.impact.confirm })}
                description={action === 'anonymise' ? t('bulkAction.anonymiseWarning') : t('bulkAction.deleteWarning')}
                value={typed}
                onChange={(e) => setTyped(e.currentTarget.value)}
                autoComplete="off"
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setStep({ kind: 'params' })}>
                {t('bulkAction.back')}
              </Button>
              <Button
                color={DESTRUCTIVE_BULK_ACTIONS.includes(action) || action === 'deactivate' ? 'red' : undefined}
                onClick={() => void run()}
                loading={busy}
                disabled={
                  step.impact.change === 0 || (step.impact.confirm !== null && typed.trim() !== step.impact.confirm)
                }
              >
                {t('bulkAction.run', { label, count: step.impact.change })}
              </Button>
            </Group>
          </>
        )}
        {step.kind === 'job' && <JobView id={step.id} label={label} onClose={onClose} />}
      </Stack>
    </Modal>
  );
}

function ParamsForm({
  action,
  params,
  setParams,
  expiry,
  setExpiry,
  teams,
  isOwner,
}: {
  action: BulkJobAction;
  params: BulkParams;
  setParams: (p: BulkParams) => void;
  expiry: string;
  setExpiry: (v: string) => void;
  teams: { value: string; label: string }[];
  isOwner: boolean;
}) {
  const { t } = useTranslation('people');
  switch (action) {
    case 'set_expiry':
      return (
        <TextInput
          type="datetime-local"
          label={t('bulkAction.endDate')}
          description={t('bulkAction.endDateHelp')}
          value={expiry}
          onChange={(e) => setExpiry(e.currentTarget.value)}
        />
      );
    case 'set_role':
      return (
        <Select
          label={t('bulkAction.newRole')}
          data={ROLES.filter((r) => r !== 'owner' || isOwner).map((r) => ({ value: r, label: roleLabel(r) }))}
          value={params.role ?? null}
          onChange={(v) => setParams({ ...params, role: (v as BulkParams['role']) ?? undefined })}
        />
      );
    case 'set_manager':
      return (
        <ManagerSelect
          value={params.managerId ?? ''}
          onChange={(v) => setParams({ ...params, managerId: v || null })}
          excludeId=""
        />
      );
    case 'add_to_team':
    case 'remove_from_team':
      return (
        <Select
          label={t('filters.team')}
          placeholder={t('bulk.chooseTeam')}
          data={teams}
          searchable
          nothingFoundMessage={t('filters.noTeamMatches')}
          value={params.teamId ?? null}
          onChange={(v) => setParams({ ...params, teamId: v ?? undefined })}
        />
      );
    default:
      return null;
  }
}

/** What the dry run found: the counts first, then why people are skipped, groups and seats. */
function ImpactView({ impact, label }: { impact: BulkImpact; label: string }) {
  const { t } = useTranslation('people');
  const skipped = Object.entries(impact.skipped).filter(([, x]) => x > 0);
  return (
    <Stack gap="sm" aria-label={t('bulkAction.previewLabel')}>
      <Text fw={600} c="dark.9">
        {impact.change > 0
          ? t('bulkAction.willChange', { label, count: impact.change, matched: n(impact.matched) })
          : t('bulkAction.nobody', { count: impact.matched })}
      </Text>
      {(skipped.length > 0 || impact.outOfScope > 0) && (
        <div>
          <Text size="sm" fw={500}>
            {t('bulkAction.leftAsTheyAre')}
          </Text>
          <List size="sm">
            {skipped.map(([reason, x]) => (
              <List.Item key={reason}>
                {t('bulkAction.skippedLine', { count: x, reason: reasonText(t, reason as BulkReason) })}
              </List.Item>
            ))}
            {impact.outOfScope > 0 && (
              <List.Item>
                {t('bulkAction.skippedLine', { count: impact.outOfScope, reason: reasonText(t, 'out_of_scope') })}
              </List.Item>
            )}
          </List>
        </div>
      )}
      {impact.groups.length > 0 && (
        <SimpleTable
          aria-label={t('bulkAction.groupsLabel')}
          withTableBorder
          columns={[t('filters.group'), t('bulkAction.join'), t('bulkAction.leave')]}
        >
          {impact.groups.map((g) => (
            <Table.Tr key={g.id}>
              <Table.Td>{g.name}</Table.Td>
              <Table.Td>{n(g.joining)}</Table.Td>
              <Table.Td>{n(g.leaving)}</Table.Td>
            </Table.Tr>
          ))}
        </SimpleTable>
      )}
      {impact.seats.change !== 0 && (
        <Text size="sm">
          {t('bulkAction.seats', {
            seats:
              impact.seats.before !== null && impact.seats.after !== null
                ? `${n(impact.seats.before)} → ${n(impact.seats.after)}`
                : `${impact.seats.change > 0 ? '+' : ''}${n(impact.seats.change)}`,
          })}
        </Text>
      )}
      {!impact.undoable && (
        <Alert styles={READABLE} color="orange" title={t('bulkAction.noUndo')}>
          {t('bulkAction.noUndoText')}
        </Alert>
      )}
    </Stack>
  );
}

const running = (b: BulkActionDto | undefined) => !b || b.status === 'queued' || b.status === 'running';

/** The job: a progress bar polling its status, then the outcome, the results download and undo. */
function JobView({ id, label, onClose }: { id: string; label: string; onClose: () => void }) {
  const { t } = useTranslation('people');
  const qc = useQueryClient();
  const [undoError, setUndoError] = useState<string | null>(null);
  const [undoing, setUndoing] = useState(false);
  const job = useQuery({
    queryKey: ['bulk-action', id],
    queryFn: () => bulkActionsApi.get(id),
    refetchInterval: (q) => (running(q.state.data) ? 1000 : false),
  });
  const b = job.data;
  useEffect(() => {
    if (b && !running(b)) {
      void qc.invalidateQueries({ queryKey: ['users'] });
      void qc.invalidateQueries({ queryKey: ['users-counts'] });
    }
  }, [b, qc]);
  if (job.error)
    return (
      <Alert styles={READABLE} color="red">
        {errorMessage(job.error)}
      </Alert>
    );
  if (!b) return <Text>{t('bulkAction.starting')}</Text>;
  const pct = b.total ? Math.round((b.processed / b.total) * 100) : 100;
  const undoPhase = b.phase === 'undo';

  async function undo() {
    setUndoing(true);
    setUndoError(null);
    try {
      await bulkActionsApi.undo(id);
      await job.refetch();
    } catch (e) {
      setUndoError(errorMessage(e));
    } finally {
      setUndoing(false);
    }
  }

  return (
    <Stack gap="sm">
      {running(b) ? (
        <>
          <Text aria-live="polite">
            {undoPhase
              ? t('bulkAction.undoing', { done: n(b.undone + b.undoRefused), total: n(b.done) })
              : t('bulkAction.progress', { label, done: n(b.processed), total: n(b.total) })}
          </Text>
          <Progress
            value={undoPhase ? (b.done ? ((b.undone + b.undoRefused) / b.done) * 100 : 100) : pct}
            animated
            aria-label={t('bulkAction.progressLabel')}
          />
          <Text size="sm" c="dark.7">
            {t('bulkAction.canClose')}
          </Text>
        </>
      ) : b.status === 'failed' ? (
        <Alert styles={READABLE} color="red" title={t('bulkAction.stopped')} role="alert">
          {b.error?.message ?? t('bulkAction.stoppedOnError')} {t('bulkAction.changedBeforeStop', { count: b.done })}
        </Alert>
      ) : (
        <Alert
          styles={READABLE}
          color={b.failed ? 'orange' : 'green'}
          title={undoPhase ? t('bulkAction.undone') : t('bulkAction.done')}
          role="status"
        >
          {undoPhase
            ? [
                t('bulkAction.putBack', { count: b.undone }),
                b.undoRefused ? t('bulkAction.undoRefused', { count: b.undoRefused }) : '',
              ]
                .filter(Boolean)
                .join(' ')
            : [
                t('bulkAction.changed', { count: b.done }),
                b.failed
                  ? t('bulkAction.skippedRefused', { skipped: n(b.skipped + b.outOfScope), count: b.failed })
                  : t('bulkAction.skipped', { count: b.skipped + b.outOfScope }),
              ].join(' ')}
        </Alert>
      )}
      {undoError && (
        <Alert styles={READABLE} color="red" role="alert">
          {undoError}
        </Alert>
      )}
      <Group justify="space-between">
        <Anchor href={bulkActionsApi.resultsUrl(id)} download>
          {t('bulkAction.download')}
        </Anchor>
        <Group gap="xs">
          {b.undoUntil && (
            <Button variant="default" onClick={() => void undo()} loading={undoing}>
              {t('bulkAction.undo')}
            </Button>
          )}
          <Button onClick={onClose}>{t('common:close')}</Button>
        </Group>
      </Group>
      {b.undoUntil && (
        <Text size="xs" c="dark.7">
          {t('bulkAction.undoUntil', { date: formatDateTime(b.undoUntil) })}
        </Text>
      )}
    </Stack>
  );
}
