import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ColorInput, Group, Loader, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { notificationsApi, type MailBranding } from './notificationsApi';
import { SectionHeading } from '../../common/components/SectionHeading';
import { useAction } from '../../common/form/useAction';

/** Settings → Mail → Branding: the logo, colour, sender name and reply-to address every mail carries. */
export function BrandingForm() {
  const { t } = useTranslation('notifications');
  const q = useQuery({ queryKey: ['mail-branding'], queryFn: notificationsApi.branding });
  const [b, setB] = useState<MailBranding | null>(null);
  const { busy, run } = useAction();
  useEffect(() => {
    if (q.data) setB(q.data);
  }, [q.data]);
  if (q.error) return <ErrorAlert error={q.error} title={t('branding.loadFailed')} />;
  if (!b) return <Loader aria-label={t('branding.loading')} />;
  const save = () =>
    run(async () => setB(await notificationsApi.setBranding(b!)), {
      success: t('branding.saved'),
      failed: t('branding.saveFailed'),
    });
  /** A text setting: blank is stored as none. */
  const textInput = (key: 'logoUrl' | 'senderName' | 'replyTo', label: string) => (
    <TextInput
      label={label}
      value={b[key] ?? ''}
      onChange={(e) => setB({ ...b, [key]: e.currentTarget.value.trim() ? e.currentTarget.value : null })}
    />
  );
  return (
    <Stack component="section" aria-labelledby="branding-heading">
      <SectionHeading id="branding-heading" title={t('branding.heading')} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {textInput('logoUrl', t('branding.logoUrl'))}
        <ColorInput
          label={t('branding.colour')}
          value={b.colour}
          onChange={(colour) => setB({ ...b, colour })}
          format="hex"
          eyeDropperButtonProps={{ 'aria-label': t('branding.eyeDropper') }}
        />
        {textInput('senderName', t('branding.senderName'))}
        {textInput('replyTo', t('branding.replyTo'))}
      </SimpleGrid>
      <Group>
        <Button loading={busy} onClick={() => void save()}>
          {t('branding.save')}
        </Button>
      </Group>
    </Stack>
  );
}
