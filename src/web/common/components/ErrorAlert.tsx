import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api';

/** An error with a title; `children` (e.g. a list of details) follow the message. */
export function ErrorAlert({ error, title, children }: { error: unknown; title?: string; children?: React.ReactNode }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <FailureAlert title={title ?? t('common:somethingWentWrong')}>
      {errorMessage(error)}
      {children}
    </FailureAlert>
  );
}

/** A red alert with a title, announced to screen readers: what failed, then `children` saying why. */
export function FailureAlert({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Alert
      color="red"
      variant="light"
      title={title}
      role="alert"
      styles={{ message: { color: '#212529' }, title: { color: '#a51d1d' } }}
    >
      {children}
    </Alert>
  );
}

/** A form's error message (no title), announced to screen readers; nothing when there is none. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" styles={{ message: { color: '#212529' } }}>
      {message}
    </Alert>
  );
}
