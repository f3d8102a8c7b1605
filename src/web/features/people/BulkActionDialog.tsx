// Over 300 lines: one dialog walks a bulk action through its steps (parameters, dry run, typed confirmation, progress, results and undo); each step is a small component below.
import { useEffect, useState } from 'react';
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
import { ROLES, ROLE_LABELS } from '../../../common/domain';
import {
  DESTRUCTIVE_BULK_ACTIONS,
  REASON_TEXT,
  type BulkActionDto,
  type BulkImpact,
  type BulkJobAction,
  type BulkParams,
  type BulkReason,
} from '../../../common/contract/bulkActions';
import { errorMessage } from '../../common/api';
import { formatDateTime, localInputToIso } from '../../common/lib/format';
import { bulkActionsApi, type BulkTarget } from './bulkActionsApi';
import { ManagerSelect } from './UserEditForm';

export const BULK_ACTION_LABELS: Record<BulkJobAction, string> = {
  invite: 'Send invitation',
  cancel_invite: 'Cancel invitation',
  deactivate: 'Deactivate',
  reactivate: 'Reactivate',
  set_expiry: 'Set end date',
  clear_expiry: 'Clear end date',
  set_role: 'Change role',
  set_manager: 'Set manager',
  add_to_team: 'Add to team',
  remove_from_team: 'Remove from team',
  delete: 'Delete',
  anonymise: 'Anonymise',
};

/** Dark text on the light alert colours (their own title colour is too pale to read: axe color-contrast). */
const READABLE = { title: { color: '#212529' }, message: { color: '#212529' } };
const n = (x: number) => x.toLocaleString('en');
const people = (x: number) => `${n(x)} ${x === 1 ? 'person' : 'people'}`;

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
  const label = BULK_ACTION_LABELS[action];
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
    <Modal opened onClose={onClose} title={`${label}: ${targetLabel}`} size="lg">
      <Stack gap="md">
        {error && (
          <Alert styles={READABLE} color="red" title="This could not be done" role="alert">
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
              Nothing changes yet: the next step shows who would change and who would be skipped.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button onClick={() => void preview()} loading={busy} disabled={missing}>
                Preview changes
              </Button>
            </Group>
          </>
        )}
        {step.kind === 'preview' && (
          <>
            <ImpactView impact={step.impact} label={label} />
            {step.impact.confirm !== null && step.impact.change > 0 && (
              <TextInput
                label={`Type ${step.impact.confirm} to confirm`}
                description={
                  action === 'anonymise'
                    ? 'Anonymisation erases their personal data for good: it cannot be undone.'
                    : 'Deleted people can be restored for 30 days, or with Undo for 7 days.'
                }
                value={typed}
                onChange={(e) => setTyped(e.currentTarget.value)}
                autoComplete="off"
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setStep({ kind: 'params' })}>
                Back
              </Button>
              <Button
                color={DESTRUCTIVE_BULK_ACTIONS.includes(action) || action === 'deactivate' ? 'red' : undefined}
                onClick={() => void run()}
                loading={busy}
                disabled={
                  step.impact.change === 0 || (step.impact.confirm !== null && typed.trim() !== step.impact.confirm)
                }
              >
                {`${label}: ${people(step.impact.change)}`}
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
  switch (action) {
    case 'set_expiry':
      return (
        <TextInput
          type="datetime-local"
          label="End date"
          description="They lose access at this time; a date in the past expires them now."
          value={expiry}
          onChange={(e) => setExpiry(e.currentTarget.value)}
        />
      );
    case 'set_role':
      return (
        <Select
          label="New role"
          data={ROLES.filter((r) => r !== 'owner' || isOwner).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
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
          label="Team"
          placeholder="Choose a team"
          data={teams}
          searchable
          nothingFoundMessage="No team matches"
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
  const skipped = Object.entries(impact.skipped).filter(([, x]) => x > 0);
  return (
    <Stack gap="sm" aria-label="Preview of the bulk action">
      <Text fw={600} c="dark.9">
        {impact.change > 0
          ? `${label} will change ${people(impact.change)} of ${n(impact.matched)}.`
          : `Nobody of the ${people(impact.matched)} would change.`}
      </Text>
      {(skipped.length > 0 || impact.outOfScope > 0) && (
        <div>
          <Text size="sm" fw={500}>
            Left as they are:
          </Text>
          <List size="sm">
            {skipped.map(([reason, x]) => (
              <List.Item key={reason}>
                {people(x)}: {REASON_TEXT[reason as BulkReason] ?? reason}
              </List.Item>
            ))}
            {impact.outOfScope > 0 && (
              <List.Item>
                {people(impact.outOfScope)}: {REASON_TEXT.out_of_scope}
              </List.Item>
            )}
          </List>
        </div>
      )}
      {impact.groups.length > 0 && (
        <Table aria-label="Groups that change" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Group</Table.Th>
              <Table.Th>Join</Table.Th>
              <Table.Th>Leave</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {impact.groups.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>{g.name}</Table.Td>
                <Table.Td>{n(g.joining)}</Table.Td>
                <Table.Td>{n(g.leaving)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {impact.seats.change !== 0 && (
        <Text size="sm">
          Seats in use:{' '}
          {impact.seats.before !== null && impact.seats.after !== null
            ? `${n(impact.seats.before)} → ${n(impact.seats.after)}`
            : `${impact.seats.change > 0 ? '+' : ''}${n(impact.seats.change)}`}
        </Text>
      )}
      {!impact.undoable && (
        <Alert styles={READABLE} color="orange" title="No undo">
          This action cannot be undone.
        </Alert>
      )}
    </Stack>
  );
}

const running = (b: BulkActionDto | undefined) => !b || b.status === 'queued' || b.status === 'running';

/** The job: a progress bar polling its status, then the outcome, the results download and undo. */
function JobView({ id, label, onClose }: { id: string; label: string; onClose: () => void }) {
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
  if (!b) return <Text>Starting…</Text>;
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
              ? `Undoing… ${n(b.undone + b.undoRefused)} of ${n(b.done)}`
              : `${label}… ${n(b.processed)} of ${n(b.total)}`}
          </Text>
          <Progress
            value={undoPhase ? (b.done ? ((b.undone + b.undoRefused) / b.done) * 100 : 100) : pct}
            animated
            aria-label="Progress"
          />
          <Text size="sm" c="dark.7">
            You can close this window: the work goes on in the background.
          </Text>
        </>
      ) : b.status === 'failed' ? (
        <Alert styles={READABLE} color="red" title="The bulk action stopped" role="alert">
          {b.error?.message ?? 'It stopped on an error.'} {n(b.done)} were changed before it stopped.
        </Alert>
      ) : (
        <Alert
          styles={READABLE}
          color={b.failed ? 'orange' : 'green'}
          title={undoPhase ? 'Undone' : 'Done'}
          role="status"
        >
          {undoPhase
            ? `${people(b.undone)} put back.${b.undoRefused ? ` ${n(b.undoRefused)} left as they are now (changed since, or no way back).` : ''}`
            : `${people(b.done)} changed. ${n(b.skipped + b.outOfScope)} skipped${b.failed ? `, ${n(b.failed)} refused` : ''}.`}
        </Alert>
      )}
      {undoError && (
        <Alert styles={READABLE} color="red" role="alert">
          {undoError}
        </Alert>
      )}
      <Group justify="space-between">
        <Anchor href={bulkActionsApi.resultsUrl(id)} download>
          Download results (CSV)
        </Anchor>
        <Group gap="xs">
          {b.undoUntil && (
            <Button variant="default" onClick={() => void undo()} loading={undoing}>
              Undo
            </Button>
          )}
          <Button onClick={onClose}>Close</Button>
        </Group>
      </Group>
      {b.undoUntil && (
        <Text size="xs" c="dark.7">
          Undo is possible until {formatDateTime(b.undoUntil)}; people changed since are left as they are.
        </Text>
      )}
    </Stack>
  );
}
