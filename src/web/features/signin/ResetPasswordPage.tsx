import { useState } from 'react';
import { Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../common/api';
import { waysInApi } from './waysInApi';
import { PublicShell } from '../../app/PublicShell';
import { FullPageLoader } from '../../app/RequireAuth';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { FormError } from '../../common/components/ErrorAlert';

const MIN_PASSWORD = 10;

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
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  if (info.isPending)
    return (
      <main>
        <FullPageLoader />
      </main>
    );

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const fe: typeof errors = {};
    if (password.length < MIN_PASSWORD) fe.password = `Use at least ${MIN_PASSWORD} characters`;
    if (confirm !== password) fe.confirm = 'The two passwords do not match';
    setErrors(fe);
    if (fe.password || fe.confirm) return;
    setBusy(true);
    setError(null);
    try {
      await waysInApi.resetPassword(token, password);
      setDone(true);
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.password) setErrors({ password: err.fieldErrors.password });
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <PublicShell>
      <form onSubmit={submit} noValidate>
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
              <TextInput
                label="New password"
                type="password"
                description={`At least ${MIN_PASSWORD} characters`}
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={errors.password}
                autoFocus
              />
              <TextInput
                label="Confirm new password"
                type="password"
                autoComplete="new-password"
                value={confirm}
                onChange={(e) => setConfirm(e.currentTarget.value)}
                error={errors.confirm}
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
