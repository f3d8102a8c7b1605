import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Anchor, Button, Group, Menu, Paper, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, type User, type UserFilters } from '../../common/api';
import type { Ability } from '../../../common/contract/access';
import type { BulkJobAction } from '../../../common/contract/bulkActions';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { fullName } from '../../common/lib/format';
import { BulkActionDialog } from './BulkActionDialog';
import type { PeopleSelection } from './usePeopleSelection';

// The quick actions' words are people:bulk.<action>.verb / .done.
type BulkAction = 'deactivate' | 'reactivate' | 'invite' | 'add_to_team';

/** Refusals of `POST /users/bulk` with words of their own (people:bulk.refusal.<code>), never the state machine's. */
const REFUSALS = new Set(['invalid_transition', 'forbidden', 'not_found', 'last_owner', 'managed_by_hr']);

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
  selection,
  users,
  manageableTeams,
  abilities,
  isOwner,
  filters,
  total,
}: {
  selection: PeopleSelection;
  /** The people shown, to name those a change failed for. */
  users: User[];
  manageableTeams: { value: string; label: string }[];
  abilities: Set<Ability>;
  isOwner: boolean;
  filters: UserFilters;
  /** How many people the filters match, exactly; undefined while it is being counted. */
  total: number | undefined;
}) {
  const { t } = useTranslation('people');
  const { selected, setSelected, allMatching, setAllMatching } = selection;
  const canLifecycle = abilities.has('people.lifecycle');
  const canInvite = abilities.has('people.invite');
  const qc = useQueryClient();
  const [confirmBulk, setConfirmBulk] = useState<BulkAction | null>(null);
  const [bulkBusy, setBulkBusy] = useState<BulkAction | null>(null);
  const [bulkTeam, setBulkTeam] = useState<string | null>(null);
  const [jobAction, setJobAction] = useState<BulkJobAction | null>(null);
  const menuActions = (Object.keys(NEEDS) as BulkJobAction[]).filter((a) =>
    NEEDS[a] === 'team' ? manageableTeams.length > 0 : abilities.has(NEEDS[a] as Ability),
  );
  const count = allMatching ? (total ?? selected.size) : selected.size;
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
        const code = r.error?.code ?? '';
        const why = REFUSALS.has(code) ? t(`bulk.refusal.${code}`) : t('bulk.refusal.other');
        return t('bulk.failedLine', { name: u ? fullName(u) : t('bulk.someone'), why });
      });
      if (failed.length > 5) lines.push(t('bulk.andMore', { count: failed.length - 5 }));
      notifications.show({
        title: t(`bulk.${action}.done`, { ok, count: results.length }),
        message: failed.length ? (
          <Stack gap={2}>
            <Text size="sm">{t('bulk.notChanged', { count: failed.length })}</Text>
            {lines.map((l) => (
              <Text size="sm" key={l}>
                {l}
              </Text>
            ))}
          </Stack>
        ) : (
          t('bulk.allUpdated')
        ),
        color: failed.length ? (ok ? 'orange' : 'red') : 'green',
        autoClose: failed.length ? false : 5000,
      });
      setSelected(new Set(failed.map((r) => r.userId)));
    } catch (e) {
      notifications.show({ title: t(`bulk.${action}.failed`), message: errorMessage(e), color: 'red' });
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
        <Paper withBorder p="sm" bg="blue.0" role="region" aria-label={t('bulk.region')}>
          <Group justify="space-between">
            <Stack gap={0}>
              <Text fw={500} c="dark.9">
                {allMatching ? t('bulk.allMatchingSelected', { count }) : t('bulk.selected', { count })}
              </Text>
              {!allMatching && pageSelected && total !== undefined && total > selected.size && (
                <Anchor component="button" size="sm" onClick={() => setAllMatching(true)}>
                  {t('bulk.selectAllMatching', { count: total })}
                </Anchor>
              )}
              {allMatching && (
                <Anchor component="button" size="sm" onClick={() => setAllMatching(false)}>
                  {t('bulk.onlyTicked')}
                </Anchor>
              )}
            </Stack>
            <Group gap="xs">
              {menuActions.length > 0 && (
                <Menu position="bottom-end">
                  <Menu.Target>
                    <Button variant="filled">{t('bulk.menu')}</Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {menuActions.map((a) => (
                      <Menu.Item
                        key={a}
                        color={a === 'delete' || a === 'anonymise' ? 'red' : undefined}
                        onClick={() => setJobAction(a)}
                      >
                        {t(`bulkAction.label.${a}`)}
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
                  {t('bulk.deactivate.verb')}
                </Button>
              )}
              {canLifecycle && !allMatching && (
                <Button
                  variant="default"
                  onClick={() => void runBulk('reactivate').catch(() => undefined)}
                  loading={bulkBusy === 'reactivate'}
                >
                  {t('bulk.reactivate.verb')}
                </Button>
              )}
              {canInvite && !allMatching && (
                <Button variant="default" onClick={() => setConfirmBulk('invite')} loading={bulkBusy === 'invite'}>
                  {t('bulk.invite.verb')}
                </Button>
              )}
              {manageableTeams.length > 0 && !allMatching && (
                <Group gap={4}>
                  <Select
                    aria-label={t('bulk.teamLabel')}
                    placeholder={t('bulk.chooseTeam')}
                    data={manageableTeams}
                    value={bulkTeam}
                    onChange={setBulkTeam}
                    searchable
                    clearable
                    nothingFoundMessage={t('filters.noTeamMatches')}
                    w={220}
                  />
                  <Button
                    variant="default"
                    disabled={!bulkTeam}
                    onClick={() => void runBulk('add_to_team').catch(() => undefined)}
                    loading={bulkBusy === 'add_to_team'}
                  >
                    {t('bulk.add_to_team.verb')}
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
                {t('bulk.clearSelection')}
              </Button>
            </Group>
          </Group>
        </Paper>
      )}

      <ConfirmModal
        opened={confirmBulk !== null}
        title={t(confirmBulk === 'invite' ? 'bulk.confirmInvite' : 'bulk.confirmDeactivate', { count: selected.size })}
        confirmLabel={t('common:confirm')}
        danger={confirmBulk === 'deactivate'}
        onClose={() => setConfirmBulk(null)}
        onConfirm={() => (confirmBulk ? runBulk(confirmBulk) : undefined)}
      >
        {confirmBulk === 'invite' ? (
          <Text>{t('bulk.confirmInviteText')}</Text>
        ) : (
          <Text>{t('bulk.confirmDeactivateText')}</Text>
        )}
      </ConfirmModal>

      <BulkActionDialog
        action={jobAction}
        target={allMatching ? { filters } : { ids: [...selected] }}
        targetLabel={allMatching ? t('bulk.allMatchingTarget', { count }) : t('bulk.selectedTarget', { count })}
        teams={manageableTeams}
        isOwner={isOwner}
        onClose={() => setJobAction(null)}
      />
    </>
  );
}
