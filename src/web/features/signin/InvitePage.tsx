import { useState } from 'react';
import { Alert, Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, errorMessage } from '../../common/api';
import { waysInApi } from './waysInApi';
import { PublicShell } from '../../app/PublicShell';
import { FullPageLoader } from '../../app/RequireAuth';
import { LANDING_PATH, SESSION_KEY } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { FormError } from '../../common/components/ErrorAlert';
import { useSubmit } from '../../common/form/useSubmit';
import { checkNewPassword, NewPasswordFields, NO_NEW_PASSWORD } from './NewPasswordFields';

function InvalidLink({ title, children }: { title: string; children: React.ReactNode }) {
  usePageTitle(title);
  return (
    <PublicShell>
      <Stack>
        <Title order={1} size="h2">
          {title}
        </Title>
        {children}
        <Anchor component={Link} to="/login">
          Go to sign-in
        </Anchor>
      </Stack>
    </PublicShell>
  );
}

/** "Send me a new link" on an expired invitation: the answer is the same whatever the state of the account. */
function RenewLink({ token }: { token: string }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function renew() {
    setBusy(true);
    setError(null);
    try {
      setDone((await waysInApi.renewInvitation(token)).message);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  if (done)
    return (
      <Alert color="green" variant="light" role="status" styles={{ message: { color: '#212529' } }}>
        {done}
      </Alert>
    );
  return (
    <>
      <FormError message={error} />
      <Button onClick={() => void renew()} loading={busy}>
        Send me a new link
      </Button>
    </>
  );
}

export function InvitePage() {
  const { token = '' } = useParams();
  const info = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.getInvitation(token),
    retry: false,
    staleTime: Infinity,
  });

  if (info.isPending) {
    return (
      <main>
        <FullPageLoader />
      </main>
    );
  }

  if (info.error) {
    const code = info.error instanceof ApiError ? info.error.code : '';
    if (code === 'invitation_expired') {
      return (
        <InvalidLink title="This invitation has expired">
          <Text>Invitation links are only valid for a limited time. We can email you a fresh link.</Text>
          <RenewLink token={token} />
        </InvalidLink>
      );
    }
    if (code === 'invitation_used') {
      return (
        <InvalidLink title="This invitation has already been used">
          <Text>Your account is already set up with this link. Sign in with your email address and password.</Text>
          <Anchor component={Link} to="/forgot-password">
            Forgot your password?
          </Anchor>
        </InvalidLink>
      );
    }
    if (code === 'invitation_revoked') {
      return (
        <InvalidLink title="This invitation is no longer valid">
          <Text>{errorMessage(info.error)}</Text>
          <Text>If you still need access, ask your administrator to send you a new invitation.</Text>
        </InvalidLink>
      );
    }
    if (code === 'not_found' || (info.error instanceof ApiError && info.error.status === 404)) {
      return (
        <InvalidLink title="Invitation link not recognised">
          <Text>
            We could not find this invitation. Check that you copied the whole link from the email, or ask your
            administrator to send you a new invitation.
          </Text>
        </InvalidLink>
      );
    }
    return (
      <InvalidLink title="We could not open this invitation">
        <Text>{errorMessage(info.error)}</Text>
      </InvalidLink>
    );
  }

  return (
    <AcceptForm token={token} email={info.data.email} firstName={info.data.firstName} lastName={info.data.lastName} />
  );
}

function AcceptForm({
  token,
  email,
  firstName,
  lastName,
}: {
  token: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
}) {
  usePageTitle('Accept your invitation');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [passwords, setPasswords] = useState(NO_NEW_PASSWORD);
  const { busy, error, fieldErrors: errors, onSubmit } = useSubmit();

  async function accept() {
    await api.acceptInvitation(token, passwords.password);
    qc.clear();
    await qc.fetchQuery({ queryKey: SESSION_KEY, queryFn: () => api.getSession() });
    void navigate(LANDING_PATH, { replace: true });
  }

  const name = [firstName, lastName].filter(Boolean).join(' ');
  return (
    <PublicShell>
      <form onSubmit={onSubmit(accept, { check: checkNewPassword(passwords) })} noValidate>
        <Stack>
          <Title order={1} size="h2">
            Welcome{name ? `, ${name}` : ''}
          </Title>
          <Text>
            Choose a password to finish setting up your account for <strong>{email}</strong>.
          </Text>
          {error && (
            <Alert
              color="red"
              variant="light"
              title="Could not accept the invitation"
              role="alert"
              styles={{ message: { color: '#212529' }, title: { color: '#a51d1d' } }}
            >
              {error}
            </Alert>
          )}
          <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
          <NewPasswordFields
            value={passwords}
            onChange={setPasswords}
            errors={errors}
            labels={['Password', 'Confirm password']}
            required
          />
          <Button type="submit" loading={busy} fullWidth>
            Accept invitation
          </Button>
        </Stack>
      </form>
    </PublicShell>
  );
}
