import { useEffect, useState } from 'react';
import { Alert, List, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../common/api';
import { fullName } from '../../common/lib/format';
import type { HandOverPlan } from '../../../common/contract/handOver';
import { ManagerSelect } from './UserEditForm';

/**
 * In the deactivate and delete confirmations of a manager: who takes over their direct reports and teams —
 * their own manager unless another person is picked (docs/decisions/025-hand-over-and-gdpr.md). Reports the
 * plan to the modal (undefined when there is nothing to hand over, so the call stays as it was).
 */
export function HandOverPanel({
  userId,
  name,
  onPlan,
}: {
  userId: string;
  name: string;
  onPlan: (plan: HandOverPlan | undefined) => void;
}) {
  const { t } = useTranslation('profile');
  // undefined: the server's proposal; '' : nobody; an id: that person.
  const [to, setTo] = useState<string | undefined>(undefined);
  const preview = useQuery({
    queryKey: ['hand-over', userId, to ?? 'proposal'],
    queryFn: () => api.handOverPreview(userId, to || undefined),
    retry: false,
  });
  const p = preview.data;
  const nothing = p && p.reports.length === 0 && p.teams.length === 0;
  const chosen = to ?? p?.to?.id ?? '';
  useEffect(() => {
    onPlan(p && !nothing ? { to: chosen || null } : undefined);
  }, [p, nothing, chosen, onPlan]);

  if (preview.isPending) return <Loader size="sm" aria-label={t('handOver.loading')} />;
  if (preview.isError)
    return (
      <Alert color="red" title={t('handOver.failed')}>
        {errorMessage(preview.error)}
      </Alert>
    );
  if (!p || nothing) return null;
  const refused = p.reports.filter((r) => r.refusal);
  return (
    <Stack gap="xs" aria-label={t('handOver.label')}>
      <Text fw={600}>{t('handOver.title')}</Text>
      <Text size="sm">
        {p.teams.length
          ? t('handOver.managesWithTeams', {
              name,
              people: t('handOver.people', { count: p.reports.length }),
              count: p.teams.length,
            })
          : t('handOver.manages', { name, count: p.reports.length })}{' '}
        {p.proposedTo ? t('handOver.proposed', { name: fullName(p.proposedTo) }) : t('handOver.noManager')}
      </Text>
      <ManagerSelect
        label={t('handOver.to')}
        placeholder={t('handOver.nobody')}
        value={chosen}
        onChange={(v) => setTo(v)}
        excludeId={userId}
      />
      {p.reports.length > 0 && (
        <List size="sm" aria-label={t('handOver.reports')}>
          {p.reports.map((r, i) => (
            <List.Item key={r.id ?? `hidden-${i}`}>
              {r.id ? fullName(r) : t('handOver.outOfScope')}
              {r.refusal && (
                <Text span c="red" size="sm">
                  {' '}
                  — {r.refusal}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
      {p.teams.length > 0 && (
        <List size="sm" aria-label={t('handOver.teams')}>
          {p.teams.map((team) => (
            <List.Item key={team.id}>
              {t('handOver.team', { name: team.name })}
              {team.pendingJoinRequests ? ` ${t('handOver.joinRequests', { count: team.pendingJoinRequests })}` : ''}
            </List.Item>
          ))}
        </List>
      )}
      {p.notesAboutReports > 0 && (
        <Text size="sm" c="dimmed">
          {t('handOver.notes', { count: p.notesAboutReports, name })}
        </Text>
      )}
      {refused.length > 0 && <Alert color="red">{t('handOver.blocked')}</Alert>}
    </Stack>
  );
}
