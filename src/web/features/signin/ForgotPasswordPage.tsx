import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { waysInApi } from './waysInApi';
import { PublicShell } from '../../app/PublicShell';
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
    <PublicShell>
      <form onSubmit={onSubmit(send, { check: email.trim() ? {} : { email: t('login.enterEmail') } })} noValidate>
        <Stack>
          <Title order={1} size="h2">
            {t('forgot.title')}
          </Title>
          {sent ? (
            <CheckInbox>
              {sent} {t('forgot.linkValidity')}
            </CheckInbox>
          ) : (
            <>
              <Text>{t('forgot.intro')}</Text>
              <FormError message={error} />
              <TextInput
                label={t('login.email')}
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={fieldErrors.email}
                autoFocus
              />
              <Button type="submit" loading={busy} fullWidth>
                {t('forgot.submit')}
              </Button>
            </>
          )}
          <Anchor component={Link} to="/login">
            {t('backToSignIn')}
          </Anchor>
        </Stack>
      </form>
    </PublicShell>
  );
}
