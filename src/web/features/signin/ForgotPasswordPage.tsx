import { useState } from 'react';
import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { waysInApi } from './waysInApi';
import { PublicShell } from '../../app/PublicShell';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { FormError } from '../../common/components/ErrorAlert';
import { useSubmit } from '../../common/form/useSubmit';

/** "Forgot your password?": asks for an email address; the answer never says whether it has an account. */
export function ForgotPasswordPage() {
  usePageTitle('Reset your password');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const { busy, error, fieldErrors, onSubmit } = useSubmit();
  const send = async () => setSent((await waysInApi.requestPasswordReset(email.trim())).message);

  return (
    <PublicShell>
      <form onSubmit={onSubmit(send, { check: email.trim() ? {} : { email: 'Enter your email address' } })} noValidate>
        <Stack>
          <Title order={1} size="h2">
            Reset your password
          </Title>
          {sent ? (
            <Alert
              color="green"
              variant="light"
              title="Check your inbox"
              role="status"
              styles={{ message: { color: '#212529' } }}
            >
              {sent} The link works once, for one hour.
            </Alert>
          ) : (
            <>
              <Text>Enter the email address of your account and we will send you a link to choose a new password.</Text>
              <FormError message={error} />
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={fieldErrors.email}
                autoFocus
              />
              <Button type="submit" loading={busy} fullWidth>
                Send me a link
              </Button>
            </>
          )}
          <Anchor component={Link} to="/login">
            Back to sign-in
          </Anchor>
        </Stack>
      </form>
    </PublicShell>
  );
}
