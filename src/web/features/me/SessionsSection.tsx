import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api, type SignedInSession } from '../../common/api';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { DataTable } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';
import { ToneBadge } from '../../common/components/StatusBadge';
import { formatDateTime } from '../../common/lib/format';
import { SESSION_KEY } from '../../common/lib/session';
import { SectionHeading } from '../../common/components/SectionHeading';

/** Where one is signed in: each session with when and from where, and a way to end any of them. */
export function SessionsSection() {
  const { t } = useTranslation('me');
  const q = useQuery({ queryKey: ['me', 'sessions'], queryFn: () => api.mySessions() });
  const [ending, setEnding] = useState<SignedInSession | null>(null);
  const qc = useQueryClient();
  const navigate = useNavigate();
  return (
    <Stack aria-labelledby="sessions-heading">
      <SectionHeading id="sessions-heading" title={t('sessions.heading')} intro={t('sessions.intro')} />
      <QueryState query={q} loading={t('sessions.loading')} errorTitle={t('sessions.loadFailed')}>
        {(data) => (
          <DataTable
            minWidth={600}
            striped={false}
            columns={[t('sessions.signedIn'), t('sessions.lastUsed'), t('sessions.ip'), t('sessions.browser'), null]}
          >
            {data.items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Group gap="xs">
                    {formatDateTime(s.createdAt)}
                    {s.current && (
                      <ToneBadge tone={{ bg: '#e7f5ff', fg: '#1864ab' }}>{t('sessions.thisBrowser')}</ToneBadge>
                    )}
                    {s.loginAs && (
                      <ToneBadge tone={{ bg: '#fff4e6', fg: '#a33b07' }}>{t('sessions.loginAs')}</ToneBadge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{formatDateTime(s.lastSeenAt)}</Table.Td>
                <Table.Td>{s.ip ?? '—'}</Table.Td>
                <Table.Td>{s.userAgent ?? '—'}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" color="red" onClick={() => setEnding(s)}>
                    {t('sessions.end')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </QueryState>
      <ConfirmModal
        opened={ending !== null}
        title={ending?.current ? t('sessions.signOutHereTitle') : t('sessions.endTitle')}
        danger
        onClose={() => setEnding(null)}
        onConfirm={async () => {
          await api.endMySession(ending!.id);
          if (ending!.current) {
            // Signed out here: as the menu's "Sign out" does.
            qc.clear();
            qc.setQueryData(SESSION_KEY, null);
            void navigate('/login', { replace: true });
          } else {
            notifications.show({ message: t('sessions.ended'), color: 'green' });
            await q.refetch();
          }
        }}
      >
        <Text>{ending?.current ? t('sessions.signOutHereBody') : t('sessions.endBody')}</Text>
      </ConfirmModal>
    </Stack>
  );
}
