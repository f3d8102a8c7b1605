import { useState } from 'react';
import { Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { api, type User } from '../../common/api';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { fullName } from '../../common/lib/format';

type BulkAction = 'deactivate' | 'reactivate' | 'invite' | 'add_to_team';

const BULK_LABELS: Record<BulkAction, { verb: string; done: string }> = {
  deactivate: { verb: 'Deactivate', done: 'deactivated' },
  reactivate: { verb: 'Reactivate', done: 'reactivated' },
  invite: { verb: 'Send invite', done: 'invited' },
  add_to_team: { verb: 'Add to team', done: 'added to the team' },
};

/**
 * Actions on the selected people of the list: runs them, reports how many succeeded with the reasons of the
 * failures, and keeps only the failed people selected so they can be retried.
 */
export function BulkBar({
  selected,
  setSelected,
  users,
  canLifecycle,
  canInvite,
  manageableTeams,
}: {
  selected: Set<string>;
  setSelected: (s: Set<string>) => void;
  /** The people shown, to name those a change failed for. */
  users: User[];
  canLifecycle: boolean;
  canInvite: boolean;
  manageableTeams: { value: string; label: string }[];
}) {
  const qc = useQueryClient();
  const [confirmBulk, setConfirmBulk] = useState<BulkAction | null>(null);
  const [bulkBusy, setBulkBusy] = useState<BulkAction | null>(null);
  const [bulkTeam, setBulkTeam] = useState<string | null>(null);

  async function runBulk(action: BulkAction) {
    const ids = [...selected];
    setBulkBusy(action);
    try {
      const { results } = await api.bulk(
        action,
        ids,
        action === 'add_to_team' ? { teamId: bulkTeam ?? undefined } : {},
      );
      const ok = results.filter((r) => r.ok).length;
      const failed = results.filter((r) => !r.ok);
      const byId = new Map(users.map((u) => [u.id, u]));
      const lines = failed.slice(0, 5).map((r) => {
        const u = byId.get(r.userId);
        return `${u ? fullName(u) : r.userId}: ${r.error?.message ?? 'failed'}`;
      });
      if (failed.length > 5) lines.push(`…and ${failed.length - 5} more`);
      notifications.show({
        title: `${ok} of ${results.length} ${BULK_LABELS[action].done}`,
        message: failed.length ? (
          <Stack gap={2}>
            <Text size="sm">{failed.length} could not be changed:</Text>
            {lines.map((l) => (
              <Text size="sm" key={l}>
                {l}
              </Text>
            ))}
          </Stack>
        ) : (
          'All selected people were updated.'
        ),
        color: failed.length ? (ok ? 'orange' : 'red') : 'green',
        autoClose: failed.length ? false : 5000,
      });
      setSelected(new Set(failed.map((r) => r.userId)));
    } catch (e) {
      notifications.show({ title: `${BULK_LABELS[action].verb} failed`, message: (e as Error).message, color: 'red' });
      throw e;
    } finally {
      setBulkBusy(null);
      await qc.invalidateQueries({ queryKey: ['users'] });
      await qc.invalidateQueries({ queryKey: ['users-counts'] });
      if (action === 'add_to_team') await qc.invalidateQueries({ queryKey: ['teams'] });
    }
  }

  return (
    <>
      {selected.size > 0 && (
        <Paper withBorder p="sm" bg="blue.0" role="region" aria-label="Bulk actions">
          <Group justify="space-between">
            <Text fw={500} c="dark.9">
              {selected.size} selected
            </Text>
            <Group gap="xs">
              {canLifecycle && (
                <Button
                  color="red"
                  variant="outline"
                  bg="white"
                  onClick={() => setConfirmBulk('deactivate')}
                  loading={bulkBusy === 'deactivate'}
                >
                  Deactivate
                </Button>
              )}
              {canLifecycle && (
                <Button
                  variant="default"
                  onClick={() => void runBulk('reactivate').catch(() => undefined)}
                  loading={bulkBusy === 'reactivate'}
                >
                  Reactivate
                </Button>
              )}
              {canInvite && (
                <Button
                  variant="default"
                  onClick={() => void runBulk('invite').catch(() => undefined)}
                  loading={bulkBusy === 'invite'}
                >
                  Send invite
                </Button>
              )}
              {manageableTeams.length > 0 && (
                <Group gap={4}>
                  <Select
                    aria-label="Team to add the selected people to"
                    placeholder="Choose a team"
                    data={manageableTeams}
                    value={bulkTeam}
                    onChange={setBulkTeam}
                    searchable
                    clearable
                    nothingFoundMessage="No team matches"
                    w={220}
                  />
                  <Button
                    variant="default"
                    disabled={!bulkTeam}
                    onClick={() => void runBulk('add_to_team').catch(() => undefined)}
                    loading={bulkBusy === 'add_to_team'}
                  >
                    Add to team
                  </Button>
                </Group>
              )}
              <Button variant="subtle" color="dark" onClick={() => setSelected(new Set())}>
                Clear selection
              </Button>
            </Group>
          </Group>
        </Paper>
      )}

      <ConfirmModal
        opened={confirmBulk !== null}
        title={`Deactivate ${selected.size} ${selected.size === 1 ? 'person' : 'people'}?`}
        danger
        onClose={() => setConfirmBulk(null)}
        onConfirm={() => (confirmBulk ? runBulk(confirmBulk) : undefined)}
      >
        <Text>
          Deactivated people can no longer sign in, their open invitation links stop working and scheduled emails to
          them are cancelled. All their data is kept and they can be reactivated later.
        </Text>
      </ConfirmModal>
    </>
  );
}
