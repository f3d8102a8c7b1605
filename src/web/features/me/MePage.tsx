// Over 300 lines: My profile is one page of independent sections (profile form, sign-in security, sessions); the next change to it should move a section into its own component.
import { useState } from 'react';
import { Button, Checkbox, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api, type SignedInSession, type UpdateMeInput, type User } from '../../common/api';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { DataTable } from '../../common/components/DataTable';
import { FormError } from '../../common/components/ErrorAlert';
import { QueryState } from '../../common/components/QueryState';
import { SubmitButton } from '../../common/form/SubmitButton';
import { useFields, useFormState } from '../../common/form/useFormState';
import { useSubmit, type FieldErrors } from '../../common/form/useSubmit';
import { SignInSecurity } from '../signin/SignInSecurity';
import { NotificationPreferences } from '../notifications/NotificationPreferences';
import { OwnPersonalData } from './OwnPersonalData';
import { StatusBadge, ToneBadge } from '../../common/components/StatusBadge';
import { dateInputToEndOfDayIso, formatDateTime, fullName, isoToDateInput, roleLabel } from '../../common/lib/format';
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
  const { form, text: bind, checked } = useFormState(me, profileFields);
  const { busy, error, fieldErrors: errors, onSubmit } = useSubmit();
  const check: FieldErrors = {};
  if (!form.firstName.trim()) check.firstName = 'Enter your first name';
  if (!form.lastName.trim()) check.lastName = 'Enter your last name';

  async function save() {
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
      body.breakUntil = form.onBreak && form.breakUntil ? (dateInputToEndOfDayIso(form.breakUntil) ?? null) : null;
    }
    qc.setQueryData(['me'], await api.updateMe(body));
    await qc.invalidateQueries({ queryKey: SESSION_KEY });
  }

  const text = (
    key: 'firstName' | 'lastName' | 'jobTitle' | 'phone' | 'language' | 'timeZone',
    label: string,
    type?: string,
  ) => <TextInput label={label} type={type} {...bind(key)} error={errors[key]} />;

  return (
    <form
      onSubmit={onSubmit(save, { check, success: 'Your profile was saved.' })}
      noValidate
      aria-labelledby="profile-heading"
    >
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
              {...checked('onBreak')}
            />
            {form.onBreak && (
              <TextInput label="Break ends" type="date" {...bind('breakUntil')} error={errors.breakUntil} />
            )}
          </Group>
        )}
        <SubmitButton busy={busy}>Save profile</SubmitButton>
      </Stack>
    </form>
  );
}

const NO_PASSWORDS = { current: '', next: '', confirm: '' };

function PasswordForm() {
  const { form, setForm, text } = useFields(NO_PASSWORDS);
  const { busy, error, fieldErrors: errors, onSubmit } = useSubmit();
  const check: FieldErrors = {};
  if (!form.current) check.currentPassword = 'Enter your current password';
  if (form.next.length < 10) check.newPassword = 'Use at least 10 characters';
  if (form.confirm !== form.next) check.confirm = 'The two passwords do not match';

  async function change() {
    await api.changePassword(form.current, form.next);
    setForm(NO_PASSWORDS);
  }

  return (
    <form
      onSubmit={onSubmit(change, { check, success: 'Your password was changed.' })}
      noValidate
      aria-labelledby="password-heading"
    >
      <Stack maw={420}>
        <Title order={2} size="h3" id="password-heading">
          Change password
        </Title>
        <FormError message={error} />
        <TextInput
          label="Current password"
          type="password"
          autoComplete="current-password"
          {...text('current')}
          error={errors.currentPassword}
        />
        <TextInput
          label="New password"
          type="password"
          autoComplete="new-password"
          description="At least 10 characters"
          {...text('next')}
          error={errors.newPassword}
        />
        <TextInput
          label="Repeat new password"
          type="password"
          autoComplete="new-password"
          {...text('confirm')}
          error={errors.confirm}
        />
        <SubmitButton busy={busy}>Change password</SubmitButton>
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
      <QueryState query={q} loading="Loading your sessions" errorTitle="Could not load your sessions">
        {(data) => (
          <DataTable minWidth={600} striped={false} columns={['Signed in', 'Last used', 'IP address', 'Browser', null]}>
            {data.items.map((s) => (
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
          </DataTable>
        )}
      </QueryState>
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
      <QueryState query={q} loading="Loading your profile" errorTitle="Could not load your profile">
        {(me) => (
          <>
            <Group gap="sm">
              <Text fw={600} c="dark.9">
                {fullName(me)}
              </Text>
              <Text c="dark.7">{me.email}</Text>
              <Text c="dark.7">{roleLabel(me.role)}</Text>
              <StatusBadge status={me.status} />
            </Group>
            <Paper withBorder p="md">
              <ProfileForm me={me} />
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
            <Paper withBorder p="md">
              <OwnPersonalData email={me.email} />
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
      </QueryState>
    </Stack>
  );
}
