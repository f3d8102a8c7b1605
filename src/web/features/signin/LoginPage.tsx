import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Anchor, Button, Divider, Group, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { startAuthentication } from '@simplewebauthn/browser';
import { api, ApiError, errorMessage, mfaApi, type SecondStep } from '../../common/api';
import { waysInApi } from './waysInApi';
import { FailureAlert } from '../../common/components/ErrorAlert';
import { PublicEmailInput, PublicFormPage, PublicPageLoading, PublicSubmit } from './PublicPage';
import { LANDING_PATH, SESSION_KEY, useSession } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';

function safeNext(next: string | null): string {
  // Only allow in-app paths, never another origin.
  if (next && next.startsWith('/') && !next.startsWith('//')) return next;
  return LANDING_PATH;
}

/** The single sign-on ways in, in the order their buttons stand; each starts at /api/v1/auth/<kind>/start. */
const PROVIDERS = ['sso', 'saml'] as const;

/** Error codes with a title of their own (signin:login.errorTitle.<code>); others are "Sign-in failed". */
const TITLED_ERRORS = new Set([
  'account_deactivated',
  'account_expired',
  'account_not_confirmed',
  'rate_limited',
  'sso_unavailable',
  'owner_password_only',
]);

export function LoginPage() {
  const { t } = useTranslation('signin');
  usePageTitle(t('login.title'));
  const titleOf = (code: string | null | undefined) =>
    TITLED_ERRORS.has(code ?? '') ? t(`login.errorTitle.${code}`) : t('login.failed');
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
    return <PublicPageLoading />;
  }
  if (session && !busy) return <Navigate to={next} replace />;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setFieldErrors({});
    const fe: Record<string, string> = {};
    if (!email.trim()) fe.email = t('login.enterEmail');
    if (!password) fe.password = t('login.enterPassword');
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
      setError({ title: titleOf(err.code), message: err.message });
      // The second step expired or was used: start again from the password.
      if (err.code === 'unauthenticated') setSecondStep(null);
    } else {
      setError({ title: t('login.failed'), message: errorMessage(err) });
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
      setFieldErrors({ code: useRecovery ? t('login.enterRecoveryCode') : t('login.enterAppCode') });
      return;
    }
    setFieldErrors({});
    void verify(async () => ({ code: code.trim() }));
  }

  const alert = (error ?? (ssoError && ssoMessage)) && (
    <FailureAlert title={error?.title ?? titleOf(ssoError)}>{error?.message ?? ssoMessage}</FailureAlert>
  );

  if (secondStep) {
    const passkeyOptions = secondStep.passkeyOptions;
    return (
      <PublicFormPage title={t('login.secondFactor')} onSubmit={submitCode}>
        {alert}
        <TextInput
          label={useRecovery ? t('login.recoveryCode') : t('login.appCode')}
          inputMode={useRecovery ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={fieldErrors.code}
          autoFocus
        />
        <PublicSubmit busy={busy}>{t('login.verify')}</PublicSubmit>
        {passkeyOptions && (
          <Button
            variant="default"
            fullWidth
            disabled={busy}
            onClick={() =>
              void verify(async () => ({ assertion: await startAuthentication({ optionsJSON: passkeyOptions }) }))
            }
          >
            {t('login.usePasskey')}
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
              {useRecovery ? t('login.useApp') : t('login.useRecoveryCode')}
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
            {t('login.back')}
          </Anchor>
        </Group>
      </PublicFormPage>
    );
  }

  return (
    <PublicFormPage title={t('login.title')} onSubmit={submit}>
      {alert}
      {(options.data?.sso.enabled || options.data?.saml.enabled) && (
        <>
          {PROVIDERS.filter((kind) => options.data[kind].enabled).map((kind) => (
            <Button
              key={kind}
              component="a"
              href={`/api/v1/auth/${kind}/start?next=${encodeURIComponent(next)}`}
              variant="default"
              fullWidth
            >
              {t('login.signInWith', { provider: options.data[kind].displayName })}
            </Button>
          ))}
          {options.data.passwordSignInAllowed && <Divider label={t('login.orWithPassword')} labelPosition="center" />}
        </>
      )}
      <PublicEmailInput
        label={t('login.email')}
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        error={fieldErrors.email}
        required
        withAsterisk={false}
      />
      <TextInput
        label={t('login.password')}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={fieldErrors.password}
        required
        withAsterisk={false}
      />
      <PublicSubmit busy={busy}>{t('login.submit')}</PublicSubmit>
      <Group justify="space-between">
        <Anchor component={Link} to="/forgot-password" size="sm">
          {t('login.forgot')}
        </Anchor>
        {options.data?.selfSignup.enabled && (
          <Anchor component={Link} to="/signup" size="sm">
            {t('login.createAccount')}
          </Anchor>
        )}
      </Group>
    </PublicFormPage>
  );
}
