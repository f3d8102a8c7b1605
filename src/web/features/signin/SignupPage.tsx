import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NativeSelect, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

import { waysInApi } from './waysInApi';
import { PublicEmailInput, PublicFormPage, PublicPageLoading, PublicSubmit, SignInLink } from './PublicPage';
import { CheckInbox } from './CheckInbox';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { FormError } from '../../common/components/ErrorAlert';
import { useFields } from '../../common/form/useFormState';
import { useSubmit, type FieldErrors } from '../../common/form/useSubmit';
import { MIN_PASSWORD } from './NewPasswordFields';
import { LANGUAGES } from '../../../common/domain';
import { LANGUAGE_NAMES } from '../../i18n';

// An empty language is the page's: mail goes out in the language the person signed up in, unless they choose another.
const NO_SIGNUP = { email: '', firstName: '', lastName: '', password: '', language: '' };

/** Self sign-up (when the organisation has switched it on): a verification link is emailed. */
export function SignupPage() {
  const { t, i18n } = useTranslation('signin');
  usePageTitle(t('signup.title'));
  const options = useQuery({ queryKey: ['auth-options'], queryFn: () => waysInApi.authOptions() });
  const { form, set, text } = useFields(NO_SIGNUP);
  const [sent, setSent] = useState<string | null>(null);
  const { busy, error, fieldErrors: errors, onSubmit } = useSubmit();

  if (options.isPending) return <PublicPageLoading />;
  const signup = options.data?.selfSignup;

  const language = form.language || i18n.language;
  const check: FieldErrors = {};
  if (!form.email.trim()) check.email = t('login.enterEmail');
  if (!form.firstName.trim()) check.firstName = t('signup.enterFirstName');
  if (form.password.length < MIN_PASSWORD) check.password = t('newPassword.tooShort', { min: MIN_PASSWORD });
  const signUp = async () => setSent((await waysInApi.signup({ ...form, email: form.email.trim(), language })).message);

  return (
    <PublicFormPage title={t('signup.title')} onSubmit={onSubmit(signUp, { check })}>
      {!signup?.enabled ? (
        <Text>{t('signup.unavailable')}</Text>
      ) : sent ? (
        <CheckInbox>
          {sent} {t('signup.linkValidity')}
          {signup.requireApproval ? ` ${t('signup.thenReview')}` : ''}
        </CheckInbox>
      ) : (
        <>
          {signup.allowedDomains.length > 0 && (
            <Text size="sm">{t('signup.openTo', { domains: signup.allowedDomains.join(', ') })}</Text>
          )}
          <FormError message={error} />
          <PublicEmailInput label={t('signup.workEmail')} {...text('email')} error={errors.email} />
          <TextInput
            label={t('signup.firstName')}
            autoComplete="given-name"
            {...text('firstName')}
            error={errors.firstName}
          />
          <TextInput
            label={t('signup.lastName')}
            autoComplete="family-name"
            {...text('lastName')}
            error={errors.lastName}
          />
          <NativeSelect
            label={t('signup.mailLanguage')}
            data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
            value={language}
            onChange={(e) => set('language', e.currentTarget.value)}
          />
          <TextInput
            label={t('login.password')}
            type="password"
            description={t('newPassword.hint', { min: MIN_PASSWORD })}
            autoComplete="new-password"
            {...text('password')}
            error={errors.password}
          />
          <PublicSubmit busy={busy}>{t('signup.submit')}</PublicSubmit>
        </>
      )}
      <SignInLink>{t('signup.haveAccount')}</SignInLink>
    </PublicFormPage>
  );
}
