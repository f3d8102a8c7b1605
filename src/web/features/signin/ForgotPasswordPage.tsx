import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Text } from '@mantine/core';

import { waysInApi } from './waysInApi';
import { PublicEmailInput, PublicFormPage, PublicSubmit, SignInLink } from './PublicPage';
import { CheckInbox } from './CheckInbox';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { FormError } from '../../common/components/ErrorAlert';
import { useSubmit } from '../../common/form/useSubmit';

/** "Forgot your password?": asks for an email address; the answer never says whether it has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation('signin');
  usePageTitle(t('forgot.title'));
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const { busy, error, fieldErrors, onSubmit } = useSubmit();
  const send = async () => setSent((await waysInApi.requestPasswordReset(email.trim())).message);

  return (
    <PublicFormPage
      title={t('forgot.title')}
      onSubmit={onSubmit(send, { check: email.trim() ? {} : { email: t('login.enterEmail') } })}
    >
      {sent ? (
        <CheckInbox>
          {sent} {t('forgot.linkValidity')}
        </CheckInbox>
      ) : (
        <>
          <Text>{t('forgot.intro')}</Text>
          <FormError message={error} />
          <PublicEmailInput
            label={t('login.email')}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldErrors.email}
          />
          <PublicSubmit busy={busy}>{t('forgot.submit')}</PublicSubmit>
        </>
      )}
      <SignInLink>{t('backToSignIn')}</SignInLink>
    </PublicFormPage>
  );
}
