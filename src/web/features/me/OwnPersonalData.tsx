import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Stack, Text } from '@mantine/core';
import { api } from '../../common/api';
import { formatDateTime } from '../../common/lib/format';
import { SectionHeading } from '../../common/components/SectionHeading';
import { useSubmit } from '../../common/form/useSubmit';

/** My profile: a copy of one's own personal data, sent as a link to one's email address (once a day). */
export function OwnPersonalData({ email }: { email: string | null }) {
  const { t } = useTranslation('me');
  const [sentUntil, setSentUntil] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  const ask = () => run(async () => setSentUntil((await api.requestOwnPersonalData()).expiresAt));

  return (
    <Stack component="section" aria-labelledby="own-data-heading" gap="sm">
      <SectionHeading id="own-data-heading" title={t('ownData.heading')} />
      <Text size="sm">{email ? t('ownData.intro', { email }) : t('ownData.introNoEmail')}</Text>
      {sentUntil && (
        <Alert color="green" title={t('ownData.sent')}>
          {t('ownData.sentUntil', { date: formatDateTime(sentUntil) })}
        </Alert>
      )}
      {error && <Alert color="red">{error}</Alert>}
      <div>
        <Button variant="default" loading={busy} disabled={!email || Boolean(sentUntil)} onClick={() => void ask()}>
          {t('ownData.ask')}
        </Button>
      </div>
    </Stack>
  );
}
