import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What a public page says once it has sent a link by mail (password reset, sign-up): "Check your inbox", then `children`. */
export function CheckInbox({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation('signin');
  return (
    <Alert
      color="green"
      variant="light"
      title={t('checkInbox')}
      role="status"
      styles={{ message: { color: '#212529' } }}
    >
      {children}
    </Alert>
  );
}
