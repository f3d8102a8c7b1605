/** My profile → Notifications: which notification mail to receive, where the organisation allows turning it off. */
import { useTranslation } from 'react-i18next';
import { Badge, Group, Loader, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { notificationsApi } from './notificationsApi';

export function NotificationPreferences() {
  const { t } = useTranslation('notifications');
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['me', 'notifications'], queryFn: notificationsApi.preferences });
  async function toggle(kind: string, enabled: boolean) {
    try {
      const next = await notificationsApi.setPreferences({ [kind]: enabled });
      qc.setQueryData(['me', 'notifications'], next);
    } catch (err) {
      notifications.show({ title: t('preferences.saveFailed'), message: errorMessage(err), color: 'red' });
    }
  }
  return (
    <Stack component="section" aria-labelledby="notifications-heading">
      <Title order={2} size="h3" id="notifications-heading">
        {t('preferences.heading')}
      </Title>
      <Text size="sm" c="dark.7">
        {t('preferences.intro')}
      </Text>
      {q.error ? (
        <ErrorAlert error={q.error} title={t('preferences.loadFailed')} />
      ) : q.isPending ? (
        <Loader aria-label={t('preferences.loading')} />
      ) : (
        q.data.items.map((p) => (
          <Group key={p.kind} justify="space-between" wrap="nowrap">
            <Switch
              label={t(`preference.${p.kind}`, { defaultValue: p.label })}
              checked={p.enabled}
              disabled={!p.canOptOut}
              onChange={(e) => void toggle(p.kind, e.currentTarget.checked)}
            />
            {!p.canOptOut && (
              <Badge variant="light" color="gray">
                {p.category === 'security' ? t('preferences.alwaysSent') : t('preferences.required')}
              </Badge>
            )}
          </Group>
        ))
      )}
    </Stack>
  );
}
