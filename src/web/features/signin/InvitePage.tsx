import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Alert, Anchor, Button, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError, errorMessage } from '../../common/api';
import { waysInApi } from './waysInApi';
import { PublicFormPage, PublicPage, PublicPageLoading, PublicSubmit, SignInLink, useLinkToken } from './PublicPage';
import { LANDING_PATH, SESSION_KEY } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { applyLanguage, resolveLanguage, setReaderProfileLanguage } from '../../i18n';
import { FailureAlert, FormError } from '../../common/components/ErrorAlert';
import { useSubmit } from '../../common/form/useSubmit';
import { checkNewPassword, NewPasswordFields, NO_NEW_PASSWORD } from './NewPasswordFields';

function InvalidLink({ title, children }: { title: string; children: React.ReactNode }) {
  const { t } = useTranslation('signin');
  usePageTitle(title);
  return (
    <PublicPage title={title}>
      {children}
      <SignInLink>{t('goToSignIn')}</SignInLink>
    </PublicPage>
  );
}

/** "Send me a new link" on an expired invitation: the answer is the same whatever the state of the account. */
function RenewLink({ token }: { token: string }) {
  const { t } = useTranslation('signin');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  const renew = () => run(async () => setDone((await waysInApi.renewInvitation(token)).message));
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
  const { token, info } = useLinkToken('invitation', api.getInvitation);
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
    return <PublicPageLoading />;
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
    <PublicFormPage
      title={name ? t('invite.welcomeName', { name }) : t('invite.welcome')}
      onSubmit={onSubmit(accept, { check: checkNewPassword(passwords) })}
    >
      <Text>
        <Trans t={t} i18nKey="invite.intro" values={{ email }} components={{ strong: <strong /> }} />
      </Text>
      {error && <FailureAlert title={t('invite.acceptFailed')}>{error}</FailureAlert>}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <NewPasswordFields
        value={passwords}
        onChange={setPasswords}
        errors={errors}
        labels={[t('invite.password'), t('invite.confirmPassword')]}
        required
      />
      <PublicSubmit busy={busy}>{t('invite.submit')}</PublicSubmit>
    </PublicFormPage>
  );
}
