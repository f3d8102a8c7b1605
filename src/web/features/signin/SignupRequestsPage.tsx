import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../common/api';
import { waysInApi } from './waysInApi';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { FullPageLoader } from '../../app/RequireAuth';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { formatDateTime } from '../../common/lib/format';
import { SimpleTable } from '../../common/components/DataTable';

/** A request's answers, in the order of their buttons: Approve (filled), then Decline. */
const DECISIONS = ['approve', 'decline'] as const;

/** The approval queue of self sign-up: verified requests an administrator approves or declines. */
export function SignupRequestsPage() {
  const { t } = useTranslation('signin');
  usePageTitle(t('requests.title'));
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['signup-requests'], queryFn: () => waysInApi.signupRequests() });
  const [busy, setBusy] = useState<string | null>(null);

  async function decide(id: string, decision: (typeof DECISIONS)[number], who: string) {
    setBusy(id + decision);
    try {
      await waysInApi.decideSignup(id, decision);
      notifications.show({
        message: decision === 'approve' ? t('requests.approved', { name: who }) : t('requests.declined', { name: who }),
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
      <Title order={1}>{t('requests.title')}</Title>
      <Text c="dimmed">{t('requests.intro')}</Text>
      {list.isPending ? (
        <FullPageLoader />
      ) : list.error ? (
        <ErrorAlert error={list.error} />
      ) : list.data.items.length === 0 ? (
        <Text>{t('requests.empty')}</Text>
      ) : (
        <SimpleTable
          striped
          columns={[
            t('requests.name'),
            t('login.email'),
            t('requests.confirmed'),
            <VisuallyHidden>{t('requests.decision')}</VisuallyHidden>,
          ]}
        >
          {list.data.items.map((r) => {
            const who = `${r.firstName} ${r.lastName}`.trim();
            return (
              <Table.Tr key={r.id}>
                <Table.Td>{who}</Table.Td>
                <Table.Td>{r.email}</Table.Td>
                <Table.Td>{formatDateTime(r.verifiedAt)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end">
                    {DECISIONS.map((decision) => (
                      <Button
                        key={decision}
                        size="xs"
                        variant={decision === 'approve' ? 'filled' : 'default'}
                        loading={busy === r.id + decision}
                        onClick={() => void decide(r.id, decision, who)}
                        aria-label={t(`requests.${decision}Who`, { name: who })}
                      >
                        {t(`requests.${decision}`)}
                      </Button>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </SimpleTable>
      )}
    </Stack>
  );
}
