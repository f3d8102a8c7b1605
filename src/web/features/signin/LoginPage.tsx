import { useState } from 'react';
import { Alert, Anchor, Button, Divider, Group, Stack, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { startAuthentication } from '@simplewebauthn/browser';
import { api, ApiError, errorMessage, mfaApi, type SecondStep } from '../../common/api';
import { waysInApi } from './waysInApi';
import { PublicShell } from '../../app/PublicShell';
import { FullPageLoader } from '../../app/RequireAuth';
import { LANDING_PATH, SESSION_KEY, useSession } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';

function safeNext(next: string | null): string {
  // Only allow in-app paths, never another origin.
  if (next && next.startsWith('/') && !next.startsWith('//')) return next;
  return LANDING_PATH;
}

const TITLES: Record<string, string> = {
  invalid_credentials: 'Sign-in failed',
  account_deactivated: 'Account deactivated',
  account_expired: 'Access expired',
  account_not_confirmed: 'Account not confirmed yet',
  rate_limited: 'Too many attempts',
  sso_unavailable: 'Sign-in provider not reachable',
  owner_password_only: 'Sign in with your password',
};

export function LoginPage() {
  usePageTitle('Sign in');
  const { data: session, isPending } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [secondStep, setSecondStep] = useState<SecondStep | null>(null);
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const next = safeNext(params.get('next'));
  const options = useQuery({ queryKey: ['auth-options'], queryFn: () => waysInApi.authOptions(), staleTime: 60_000 });
  // A refused single sign-on comes back here with the same codes as a password sign-in.
  const ssoError = params.get('error');
  const ssoMessage = params.get('message');

  if (isPending) {
    return (
      <main>
        <FullPageLoader />
      </main>
    );
  }
  if (session && !busy) return <Navigate to={next} replace />;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setFieldErrors({});
    const fe: Record<string, string> = {};
    if (!email.trim()) fe.email = 'Enter your email address';
    if (!password) fe.password = 'Enter your password';
    if (Object.keys(fe).length) {
      setFieldErrors(fe);
      return;
    }
    setBusy(true);
    try {
      const result = await api.login(email.trim(), password);
      if ('mfaRequired' in result) {
        setSecondStep(result);
        setUseRecovery(!result.methods.includes('totp'));
        setBusy(false);
        return;
      }
      await signedIn();
    } catch (err) {
      failed(err);
    }
  }

  async function signedIn() {
    await qc.invalidateQueries({ queryKey: SESSION_KEY });
    await qc.fetchQuery({ queryKey: SESSION_KEY, queryFn: () => api.getSession() });
    void navigate(next, { replace: true });
  }

  function failed(err: unknown) {
    if (err instanceof ApiError) {
      setFieldErrors(err.fieldErrors);
      setError({ title: TITLES[err.code] ?? 'Sign-in failed', message: err.message });
      // The second step expired or was used: start again from the password.
      if (err.code === 'unauthenticated') setSecondStep(null);
    } else {
      setError({ title: 'Sign-in failed', message: errorMessage(err) });
    }
    setBusy(false);
  }

  async function verify(proof: () => Promise<Parameters<typeof mfaApi.finishSignIn>[1]>) {
    if (!secondStep) return;
    setError(null);
    setBusy(true);
    try {
      await mfaApi.finishSignIn(secondStep.mfaToken, await proof());
      await signedIn();
    } catch (err) {
      failed(err);
    }
  }

  function submitCode(e: React.FormEvent) {
    e.preventDefault();
    if (!code.trim()) {
      setFieldErrors({ code: useRecovery ? 'Enter a recovery code' : 'Enter the code from your app' });
      return;
    }
    setFieldErrors({});
    void verify(async () => ({ code: code.trim() }));
  }

  const alert = (error ?? (ssoError && ssoMessage)) && (
    <Alert
      color="red"
      variant="light"
      title={error?.title ?? TITLES[ssoError ?? ''] ?? 'Sign-in failed'}
      role="alert"
      styles={{ message: { color: '#212529' }, title: { color: '#a51d1d' } }}
    >
      {error?.message ?? ssoMessage}
    </Alert>
  );

  if (secondStep) {
    const passkeyOptions = secondStep.passkeyOptions;
    return (
      <PublicShell>
        <form onSubmit={submitCode} noValidate>
          <Stack>
            <Title order={1} size="h2">
              Second factor
            </Title>
            {alert}
            <TextInput
              label={useRecovery ? 'Recovery code' : 'Code from your authenticator app'}
              inputMode={useRecovery ? 'text' : 'numeric'}
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={fieldErrors.code}
              autoFocus
            />
            <Button type="submit" loading={busy} fullWidth>
              Verify
            </Button>
            {passkeyOptions && (
              <Button
                variant="default"
                fullWidth
                disabled={busy}
                onClick={() =>
                  void verify(async () => ({ assertion: await startAuthentication({ optionsJSON: passkeyOptions }) }))
                }
              >
                Use a passkey
              </Button>
            )}
            <Group justify="space-between">
              {secondStep.methods.includes('totp') && (
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => {
                    setUseRecovery(!useRecovery);
                    setCode('');
                  }}
                >
                  {useRecovery ? 'Use your authenticator app' : 'Use a recovery code'}
                </Anchor>
              )}
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => {
                  setSecondStep(null);
                  setCode('');
                  setError(null);
                }}
              >
                Back
              </Anchor>
            </Group>
          </Stack>
        </form>
      </PublicShell>
    );
  }

  return (
    <PublicShell>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} size="h2">
            Sign in
          </Title>
          {alert}
          {(options.data?.sso.enabled || options.data?.saml.enabled) && (
            <>
              {options.data.sso.enabled && (
                <Button
                  component="a"
                  href={`/api/v1/auth/sso/start?next=${encodeURIComponent(next)}`}
                  variant="default"
                  fullWidth
                >
                  Sign in with {options.data.sso.displayName}
                </Button>
              )}
              {options.data.saml.enabled && (
                <Button
                  component="a"
                  href={`/api/v1/auth/saml/start?next=${encodeURIComponent(next)}`}
                  variant="default"
                  fullWidth
                >
                  Sign in with {options.data.saml.displayName}
                </Button>
              )}
              {options.data.passwordSignInAllowed && <Divider label="or with your password" labelPosition="center" />}
            </>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldErrors.email}
            required
            withAsterisk={false}
            autoFocus
          />
          <TextInput
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldErrors.password}
            required
            withAsterisk={false}
          />
          <Button type="submit" loading={busy} fullWidth>
            Sign in
          </Button>
          <Group justify="space-between">
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot your password?
            </Anchor>
            {options.data?.selfSignup.enabled && (
              <Anchor component={Link} to="/signup" size="sm">
                Create an account
              </Anchor>
            )}
          </Group>
        </Stack>
      </form>
    </PublicShell>
  );
}
