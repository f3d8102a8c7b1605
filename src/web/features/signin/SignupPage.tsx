import { useState } from 'react';
import { Alert, Anchor, Button, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { waysInApi } from './waysInApi';
import { PublicShell } from '../../app/PublicShell';
import { FullPageLoader } from '../../app/RequireAuth';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { FormError } from '../../common/components/ErrorAlert';
import { useFields } from '../../common/form/useFormState';
import { useSubmit, type FieldErrors } from '../../common/form/useSubmit';
import { MIN_PASSWORD } from './NewPasswordFields';

const NO_SIGNUP = { email: '', firstName: '', lastName: '', password: '', language: 'en' };

/** Self sign-up (when the organisation has switched it on): a verification link is emailed. */
export function SignupPage() {
  usePageTitle('Create your account');
  const options = useQuery({ queryKey: ['auth-options'], queryFn: () => waysInApi.authOptions() });
  const { form, text } = useFields(NO_SIGNUP);
  const [sent, setSent] = useState<string | null>(null);
  const { busy, error, fieldErrors: errors, onSubmit } = useSubmit();

  if (options.isPending)
    return (
      <main>
        <FullPageLoader />
      </main>
    );
  const signup = options.data?.selfSignup;

  const check: FieldErrors = {};
  if (!form.email.trim()) check.email = 'Enter your email address';
  if (!form.firstName.trim()) check.firstName = 'Enter your first name';
  if (form.password.length < MIN_PASSWORD) check.password = `Use at least ${MIN_PASSWORD} characters`;
  const signUp = async () => setSent((await waysInApi.signup({ ...form, email: form.email.trim() })).message);

  return (
    <PublicShell>
      <form onSubmit={onSubmit(signUp, { check })} noValidate>
        <Stack>
          <Title order={1} size="h2">
            Create your account
          </Title>
          {!signup?.enabled ? (
            <Text>Self sign-up is not available in this organisation. Ask your administrator for an invitation.</Text>
          ) : sent ? (
            <Alert
              color="green"
              variant="light"
              title="Check your inbox"
              role="status"
              styles={{ message: { color: '#212529' } }}
            >
              {sent} The link works for 24 hours.
              {signup.requireApproval ? ' An administrator will then review your request.' : ''}
            </Alert>
          ) : (
            <>
              {signup.allowedDomains.length > 0 && (
                <Text size="sm">Open to addresses at {signup.allowedDomains.join(', ')}.</Text>
              )}
              <FormError message={error} />
              <TextInput
                label="Work email"
                type="email"
                autoComplete="username"
                {...text('email')}
                error={errors.email}
                autoFocus
              />
              <TextInput label="First name" autoComplete="given-name" {...text('firstName')} error={errors.firstName} />
              <TextInput label="Last name" autoComplete="family-name" {...text('lastName')} error={errors.lastName} />
              <NativeSelect
                label="Language for emails"
                data={[
                  { value: 'en', label: 'English' },
                  { value: 'fr', label: 'Français' },
                ]}
                {...text('language')}
              />
              <TextInput
                label="Password"
                type="password"
                description={`At least ${MIN_PASSWORD} characters`}
                autoComplete="new-password"
                {...text('password')}
                error={errors.password}
              />
              <Button type="submit" loading={busy} fullWidth>
                Create account
              </Button>
            </>
          )}
          <Anchor component={Link} to="/login">
            I already have an account
          </Anchor>
        </Stack>
      </form>
    </PublicShell>
  );
}
