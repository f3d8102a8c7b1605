/** My profile → Notifications: which notification mail to receive, where the organisation allows turning it off. */
import { useTranslation } from 'react-i18next';
import { Badge, Group, Loader, Stack, Switch } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { notificationsApi } from './notificationsApi';
import { SectionHeading } from '../../common/components/SectionHeading';
import { useAction } from '../../common/form/useAction';

export function NotificationPreferences() {
  const { t } = useTranslation('notifications');
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['me', 'notifications'], queryFn: notificationsApi.preferences });
  const { run } = useAction();
  const toggle = (kind: string, enabled: boolean) =>
    run(
      async () => qc.setQueryData(['me', 'notifications'], await notificationsApi.setPreferences({ [kind]: enabled })),
      {
        failed: t('preferences.saveFailed'),
      },
    );
  return (
    <Stack component="section" aria-labelledby="notifications-heading">
      <SectionHeading id="notifications-heading" title={t('preferences.heading')} intro={t('preferences.intro')} />
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
