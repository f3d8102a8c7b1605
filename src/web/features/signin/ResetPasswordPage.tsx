import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../common/api';
import { waysInApi } from './waysInApi';
import { PublicFormPage, PublicPageLoading, PublicSubmit, SignInLink, useLinkToken } from './PublicPage';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { FormError } from '../../common/components/ErrorAlert';
import { useSubmit } from '../../common/form/useSubmit';
import { checkNewPassword, NewPasswordFields, NO_NEW_PASSWORD } from './NewPasswordFields';

/** The page behind `{PUBLIC_URL}/reset-password/{token}`. */
export function ResetPasswordPage() {
  const { t } = useTranslation('signin');
  usePageTitle(t('reset.title'));
  const { token, info } = useLinkToken('password-reset', waysInApi.checkResetToken);
  const [passwords, setPasswords] = useState(NO_NEW_PASSWORD);
  const [done, setDone] = useState(false);
  const { busy, error, fieldErrors: errors, onSubmit } = useSubmit();

  if (info.isPending) return <PublicPageLoading />;

  async function reset() {
    await waysInApi.resetPassword(token, passwords.password);
    setDone(true);
  }

  return (
    <PublicFormPage
      title={info.error ? t('linkUnusable') : done ? t('reset.done') : t('reset.title')}
      onSubmit={onSubmit(reset, { check: checkNewPassword(passwords) })}
    >
      {info.error ? (
        <>
          <Text>{errorMessage(info.error)}</Text>
          <Anchor component={Link} to="/forgot-password">
            {t('reset.askNewLink')}
          </Anchor>
        </>
      ) : done ? (
        <Text role="status">{t('reset.doneText')}</Text>
      ) : (
        <>
          <Text>
            <Trans
              t={t}
              i18nKey="reset.forAccount"
              values={{ email: info.data.email }}
              components={{ strong: <strong /> }}
            />
          </Text>
          <FormError message={error} />
          <input type="email" name="username" autoComplete="username" value={info.data.email} readOnly hidden />
          <NewPasswordFields
            value={passwords}
            onChange={setPasswords}
            errors={errors}
            labels={[t('reset.newPassword'), t('reset.confirmNewPassword')]}
          />
          <PublicSubmit busy={busy}>{t('reset.submit')}</PublicSubmit>
        </>
      )}
      <SignInLink>{t('goToSignIn')}</SignInLink>
    </PublicFormPage>
  );
}
