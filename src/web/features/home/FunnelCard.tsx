import { useState } from 'react';
import { Anchor, Button, Group, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { Card } from './HomeCards';
import { reportsApi, type Summary } from './homeApi';

/** Sent → accepted over 90 days, the median time to accept, and the pending invitations to remind. */
export function FunnelCard({ summary, canInvite }: { summary: Summary; canInvite: boolean }) {
  const f = summary.funnel;
  const qc = useQueryClient();
  const [remind, setRemind] = useState<7 | 30 | null>(null);
  const count = remind === 30 ? f.pendingOver30Days : f.pendingOver7Days;
  return (
    <Card title="Invitations" id="funnel-heading">
      <BarChart
        h={140}
        data={[
          { stage: 'Sent', People: f.sent },
          { stage: 'Accepted', People: f.accepted },
        ]}
        dataKey="stage"
        orientation="vertical"
        yAxisProps={{ width: 80 }}
        series={[{ name: 'People', color: 'blue.6' }]}
      />
      <Text size="sm">
        Last {f.days} days: {f.sent} sent, {f.accepted} accepted
        {f.sent ? ` (${Math.round((f.accepted / f.sent) * 100)}%)` : ''}.{' '}
        {f.medianHoursToAccept === null
          ? 'None accepted yet.'
          : `Median time to accept: ${f.medianHoursToAccept < 48 ? `${f.medianHoursToAccept} hours` : `${Math.round(f.medianHoursToAccept / 24)} days`}.`}
      </Text>
      <Group gap="xs">
        <Anchor component={Link} to="/reports/pending-invitations" size="sm">
          {f.pending} pending
        </Anchor>
        <Text size="sm">
          · {f.pendingOver7Days} over 7 days · {f.pendingOver30Days} over 30 days
        </Text>
      </Group>
      {canInvite && (
        <Group gap="xs">
          <Button size="xs" variant="light" disabled={!f.pendingOver7Days} onClick={() => setRemind(7)}>
            Remind all pending over 7 days
          </Button>
          <Button size="xs" variant="light" disabled={!f.pendingOver30Days} onClick={() => setRemind(30)}>
            Remind all pending over 30 days
          </Button>
        </Group>
      )}
      <ConfirmModal
        opened={remind !== null}
        title="Send reminders"
        confirmLabel="Send reminders"
        onClose={() => setRemind(null)}
        onConfirm={async () => {
          const r = await reportsApi.remind(remind!);
          notifications.show({
            color: r.failed ? 'orange' : 'green',
            message: `${r.reminded} reminder${r.reminded === 1 ? '' : 's'} sent${r.failed ? `, ${r.failed} not allowed` : ''}.`,
          });
          setRemind(null);
          await qc.invalidateQueries({ queryKey: ['reports'] });
        }}
      >
        <Text size="sm">
          Resend the invitation to the {count} {count === 1 ? 'person' : 'people'} whose invitation has been pending for
          over {remind} days? Each gets a new link; their old link stops working.
        </Text>
      </ConfirmModal>
    </Card>
  );
}
