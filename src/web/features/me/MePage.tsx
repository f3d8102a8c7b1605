// Over 300 lines: My profile is one page of independent sections (profile form, sign-in security, sessions); the next change to it should move a section into its own component.
import { useEffect, useState } from 'react';
import {
  Button,
  Checkbox,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, errorMessage, type SignedInSession, type UpdateMeInput, type User } from '../../common/api';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ErrorAlert, FormError } from '../../common/components/ErrorAlert';
import { SignInSecurity } from '../signin/SignInSecurity';
import { NotificationPreferences } from '../notifications/NotificationPreferences';
import { StatusBadge, ToneBadge } from '../../common/components/StatusBadge';
import { formatDateTime, fullName, isoToDateInput, roleLabel } from '../../common/lib/format';
import { SESSION_KEY } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';

/** The profile form's fields, filled from the signed-in person. */
const profileFields = (me: User) => ({
  firstName: me.firstName ?? '',
  lastName: me.lastName ?? '',
  jobTitle: me.jobTitle ?? '',
  phone: me.phone ?? '',
  language: me.language ?? '',
  timeZone: me.timeZone ?? '',
  onBreak: Boolean(me.onBreak),
  breakUntil: isoToDateInput(me.breakUntil),
});

function ProfileForm({ me }: { me: User }) {
  const qc = useQueryClient();
  const [form, setForm] = useState(() => profileFields(me));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setForm(profileFields(me)), [me]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!form.firstName.trim()) fe.firstName = 'Enter your first name';
    if (!form.lastName.trim()) fe.lastName = 'Enter your last name';
    setErrors(fe);
    setError(null);
    if (Object.keys(fe).length) return;
    const body: UpdateMeInput = {
      firstName: form.firstName.trim(),
      lastName: form.lastName.trim(),
      jobTitle: form.jobTitle.trim() || null,
      phone: form.phone.trim() || null,
      language: form.language.trim() || null,
      timeZone: form.timeZone.trim() || null,
    };
    if (me.status === 'confirmed') {
      body.onBreak = form.onBreak;
      body.breakUntil = form.onBreak && form.breakUntil ? form.breakUntil : null;
    }
    setBusy(true);
    try {
      const saved = await api.updateMe(body);
      qc.setQueryData(['me'], saved);
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
      notifications.show({ message: 'Your profile was saved.', color: 'green' });
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const text = (
    key: 'firstName' | 'lastName' | 'jobTitle' | 'phone' | 'language' | 'timeZone',
    label: string,
    type?: string,
  ) => (
    <TextInput
      label={label}
      type={type}
      value={form[key]}
      onChange={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
      error={errors[key]}
    />
  );

  return (
    <form onSubmit={submit} noValidate aria-labelledby="profile-heading">
      <Stack>
        <Title order={2} size="h3" id="profile-heading">
          Profile
        </Title>
        <FormError message={error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('firstName', 'First name')}
          {text('lastName', 'Last name')}
          {text('jobTitle', 'Job title')}
          {text('phone', 'Phone', 'tel')}
          {text('language', 'Language')}
          {text('timeZone', 'Time zone')}
        </SimpleGrid>
        {me.status === 'confirmed' && (
          <Group align="flex-end">
            <Checkbox
              label="I am taking a break"
              description="You keep access but get no notification emails"
              checked={form.onBreak}
              onChange={(e) => setForm({ ...form, onBreak: e.currentTarget.checked })}
            />
            {form.onBreak && (
              <TextInput
                label="Break ends"
                type="date"
                value={form.breakUntil}
                onChange={(e) => setForm({ ...form, breakUntil: e.currentTarget.value })}
                error={errors.breakUntil}
              />
            )}
          </Group>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            Save profile
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!current) fe.currentPassword = 'Enter your current password';
    if (next.length < 10) fe.newPassword = 'Use at least 10 characters';
    if (confirm !== next) fe.confirm = 'The two passwords do not match';
    setErrors(fe);
    setError(null);
    if (Object.keys(fe).length) return;
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      notifications.show({ message: 'Your password was changed.', color: 'green' });
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="password-heading">
      <Stack maw={420}>
        <Title order={2} size="h3" id="password-heading">
          Change password
        </Title>
        <FormError message={error} />
        <TextInput
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={errors.currentPassword}
        />
        <TextInput
          label="New password"
          type="password"
          autoComplete="new-password"
          description="At least 10 characters"
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={errors.newPassword}
        />
        <TextInput
          label="Repeat new password"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={errors.confirm}
        />
        <Group>
          <Button type="submit" loading={busy}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Where one is signed in: each session with when and from where, and a way to end any of them. */
function SessionsSection() {
  const q = useQuery({ queryKey: ['me', 'sessions'], queryFn: () => api.mySessions() });
  const [ending, setEnding] = useState<SignedInSession | null>(null);
  const qc = useQueryClient();
  const navigate = useNavigate();
  return (
    <Stack aria-labelledby="sessions-heading">
      <Title order={2} size="h3" id="sessions-heading">
        Sessions
      </Title>
      <Text size="sm" c="dark.7">
        Where you are signed in. End a session you do not recognise, then change your password.
      </Text>
      {q.error ? (
        <ErrorAlert error={q.error} title="Could not load your sessions" />
      ) : q.isPending ? (
        <Loader aria-label="Loading your sessions" />
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Signed in</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>IP address</Table.Th>
                <Table.Th>Browser</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Group gap="xs">
                      {formatDateTime(s.createdAt)}
                      {s.current && <ToneBadge tone={{ bg: '#e7f5ff', fg: '#1864ab' }}>This browser</ToneBadge>}
                      {s.loginAs && <ToneBadge tone={{ bg: '#fff4e6', fg: '#a33b07' }}>Login as</ToneBadge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatDateTime(s.lastSeenAt)}</Table.Td>
                  <Table.Td>{s.ip ?? '—'}</Table.Td>
                  <Table.Td>{s.userAgent ?? '—'}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" color="red" onClick={() => setEnding(s)}>
                      End
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmModal
        opened={ending !== null}
        title={ending?.current ? 'Sign out of this browser?' : 'End this session?'}
        danger
        onClose={() => setEnding(null)}
        onConfirm={async () => {
          await api.endMySession(ending!.id);
          if (ending!.current) {
            // Signed out here: as the menu's "Sign out" does.
            qc.clear();
            qc.setQueryData(SESSION_KEY, null);
            void navigate('/login', { replace: true });
          } else {
            notifications.show({ message: 'The session was ended.', color: 'green' });
            await q.refetch();
          }
        }}
      >
        <Text>
          {ending?.current
            ? 'This is the session you are using now: you will be signed out here.'
            : 'That browser or device is signed out and has to sign in again.'}
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

export function MePage() {
  usePageTitle('My profile');
  const q = useQuery({ queryKey: ['me'], queryFn: () => api.getMe() });
  return (
    <Stack gap="lg">
      <Title order={1}>My profile</Title>
      {q.error ? (
        <ErrorAlert error={q.error} title="Could not load your profile" />
      ) : q.isPending ? (
        <Loader aria-label="Loading your profile" />
      ) : (
        <>
          <Group gap="sm">
            <Text fw={600} c="dark.9">
              {fullName(q.data)}
            </Text>
            <Text c="dark.7">{q.data.email}</Text>
            <Text c="dark.7">{roleLabel(q.data.role)}</Text>
            <StatusBadge status={q.data.status} />
          </Group>
          <Paper withBorder p="md">
            <ProfileForm me={q.data} />
          </Paper>
          <Paper withBorder p="md">
            <PasswordForm />
          </Paper>
          <Paper withBorder p="md">
            <SessionsSection />
          </Paper>
          <Paper withBorder p="md">
            <NotificationPreferences />
          </Paper>
          <Paper withBorder p="md" component="section" aria-labelledby="security-heading">
            <Stack>
              <Title order={2} size="h3" id="security-heading">
                Sign-in security
              </Title>
              <SignInSecurity />
            </Stack>
          </Paper>
        </>
      )}
    </Stack>
  );
}
