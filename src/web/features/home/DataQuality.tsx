import { useState } from 'react';
import { Anchor, Badge, Button, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { PersonLink } from '../../common/components/UserRef';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import type { DataQualityKind, Finding } from '../../../common/contract/dataQuality';
import { peopleUrl, reportsApi } from './homeApi';

type Fixable = 'dangling_manager' | 'expired_invitation';

/** This component's wording, in one place. */
const KINDS: Record<DataQualityKind, { title: string; help: string; fix?: string; confirm?: string }> = {
  duplicate: {
    title: 'Likely duplicates',
    help: 'The same employee id written differently, or the same name with a similar email. Open both and keep one.',
  },
  deactivated_manager: {
    title: 'Confirmed people under a deactivated manager',
    help: 'Give them a new manager, or reactivate the manager.',
  },
  dangling_manager: {
    title: 'Reports of a deleted or anonymised manager',
    help: 'Their manager is gone; clear the line, then give them a new manager.',
    fix: 'Clear their manager',
    confirm: 'Clear the manager of every person listed here? Each change is audited as an edit of that person.',
  },
  no_team: { title: 'People in no team', help: 'Add them to a team on the Teams page or on their profile.' },
  expired_invitation: {
    title: 'Pending invitations whose link expired',
    help: 'They cannot accept without a new link.',
    fix: 'Resend their invitations',
    confirm: 'Send a new invitation to every person listed here? Each gets a new link.',
  },
};
const CLEAN = 'Nothing to fix: no problems found.';
const SHOWN = (n: number, total: number) => (total > n ? `The first ${n} of ${total}:` : '');

function FindingCard({ f, onFix }: { f: Finding; onFix: (kind: Fixable) => void }) {
  const k = KINDS[f.kind];
  return (
    <Card withBorder component="section" aria-label={k.title}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {k.title}
          </Title>
          <Badge color={f.total ? 'orange' : 'green'}>{f.total.toLocaleString()}</Badge>
        </Group>
        <Text size="sm">{k.help}</Text>
        {f.total > 0 && (
          <>
            <Text size="sm">{SHOWN(f.items.length, f.total)}</Text>
            <List size="sm">
              {f.items.map((i) => (
                <List.Item key={`${i.person.id}-${i.other?.id ?? ''}`}>
                  <PersonLink person={i.person} />
                  {i.other && f.kind === 'duplicate' && (
                    <>
                      {' and '}
                      <PersonLink person={i.other} />
                      {i.reason === 'employee_id' ? ' (same employee id)' : ' (same name, similar email)'}
                    </>
                  )}
                  {i.other && f.kind === 'deactivated_manager' && (
                    <>
                      {' under '}
                      <Anchor component={Link} to={peopleUrl({ managerId: i.other.id })}>
                        {i.other.name}
                      </Anchor>
                    </>
                  )}
                </List.Item>
              ))}
            </List>
            {k.fix && (
              <Group>
                <Button size="xs" variant="light" onClick={() => onFix(f.kind as Fixable)}>
                  {k.fix}
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

/** The data-quality radar (GET /reports/data-quality): each finding with its one-click fix or links to the people. */
export function DataQuality() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['reports', 'data-quality'], queryFn: () => reportsApi.dataQuality() });
  const [fixing, setFixing] = useState<Fixable | null>(null);
  return (
    <Stack>
      <ErrorAlert error={q.error} />
      {q.isPending && <Loader aria-label="Loading" />}
      {q.data && q.data.findings.every((f) => f.total === 0) && <Text>{CLEAN}</Text>}
      {q.data?.findings.map((f) => (
        <FindingCard key={f.kind} f={f} onFix={setFixing} />
      ))}
      <ConfirmModal
        opened={fixing !== null}
        title={fixing ? KINDS[fixing].fix! : ''}
        confirmLabel={fixing ? KINDS[fixing].fix! : 'Confirm'}
        onClose={() => setFixing(null)}
        onConfirm={async () => {
          const r = await reportsApi.fix(fixing!);
          notifications.show({
            color: r.failed ? 'orange' : 'green',
            message: `${r.fixed} fixed${r.failed ? `, ${r.failed} not allowed` : ''}.`,
          });
          await qc.invalidateQueries({ queryKey: ['reports'] });
        }}
      >
        <Text size="sm">{fixing ? KINDS[fixing].confirm : ''}</Text>
      </ConfirmModal>
    </Stack>
  );
}
