// Over 300 lines: the profile page composes its panels (details, history, teams, grants, notes, sessions); the next change to it should move the history and teams panels out.
import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { RESTORE_WINDOW_DAYS } from '../../../common/domain';
import { api, ApiError, errorMessage, type CustomField, type UserDetail } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { StatusBadge } from '../../common/components/StatusBadge';
import { UserActions } from './UserActions';
import { NotesPanel } from './NotesPanel';
import { AccessPanel } from './AccessPanel';
import { GrantsPanel } from './GrantsPanel';
import { ScheduledChangesPanel } from './ScheduledChangesPanel';
import { RelationsPanel } from './RelationsPanel';
import { HrSyncPanel } from '../settings/HrSyncPanel';
import { UserEditForm } from './UserEditForm';
import { UserRef } from '../../common/components/UserRef';
import { formatCustomValue } from '../../common/components/CustomFieldInput';
import { formatDate, formatDateTime, fullName, humanize, roleLabel } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { useAbilities, useSession } from '../../common/lib/session';
import { DataTable } from '../../common/components/DataTable';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" fw={600} c="dark.6" component="dt">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0} c="dark.9" style={{ wordBreak: 'break-word' }}>
        {children}
      </Text>
    </div>
  );
}

function Details({ user, customFields }: { user: UserDetail; customFields: CustomField[] }) {
  const cfByKey = new Map(customFields.map((f) => [f.key, f]));
  const cfKeys = [...new Set([...customFields.map((f) => f.key), ...Object.keys(user.customFields ?? {})])];
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} component="dl" m={0} spacing="md" verticalSpacing="sm">
        <Field label="Email">{user.email ?? '—'}</Field>
        <Field label="Role">{roleLabel(user.role)}</Field>
        <Field label="Manager">{user.managerId ? <UserRef id={user.managerId} /> : '—'}</Field>
        <Field label="Job title">{user.jobTitle || '—'}</Field>
        <Field label="Department">{user.department || '—'}</Field>
        <Field label="Location">{user.location || '—'}</Field>
        <Field label="Phone">{user.phone || '—'}</Field>
        <Field label="Language">{user.language || '—'}</Field>
        <Field label="Time zone">{user.timeZone || '—'}</Field>
        <Field label="Hire date">{formatDate(user.hireDate)}</Field>
        <Field label="Employee ID">{user.employeeId || '—'}</Field>
        <Field label="Engagement">{user.engagement ? humanize(user.engagement) : '—'}</Field>
        <Field label="Taking a break">
          {user.onBreak ? (user.breakUntil ? `Yes, until ${formatDate(user.breakUntil)}` : 'Yes') : 'No'}
        </Field>
        <Field label="Access expires">{formatDateTime(user.expiresAt)}</Field>
        <Field label="Invited">{formatDateTime(user.invitedAt)}</Field>
        {user.inviteScheduledAt && (
          <Field label="Invitation scheduled for">{formatDateTime(user.inviteScheduledAt)}</Field>
        )}
        <Field label="Confirmed">{formatDateTime(user.confirmedAt)}</Field>
        <Field label="Last sign-in">{user.lastSignInAt ? formatDateTime(user.lastSignInAt) : 'Never'}</Field>
        <Field label="Last activity">{formatDateTime(user.lastActivityAt)}</Field>
        <Field label="Created">{formatDateTime(user.createdAt)}</Field>
        <Field label="Last updated">{formatDateTime(user.updatedAt)}</Field>
      </SimpleGrid>
      {cfKeys.length > 0 && (
        <>
          <Title order={3} size="h5">
            Custom fields
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} component="dl" m={0} spacing="md" verticalSpacing="sm">
            {cfKeys.map((k) => (
              <Field key={k} label={cfByKey.get(k)?.label ?? k}>
                {formatCustomValue(cfByKey.get(k), user.customFields?.[k])}
              </Field>
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function StatusHistory({ userId }: { userId: string }) {
  const q = useQuery({ queryKey: ['user', userId, 'status-history'], queryFn: () => api.statusHistory(userId) });
  if (q.isPending) return <Loader size="sm" aria-label="Loading status history" />;
  if (q.error) return <ErrorAlert error={q.error} title="Could not load the status history" />;
  if (q.data.items.length === 0) return <Text size="sm">No status changes recorded yet.</Text>;
  return (
    <DataTable minWidth={560} aria-labelledby="status-history-heading" columns={['When', 'From', 'To', 'Event', 'By']}>
      {q.data.items.map((h, i) => (
        <Table.Tr key={`${h.at}-${i}`}>
          <Table.Td>{formatDateTime(h.at)}</Table.Td>
          <Table.Td>{h.fromStatus ? <StatusBadge status={h.fromStatus} /> : '—'}</Table.Td>
          <Table.Td>
            <StatusBadge status={h.toStatus} />
          </Table.Td>
          <Table.Td>{humanize(h.event)}</Table.Td>
          <Table.Td>
            <UserRef id={h.actorId} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

const DELIVERY_COLORS: Record<string, { bg: string; fg: string }> = {
  queued: { bg: '#f1f3f5', fg: '#343a40' },
  sent: { bg: '#e6fcf5', fg: '#087f5b' },
  failed: { bg: '#fff5f5', fg: '#a51d1d' },
  bounced: { bg: '#fff5f5', fg: '#a51d1d' },
  cancelled: { bg: '#f1f3f5', fg: '#343a40' },
};

/**
 * Every invitation, newest first. When the newest one could not be delivered (the mail failed for good or
 * bounced), a button next to its state sends a fresh invitation (`POST /users/{id}/invite`).
 */
function InvitationHistory({
  userId,
  canResend,
  onResent,
}: {
  userId: string;
  canResend: boolean;
  onResent: (message: string) => Promise<void>;
}) {
  const q = useQuery({ queryKey: ['user', userId, 'invitations'], queryFn: () => api.invitations(userId) });
  const [resending, setResending] = useState(false);
  async function resend() {
    setResending(true);
    try {
      await api.inviteUser(userId);
      await onResent('A new invitation is on its way; earlier links no longer work.');
    } catch (e) {
      notifications.show({ title: 'Could not resend the invitation', message: errorMessage(e), color: 'red' });
    } finally {
      setResending(false);
    }
  }
  if (q.isPending) return <Loader size="sm" aria-label="Loading invitation history" />;
  if (q.error) return <ErrorAlert error={q.error} title="Could not load the invitation history" />;
  if (q.data.items.length === 0) return <Text size="sm">No invitations have been sent.</Text>;
  return (
    <DataTable
      minWidth={640}
      aria-labelledby="invitation-history-heading"
      columns={['Created', 'Sent by', 'Delivery', 'Link', 'Expires', 'Used']}
    >
      {q.data.items.map((inv, index) => {
        const c = DELIVERY_COLORS[inv.delivery] ?? DELIVERY_COLORS.queued;
        const expired = inv.state === 'active' && dayjs(inv.expiresAt).isBefore(dayjs());
        return (
          <Table.Tr key={inv.id}>
            <Table.Td>{formatDateTime(inv.createdAt)}</Table.Td>
            <Table.Td>
              <UserRef id={inv.sentBy} />
            </Table.Td>
            <Table.Td>
              <Badge tt="none" styles={{ root: { background: c.bg, color: c.fg } }}>
                {humanize(inv.delivery)}
              </Badge>
              {inv.deliveryError && (
                <Text size="xs" c="red.9">
                  {inv.deliveryError}
                </Text>
              )}
              {canResend && index === 0 && (inv.delivery === 'failed' || inv.delivery === 'bounced') && (
                <Button size="compact-xs" variant="default" mt={4} loading={resending} onClick={() => void resend()}>
                  Resend invitation
                </Button>
              )}
            </Table.Td>
            <Table.Td>{expired ? 'Expired' : humanize(inv.state)}</Table.Td>
            <Table.Td>{formatDateTime(inv.expiresAt)}</Table.Td>
            <Table.Td>{formatDateTime(inv.usedAt)}</Table.Td>
          </Table.Tr>
        );
      })}
    </DataTable>
  );
}

export function UserPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const abilities = useAbilities();
  const { data: session } = useSession();
  const q = useQuery({ queryKey: ['user', id], queryFn: () => api.getUser(id), staleTime: 0 });
  const cf = useQuery({
    queryKey: ['custom-fields'],
    queryFn: () => api.customFields(),
    retry: false,
    staleTime: 60_000,
  });
  const customFields = cf.data?.items ?? [];
  usePageTitle(q.data ? fullName(q.data) : 'Person');

  async function refresh(message?: string) {
    await Promise.all([
      qc.invalidateQueries({ queryKey: ['user', id] }),
      qc.invalidateQueries({ queryKey: ['users'] }),
      qc.invalidateQueries({ queryKey: ['users-counts'] }),
    ]);
    if (message) notifications.show({ message, color: 'green' });
  }

  if (q.isPending) {
    return (
      <Stack>
        <Title order={1}>Person</Title>
        <Loader aria-label="Loading" />
      </Stack>
    );
  }
  if (q.error) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <Stack maw={640}>
        <Title order={1}>{notFound ? 'Person not found' : 'Person'}</Title>
        {notFound ? (
          <Text>This person does not exist or is not visible to you.</Text>
        ) : (
          <ErrorAlert error={q.error} title="Could not load this person" />
        )}
        <Anchor component={Link} to="/">
          Back to list
        </Anchor>
      </Stack>
    );
  }

  const user = q.data;
  const canEdit = (user.allowedActions ?? []).includes('edit');
  const canAudit = abilities.has('audit.read');
  const allowed = new Set(user.allowedActions ?? []);
  const canExportPersonalData = allowed.has('export_personal_data');
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Anchor component={Link} to="/" size="sm">
          ← Back to list
        </Anchor>
        <Group gap="md">
          {canExportPersonalData && (
            <>
              <Button component="a" href={api.personalDataUrl(user.id)} variant="default" size="compact-sm">
                Download personal data
              </Button>
              <Anchor href={api.personalDataUrl(user.id, 'html')} size="sm">
                Readable version (HTML)
              </Anchor>
            </>
          )}
          {canAudit && (
            <Anchor component={Link} to={`/audit?targetId=${encodeURIComponent(user.id)}`} size="sm">
              Audit trail for this person
            </Anchor>
          )}
        </Group>
      </Group>
      <Stack gap={4}>
        <Group gap="sm" align="center">
          <Title order={1}>{fullName(user)}</Title>
          <StatusBadge status={user.status} />
          {user.onBreak && (
            <Badge tt="none" styles={{ root: { background: '#fff9db', color: '#7a4b00' } }}>
              On a break
            </Badge>
          )}
          {user.managedBy === 'scim' && (
            <Badge
              tt="none"
              title="Provisioned by HR sync (SCIM): HR-managed fields are read-only"
              styles={{ root: { background: '#f3f0ff', color: '#5f3dc4' } }}
            >
              Managed by HR
            </Badge>
          )}
        </Group>
        <Text c="dark.7">{[roleLabel(user.role), user.jobTitle, user.department].filter(Boolean).join(' · ')}</Text>
      </Stack>

      {user.deletedAt && (
        <Alert
          color="orange"
          variant="light"
          title="This person is deleted"
          styles={{ message: { color: '#212529' }, title: { color: '#7a3000' } }}
        >
          Deleted on {formatDateTime(user.deletedAt)}. They can be restored until{' '}
          {formatDate(dayjs(user.deletedAt).add(RESTORE_WINDOW_DAYS, 'day').toISOString())}; after that they are purged
          for good.
        </Alert>
      )}
      {user.deactivatedByHr && user.status === 'deactivated' && (
        <Alert
          color="orange"
          variant="light"
          title="Deactivated by HR sync (SCIM)"
          styles={{ message: { color: '#212529' }, title: { color: '#7a3000' } }}
        >
          The HR system deactivated this person. Reactivating them here lasts only until the next sync, unless HR
          reactivates them too.
        </Alert>
      )}
      {user.status === 'anonymised' && (
        <Alert color="gray" variant="light" styles={{ message: { color: '#212529' } }}>
          This person was anonymised. Their personal data has been removed permanently.
          {abilities.has('people.delete') && (
            <>
              {' '}
              <Anchor href={api.certificateUrl(user.id)}>Download the anonymisation certificate</Anchor> (what was
              removed, from which tables, when and by whom).
            </>
          )}
        </Alert>
      )}

      <UserActions
        user={user}
        onChanged={(m) => refresh(m)}
        onDeleted={() => {
          void refresh();
          void navigate('/');
        }}
        onEdit={canEdit && !editing ? () => setEditing(true) : undefined}
      />

      <Paper withBorder p="md">
        {editing ? (
          <UserEditForm
            key={user.updatedAt}
            user={user}
            customFields={customFields}
            onCancel={() => setEditing(false)}
            onSaved={async () => {
              setEditing(false);
              await refresh('Changes saved.');
            }}
          />
        ) : (
          <Stack>
            <Title order={2} size="h3">
              Details
            </Title>
            <Details user={user} customFields={customFields} />
          </Stack>
        )}
      </Paper>

      {user.managedBy === 'scim' && <HrSyncPanel userId={user.id} />}
      {!user.deletedAt && <RelationsPanel userId={user.id} />}

      {!user.deletedAt && user.status !== 'anonymised' && (
        <ScheduledChangesPanel userId={user.id} canSchedule={allowed.has('edit')} />
      )}

      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h3" id="status-history-heading">
            Status history
          </Title>
          <StatusHistory userId={user.id} />
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h3" id="invitation-history-heading">
            Invitation history
          </Title>
          <InvitationHistory
            userId={user.id}
            canResend={user.allowedActions?.includes('resend_invite') ?? false}
            onResent={refresh}
          />
        </Stack>
      </Paper>

      {!user.deletedAt && (
        <GrantsPanel
          userId={user.id}
          userName={fullName(user)}
          canManage={allowed.has('manage_grants')}
          isSelf={session?.user.id === user.id}
        />
      )}

      {(user.allowedActions ?? []).includes('notes') && <NotesPanel userId={user.id} />}

      {allowed.has('explain_access') && !user.deletedAt && <AccessPanel userId={user.id} userName={fullName(user)} />}
    </Stack>
  );
}
