import { useState } from 'react';
import { Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../common/api';
import { waysInApi } from './waysInApi';
import { PublicShell } from '../../app/PublicShell';
import { FullPageLoader } from '../../app/RequireAuth';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { FormError } from '../../common/components/ErrorAlert';
import { useSubmit } from '../../common/form/useSubmit';
import { checkNewPassword, NewPasswordFields, NO_NEW_PASSWORD } from './NewPasswordFields';

/** The page behind `{PUBLIC_URL}/reset-password/{token}`. */
export function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const { token = '' } = useParams();
  const info = useQuery({
    queryKey: ['password-reset', token],
    queryFn: () => waysInApi.checkResetToken(token),
    retry: false,
    staleTime: Infinity,
  });
  const [passwords, setPasswords] = useState(NO_NEW_PASSWORD);
  const [done, setDone] = useState(false);
  const { busy, error, fieldErrors: errors, onSubmit } = useSubmit();

  if (info.isPending)
    return (
      <main>
        <FullPageLoader />
      </main>
    );

  async function reset() {
    await waysInApi.resetPassword(token, passwords.password);
    setDone(true);
  }

  return (
    <PublicShell>
      <form onSubmit={onSubmit(reset, { check: checkNewPassword(passwords) })} noValidate>
        <Stack>
          <Title order={1} size="h2">
            {info.error ? 'This link cannot be used' : done ? 'Password changed' : 'Choose a new password'}
          </Title>
          {info.error ? (
            <>
              <Text>{errorMessage(info.error)}</Text>
              <Anchor component={Link} to="/forgot-password">
                Ask for a new link
              </Anchor>
            </>
          ) : done ? (
            <Text role="status">
              Your password has been changed and you have been signed out everywhere. Sign in with your new password.
            </Text>
          ) : (
            <>
              <Text>
                For <strong>{info.data.email}</strong>. Every device signed in to this account will be signed out.
              </Text>
              <FormError message={error} />
              <input type="email" name="username" autoComplete="username" value={info.data.email} readOnly hidden />
              <NewPasswordFields
                value={passwords}
                onChange={setPasswords}
                errors={errors}
                labels={['New password', 'Confirm new password']}
              />
              <Button type="submit" loading={busy} fullWidth>
                Set new password
              </Button>
            </>
          )}
          <Anchor component={Link} to="/login">
            Go to sign-in
          </Anchor>
        </Stack>
      </form>
    </PublicShell>
  );
}
