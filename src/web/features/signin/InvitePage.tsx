import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Alert, Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, errorMessage } from '../../common/api';
import { waysInApi } from './waysInApi';
import { PublicShell } from '../../app/PublicShell';
import { FullPageLoader } from '../../app/RequireAuth';
import { LANDING_PATH, SESSION_KEY } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { applyLanguage, resolveLanguage, setReaderProfileLanguage } from '../../i18n';
import { FormError } from '../../common/components/ErrorAlert';
import { useSubmit } from '../../common/form/useSubmit';
import { checkNewPassword, NewPasswordFields, NO_NEW_PASSWORD } from './NewPasswordFields';

function InvalidLink({ title, children }: { title: string; children: React.ReactNode }) {
  const { t } = useTranslation('signin');
  usePageTitle(title);
  return (
    <PublicShell>
      <Stack>
        <Title order={1} size="h2">
          {title}
        </Title>
        {children}
        <Anchor component={Link} to="/login">
          {t('goToSignIn')}
        </Anchor>
      </Stack>
    </PublicShell>
  );
}

/** "Send me a new link" on an expired invitation: the answer is the same whatever the state of the account. */
function RenewLink({ token }: { token: string }) {
  const { t } = useTranslation('signin');
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
        {t('invite.sendNewLink')}
      </Button>
    </>
  );
}

export function InvitePage() {
  const { t } = useTranslation('signin');
  const { token = '' } = useParams();
  const info = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.getInvitation(token),
    retry: false,
    staleTime: Infinity,
  });
  const options = useQuery({ queryKey: ['auth-options'], queryFn: () => waysInApi.authOptions(), staleTime: 60_000 });
  // The invitation names its reader: the page speaks their profile language, as it will once they are signed in.
  const readerLanguage = info.data?.language ?? null;
  const organisationDefault = options.data?.defaultLanguage;
  useEffect(() => {
    setReaderProfileLanguage(readerLanguage);
    applyLanguage(resolveLanguage(null, organisationDefault));
    return () => setReaderProfileLanguage(null);
  }, [readerLanguage, organisationDefault]);

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
        <InvalidLink title={t('invite.expired.title')}>
          <Text>{t('invite.expired.text')}</Text>
          <RenewLink token={token} />
        </InvalidLink>
      );
    }
    if (code === 'invitation_used') {
      return (
        <InvalidLink title={t('invite.used.title')}>
          <Text>{t('invite.used.text')}</Text>
          <Anchor component={Link} to="/forgot-password">
            {t('login.forgot')}
          </Anchor>
        </InvalidLink>
      );
    }
    if (code === 'invitation_revoked') {
      return (
        <InvalidLink title={t('invite.revoked.title')}>
          <Text>{errorMessage(info.error)}</Text>
          <Text>{t('invite.revoked.text')}</Text>
        </InvalidLink>
      );
    }
    if (code === 'not_found' || (info.error instanceof ApiError && info.error.status === 404)) {
      return (
        <InvalidLink title={t('invite.notFound.title')}>
          <Text>{t('invite.notFound.text')}</Text>
        </InvalidLink>
      );
    }
    return (
      <InvalidLink title={t('invite.failed')}>
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
  const { t } = useTranslation('signin');
  usePageTitle(t('invite.title'));
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
            {name ? t('invite.welcomeName', { name }) : t('invite.welcome')}
          </Title>
          <Text>
            <Trans t={t} i18nKey="invite.intro" values={{ email }} components={{ strong: <strong /> }} />
          </Text>
          {error && (
            <Alert
              color="red"
              variant="light"
              title={t('invite.acceptFailed')}
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
            labels={[t('invite.password'), t('invite.confirmPassword')]}
            required
          />
          <Button type="submit" loading={busy} fullWidth>
            {t('invite.submit')}
          </Button>
        </Stack>
      </form>
    </PublicShell>
  );
}
