import { useState } from 'react';
import { Anchor, Button, Group, Menu, Paper, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, type User, type UserFilters } from '../../common/api';
import type { Ability } from '../../../common/contract/access';
import type { BulkJobAction } from '../../../common/contract/bulkActions';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { fullName } from '../../common/lib/format';
import { BULK_ACTION_LABELS, BulkActionDialog } from './BulkActionDialog';

type BulkAction = 'deactivate' | 'reactivate' | 'invite' | 'add_to_team';

const BULK_LABELS: Record<BulkAction, { verb: string; done: string }> = {
  deactivate: { verb: 'Deactivate', done: 'deactivated' },
  reactivate: { verb: 'Reactivate', done: 'reactivated' },
  invite: { verb: 'Send invite', done: 'invited' },
  add_to_team: { verb: 'Add to team', done: 'added to the team' },
};

/** What a refusal of `POST /users/bulk` means, for people (never the state machine's own wording). */
const REFUSALS: Record<string, string> = {
  invalid_transition: 'not possible in their current status',
  forbidden: 'you are not allowed to do this for them',
  not_found: 'not found',
  last_owner: 'they are the last Owner',
  managed_by_hr: 'managed by HR (SCIM)',
};

/** The abilities each bulk action needs (the menu offers only these; the server checks each person). */
const NEEDS: Record<BulkJobAction, Ability | 'team'> = {
  invite: 'people.invite',
  cancel_invite: 'people.invite',
  deactivate: 'people.lifecycle',
  reactivate: 'people.lifecycle',
  set_expiry: 'people.lifecycle',
  clear_expiry: 'people.lifecycle',
  set_role: 'roles.assign',
  set_manager: 'people.edit',
  add_to_team: 'team',
  remove_from_team: 'team',
  delete: 'people.delete',
  anonymise: 'people.delete',
};

/**
 * Actions on the selected people of the list. The quick buttons run on the people ticked on screen (a small
 * list): they report how many succeeded with the reasons of the failures, and keep only the failed people
 * selected so they can be retried. "Bulk actions" runs any action as a job, on the selection or on everyone
 * the filters match, with a preview first (BulkActionDialog).
 */
export function BulkBar({
  selected,
  setSelected,
  users,
  canLifecycle,
  canInvite,
  manageableTeams,
  abilities,
  isOwner,
  filters,
  total,
  allMatching,
  setAllMatching,
}: {
  selected: Set<string>;
  setSelected: (s: Set<string>) => void;
  /** The people shown, to name those a change failed for. */
  users: User[];
  canLifecycle: boolean;
  canInvite: boolean;
  manageableTeams: { value: string; label: string }[];
  abilities: Set<Ability>;
  isOwner: boolean;
  filters: UserFilters;
  /** How many people the filters match. */
  total: number;
  /** Everyone the filters match is selected, beyond the pages loaded. */
  allMatching: boolean;
  setAllMatching: (on: boolean) => void;
}) {
  const qc = useQueryClient();
  const [confirmBulk, setConfirmBulk] = useState<BulkAction | null>(null);
  const [bulkBusy, setBulkBusy] = useState<BulkAction | null>(null);
  const [bulkTeam, setBulkTeam] = useState<string | null>(null);
  const [jobAction, setJobAction] = useState<BulkJobAction | null>(null);
  const menuActions = (Object.keys(NEEDS) as BulkJobAction[]).filter((a) =>
    NEEDS[a] === 'team' ? manageableTeams.length > 0 : abilities.has(NEEDS[a] as Ability),
  );
  const count = allMatching ? total : selected.size;
  const pageSelected = users.length > 0 && users.every((u) => selected.has(u.id));

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
        const why = (r.error && REFUSALS[r.error.code]) ?? 'could not be changed';
        return `${u ? fullName(u) : 'Someone'}: ${why}`;
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
      notifications.show({ title: `${BULK_LABELS[action].verb} failed`, message: errorMessage(e), color: 'red' });
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
            <Stack gap={0}>
              <Text fw={500} c="dark.9">
                {allMatching ? `All ${count.toLocaleString('en')} matching selected` : `${count} selected`}
              </Text>
              {!allMatching && pageSelected && total > selected.size && (
                <Anchor component="button" size="sm" onClick={() => setAllMatching(true)}>
                  {`Select all ${total.toLocaleString('en')} matching`}
                </Anchor>
              )}
              {allMatching && (
                <Anchor component="button" size="sm" onClick={() => setAllMatching(false)}>
                  Only the people ticked on screen
                </Anchor>
              )}
            </Stack>
            <Group gap="xs">
              {menuActions.length > 0 && (
                <Menu position="bottom-end">
                  <Menu.Target>
                    <Button variant="filled">Bulk actions…</Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {menuActions.map((a) => (
                      <Menu.Item
                        key={a}
                        color={a === 'delete' || a === 'anonymise' ? 'red' : undefined}
                        onClick={() => setJobAction(a)}
                      >
                        {BULK_ACTION_LABELS[a]}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
              )}
              {canLifecycle && !allMatching && (
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
              {canLifecycle && !allMatching && (
                <Button
                  variant="default"
                  onClick={() => void runBulk('reactivate').catch(() => undefined)}
                  loading={bulkBusy === 'reactivate'}
                >
                  Reactivate
                </Button>
              )}
              {canInvite && !allMatching && (
                <Button variant="default" onClick={() => setConfirmBulk('invite')} loading={bulkBusy === 'invite'}>
                  Send invite
                </Button>
              )}
              {manageableTeams.length > 0 && !allMatching && (
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
              <Button
                variant="subtle"
                color="dark"
                onClick={() => {
                  setAllMatching(false);
                  setSelected(new Set());
                }}
              >
                Clear selection
              </Button>
            </Group>
          </Group>
        </Paper>
      )}

      <ConfirmModal
        opened={confirmBulk !== null}
        title={`${confirmBulk === 'invite' ? 'Send an invitation to' : 'Deactivate'} ${selected.size} ${selected.size === 1 ? 'person' : 'people'}?`}
        danger={confirmBulk === 'deactivate'}
        onClose={() => setConfirmBulk(null)}
        onConfirm={() => (confirmBulk ? runBulk(confirmBulk) : undefined)}
      >
        {confirmBulk === 'invite' ? (
          <Text>
            Each person who has not joined yet gets an email with a sign-in link now; people with an invitation pending
            get a fresh link. People who already joined are left as they are.
          </Text>
        ) : (
          <Text>
            Deactivated people can no longer sign in, their open invitation links stop working and scheduled emails to
            them are cancelled. All their data is kept and they can be reactivated later.
          </Text>
        )}
      </ConfirmModal>

      <BulkActionDialog
        action={jobAction}
        target={allMatching ? { filters } : { ids: [...selected] }}
        targetLabel={allMatching ? `all ${count.toLocaleString('en')} matching` : `${count} selected`}
        teams={manageableTeams}
        isOwner={isOwner}
        onClose={() => setJobAction(null)}
      />
    </>
  );
}
