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
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { RESTORE_WINDOW_DAYS } from '../../../common/domain';
import { api, ApiError, type CustomField, type UserDetail } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { NoticeAlert } from '../../common/components/NoticeAlert';
import { StatusBadge } from '../../common/components/StatusBadge';
import { UserActions } from './UserActions';
import { NotesPanel } from './NotesPanel';
import { AccessPanel } from './AccessPanel';
import { GrantsPanel } from './GrantsPanel';
import { ProfileAssignmentsPanel } from './ProfileAssignmentsPanel';
import { ScheduledChangesPanel } from './ScheduledChangesPanel';
import { RelationsPanel } from './RelationsPanel';
import { HrSyncPanel } from '../settings/HrSyncPanel';
import { UserEditForm } from './UserEditForm';
import { UserRef } from '../../common/components/UserRef';
import { formatCustomValue } from '../../common/components/CustomFieldInput';
import { formatDate, formatDateTime, fullName, humanize, roleLabel } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { useAbilities, useSession } from '../../common/lib/session';
import { DataTable, columnHeadings } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';
import { SectionHeading } from '../../common/components/SectionHeading';
import { useAction } from '../../common/form/useAction';

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
  const { t } = useTranslation('profile');
  const cfByKey = new Map(customFields.map((f) => [f.key, f]));
  const cfKeys = [...new Set([...customFields.map((f) => f.key), ...Object.keys(user.customFields ?? {})])];
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} component="dl" m={0} spacing="md" verticalSpacing="sm">
        <Field label={t('field.email')}>{user.email ?? '—'}</Field>
        <Field label={t('field.role')}>{roleLabel(user.role)}</Field>
        <Field label={t('field.manager')}>{user.managerId ? <UserRef id={user.managerId} /> : '—'}</Field>
        <Field label={t('field.jobTitle')}>{user.jobTitle || '—'}</Field>
        <Field label={t('field.department')}>{user.department || '—'}</Field>
        <Field label={t('field.location')}>{user.location || '—'}</Field>
        <Field label={t('field.phone')}>{user.phone || '—'}</Field>
        <Field label={t('field.language')}>{user.language || '—'}</Field>
        <Field label={t('field.timeZone')}>{user.timeZone || '—'}</Field>
        <Field label={t('field.hireDate')}>{formatDate(user.hireDate)}</Field>
        <Field label={t('field.employeeId')}>{user.employeeId || '—'}</Field>
        <Field label={t('field.engagement')}>
          {user.engagement ? t(`engagement.${user.engagement}`, { defaultValue: humanize(user.engagement) }) : '—'}
        </Field>
        <Field label={t('field.onBreak')}>
          {user.onBreak
            ? user.breakUntil
              ? t('field.onBreakUntil', { date: formatDate(user.breakUntil) })
              : t('common:yes')
            : t('common:no')}
        </Field>
        <Field label={t('field.accessExpires')}>{formatDateTime(user.expiresAt)}</Field>
        <Field label={t('field.invited')}>{formatDateTime(user.invitedAt)}</Field>
        {user.inviteScheduledAt && (
          <Field label={t('field.inviteScheduledFor')}>{formatDateTime(user.inviteScheduledAt)}</Field>
        )}
        <Field label={t('field.confirmed')}>{formatDateTime(user.confirmedAt)}</Field>
        <Field label={t('field.lastSignIn')}>
          {user.lastSignInAt ? formatDateTime(user.lastSignInAt) : t('field.never')}
        </Field>
        <Field label={t('field.lastActivity')}>{formatDateTime(user.lastActivityAt)}</Field>
        <Field label={t('field.created')}>{formatDateTime(user.createdAt)}</Field>
        <Field label={t('field.lastUpdated')}>{formatDateTime(user.updatedAt)}</Field>
      </SimpleGrid>
      {cfKeys.length > 0 && (
        <>
          <Title order={3} size="h5">
            {t('field.customFields')}
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
  const { t } = useTranslation('profile');
  const q = useQuery({ queryKey: ['user', userId, 'status-history'], queryFn: () => api.statusHistory(userId) });
  return (
    <QueryState
      query={q}
      texts="profile:statusHistory"
      empty={<Text size="sm">{t('statusHistory.empty')}</Text>}
      loaderSize="sm"
    >
      {(data) => (
        <DataTable
          minWidth={560}
          aria-labelledby="status-history-heading"
          columns={columnHeadings(t, 'statusHistory', ['when', 'from', 'to', 'event', 'by'])}
        >
          {data.items.map((h, i) => (
            <Table.Tr key={`${h.at}-${i}`}>
              <Table.Td>{formatDateTime(h.at)}</Table.Td>
              <Table.Td>{h.fromStatus ? <StatusBadge status={h.fromStatus} /> : '—'}</Table.Td>
              <Table.Td>
                <StatusBadge status={h.toStatus} />
              </Table.Td>
              <Table.Td>{t(`statusHistory.eventName.${h.event}`, { defaultValue: humanize(h.event) })}</Table.Td>
              <Table.Td>
                <UserRef id={h.actorId} />
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </QueryState>
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
  const { t } = useTranslation('profile');
  const q = useQuery({ queryKey: ['user', userId, 'invitations'], queryFn: () => api.invitations(userId) });
  const { busy: resending, run } = useAction();
  const resend = () =>
    run(
      async () => {
        await api.inviteUser(userId);
        await onResent(t('invitations.resent'));
      },
      { failed: t('invitations.resendFailed') },
    );
  return (
    <QueryState
      query={q}
      texts="profile:invitations"
      empty={<Text size="sm">{t('invitations.empty')}</Text>}
      loaderSize="sm"
    >
      {(data) => (
        <DataTable
          minWidth={640}
          aria-labelledby="invitation-history-heading"
          columns={columnHeadings(t, 'invitations', ['created', 'sentBy', 'delivery', 'link', 'expires', 'used'])}
        >
          {data.items.map((inv, index) => {
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
                    {t(`invitations.deliveryState.${inv.delivery}`, { defaultValue: humanize(inv.delivery) })}
                  </Badge>
                  {inv.deliveryError && (
                    <Text size="xs" c="red.9">
                      {inv.deliveryError}
                    </Text>
                  )}
                  {canResend && index === 0 && (inv.delivery === 'failed' || inv.delivery === 'bounced') && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      mt={4}
                      loading={resending}
                      onClick={() => void resend()}
                    >
                      {t('invitations.resend')}
                    </Button>
                  )}
                </Table.Td>
                <Table.Td>
                  {expired
                    ? t('invitations.expired')
                    : t(`invitations.state.${inv.state}`, { defaultValue: humanize(inv.state) })}
                </Table.Td>
                <Table.Td>{formatDateTime(inv.expiresAt)}</Table.Td>
                <Table.Td>{formatDateTime(inv.usedAt)}</Table.Td>
              </Table.Tr>
            );
          })}
        </DataTable>
      )}
    </QueryState>
  );
}

export function UserPage() {
  const { t } = useTranslation('profile');
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
  usePageTitle(q.data ? fullName(q.data) : t('page.title'));

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
        <Title order={1}>{t('page.title')}</Title>
        <Loader aria-label={t('page.loading')} />
      </Stack>
    );
  }
  if (q.error) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <Stack maw={640}>
        <Title order={1}>{notFound ? t('page.notFound') : t('page.title')}</Title>
        {notFound ? <Text>{t('page.notFoundText')}</Text> : <ErrorAlert error={q.error} title={t('page.loadFailed')} />}
        <Anchor component={Link} to="/">
          {t('page.backToList')}
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
          {t('page.backToListArrow')}
        </Anchor>
        <Group gap="md">
          {canExportPersonalData && (
            <>
              <Button component="a" href={api.personalDataUrl(user.id)} variant="default" size="compact-sm">
                {t('page.downloadPersonalData')}
              </Button>
              <Anchor href={api.personalDataUrl(user.id, 'html')} size="sm">
                {t('page.readableVersion')}
              </Anchor>
            </>
          )}
          {canAudit && (
            <Anchor component={Link} to={`/audit?targetId=${encodeURIComponent(user.id)}`} size="sm">
              {t('page.auditTrail')}
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
              {t('page.onBreak')}
            </Badge>
          )}
          {user.managedBy === 'scim' && (
            <Badge
              tt="none"
              title={t('page.managedByHrTitle')}
              styles={{ root: { background: '#f3f0ff', color: '#5f3dc4' } }}
            >
              {t('page.managedByHr')}
            </Badge>
          )}
        </Group>
        <Text c="dark.7">{[roleLabel(user.role), user.jobTitle, user.department].filter(Boolean).join(' · ')}</Text>
      </Stack>

      {user.deletedAt && (
        <NoticeAlert color="orange" title={t('page.deletedTitle')}>
          {t('page.deletedText', {
            deletedAt: formatDateTime(user.deletedAt),
            restoreUntil: formatDate(dayjs(user.deletedAt).add(RESTORE_WINDOW_DAYS, 'day').toISOString()),
          })}
        </NoticeAlert>
      )}
      {user.deactivatedByHr && user.status === 'deactivated' && (
        <NoticeAlert color="orange" title={t('page.hrDeactivatedTitle')}>
          {t('page.hrDeactivatedText')}
        </NoticeAlert>
      )}
      {user.status === 'anonymised' && (
        <Alert color="gray" variant="light" styles={{ message: { color: '#212529' } }}>
          {t('page.anonymisedText')}
          {abilities.has('people.delete') && (
            <>
              {' '}
              <Trans
                t={t}
                i18nKey="page.certificate"
                components={{ link: <Anchor href={api.certificateUrl(user.id)} /> }}
              />
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
              await refresh(t('page.changesSaved'));
            }}
          />
        ) : (
          <Stack>
            <SectionHeading title={t('page.details')} />
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
          <SectionHeading id="status-history-heading" title={t('page.statusHistory')} />
          <StatusHistory userId={user.id} />
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Stack>
          <SectionHeading id="invitation-history-heading" title={t('page.invitationHistory')} />
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

      {allowed.has('explain_access') && !user.deletedAt && (
        <ProfileAssignmentsPanel
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
