import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ColorInput, Group, Loader, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { notificationsApi, type MailBranding } from './notificationsApi';

/** Settings → Mail → Branding: the logo, colour, sender name and reply-to address every mail carries. */
export function BrandingForm() {
  const { t } = useTranslation('notifications');
  const q = useQuery({ queryKey: ['mail-branding'], queryFn: notificationsApi.branding });
  const [b, setB] = useState<MailBranding | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (q.data) setB(q.data);
  }, [q.data]);
  if (q.error) return <ErrorAlert error={q.error} title={t('branding.loadFailed')} />;
  if (!b) return <Loader aria-label={t('branding.loading')} />;
  async function save() {
    setBusy(true);
    try {
      setB(await notificationsApi.setBranding(b!));
      notifications.show({ message: t('branding.saved'), color: 'green' });
    } catch (err) {
      notifications.show({ title: t('branding.saveFailed'), message: errorMessage(err), color: 'red' });
    } finally {
      setBusy(false);
    }
  }
  const text = (v: string) => (v.trim() ? v : null);
  return (
    <Stack component="section" aria-labelledby="branding-heading">
      <Title order={2} size="h3" id="branding-heading">
        {t('branding.heading')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <TextInput
          label={t('branding.logoUrl')}
          value={b.logoUrl ?? ''}
          onChange={(e) => setB({ ...b, logoUrl: text(e.currentTarget.value) })}
        />
        <ColorInput
          label={t('branding.colour')}
          value={b.colour}
          onChange={(colour) => setB({ ...b, colour })}
          format="hex"
          eyeDropperButtonProps={{ 'aria-label': t('branding.eyeDropper') }}
        />
        <TextInput
          label={t('branding.senderName')}
          value={b.senderName ?? ''}
          onChange={(e) => setB({ ...b, senderName: text(e.currentTarget.value) })}
        />
        <TextInput
          label={t('branding.replyTo')}
          value={b.replyTo ?? ''}
          onChange={(e) => setB({ ...b, replyTo: text(e.currentTarget.value) })}
        />
      </SimpleGrid>
      <Group>
        <Button loading={busy} onClick={() => void save()}>
          {t('branding.save')}
        </Button>
      </Group>
    </Stack>
  );
}
