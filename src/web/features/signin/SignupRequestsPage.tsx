import { useState } from 'react';
import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../common/api';
import { waysInApi } from './waysInApi';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { FullPageLoader } from '../../app/RequireAuth';
import { usePageTitle } from '../../common/lib/usePageTitle';

/** The approval queue of self sign-up: verified requests an administrator approves or declines. */
export function SignupRequestsPage() {
  usePageTitle('Sign-up requests');
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['signup-requests'], queryFn: () => waysInApi.signupRequests() });
  const [busy, setBusy] = useState<string | null>(null);

  async function decide(id: string, decision: 'approve' | 'decline', who: string) {
    setBusy(id + decision);
    try {
      await waysInApi.decideSignup(id, decision);
      notifications.show({
        message: decision === 'approve' ? `${who} can now sign in.` : `${who}'s request was declined.`,
        color: 'green',
      });
      await qc.invalidateQueries({ queryKey: ['signup-requests'] });
    } catch (err) {
      notifications.show({ message: errorMessage(err), color: 'red' });
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack>
      <Title order={1}>Sign-up requests</Title>
      <Text c="dimmed">
        People who signed up and confirmed their email address, waiting for approval. Each is told the decision by
        email.
      </Text>
      {list.isPending ? (
        <FullPageLoader />
      ) : list.error ? (
        <ErrorAlert error={list.error} />
      ) : list.data.items.length === 0 ? (
        <Text>No requests are waiting.</Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Confirmed</Table.Th>
              <Table.Th>
                <VisuallyHidden>Decision</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((r) => {
              const who = `${r.firstName} ${r.lastName}`.trim();
              return (
                <Table.Tr key={r.id}>
                  <Table.Td>{who}</Table.Td>
                  <Table.Td>{r.email}</Table.Td>
                  <Table.Td>{new Date(r.verifiedAt).toLocaleString()}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end">
                      <Button
                        size="xs"
                        loading={busy === r.id + 'approve'}
                        onClick={() => void decide(r.id, 'approve', who)}
                        aria-label={`Approve ${who}`}
                      >
                        Approve
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        loading={busy === r.id + 'decline'}
                        onClick={() => void decide(r.id, 'decline', who)}
                        aria-label={`Decline ${who}`}
                      >
                        Decline
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
