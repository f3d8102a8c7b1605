import { useEffect, useState } from 'react';
import { Alert, List, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
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

  if (preview.isPending) return <Loader size="sm" aria-label="Loading the hand-over" />;
  if (preview.isError)
    return (
      <Alert color="red" title="The hand-over could not be prepared">
        {errorMessage(preview.error)}
      </Alert>
    );
  if (!p || nothing) return null;
  const refused = p.reports.filter((r) => r.refusal);
  return (
    <Stack gap="xs" aria-label="Hand-over">
      <Text fw={600}>Hand over</Text>
      <Text size="sm">
        {name} manages {p.reports.length} {p.reports.length === 1 ? 'person' : 'people'}
        {p.teams.length ? ` and ${p.teams.length} ${p.teams.length === 1 ? 'team' : 'teams'}` : ''}.{' '}
        {p.proposedTo ? `Proposed: their own manager, ${fullName(p.proposedTo)}.` : 'They have no active manager.'}
      </Text>
      <ManagerSelect
        label="Hand over to"
        placeholder="Nobody (reports are left without a manager)"
        value={chosen}
        onChange={(v) => setTo(v)}
        excludeId={userId}
      />
      {p.reports.length > 0 && (
        <List size="sm" aria-label="Reports that move">
          {p.reports.map((r, i) => (
            <List.Item key={r.id ?? `hidden-${i}`}>
              {r.id ? fullName(r) : 'Someone outside your scope'}
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
        <List size="sm" aria-label="Teams whose management moves">
          {p.teams.map((t) => (
            <List.Item key={t.id}>
              Team {t.name}
              {t.pendingJoinRequests ? ` (${t.pendingJoinRequests} join requests waiting)` : ''}
            </List.Item>
          ))}
        </List>
      )}
      {p.notesAboutReports > 0 && (
        <Text size="sm" c="dimmed">
          The {p.notesAboutReports} notes {name} wrote about them stay on their profiles, readable by the new manager.
        </Text>
      )}
      {refused.length > 0 && (
        <Alert color="red">Nothing can be handed over until every report can move: pick someone else.</Alert>
      )}
    </Stack>
  );
}
