import { Anchor, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { accessApi, type Limit, type ProfileAssignment } from '../../common/api';
import { useItemConfirmation } from '../../common/components/useItemConfirmation';
import { permissionLabel } from './GrantsPanel';
import { RightsTable } from './RightsTable';
import { ProfileSection } from './ProfileSection';
import { LimitedGrantForm, useLimitChoices, type RightsPanelProps } from './LimitedGrantForm';

/**
 * The permission profiles assigned to this person, each with its limit, and what the person can reach (how many
 * people their People list shows, with a link to them). Owners and Admins (grants.manage) see and change it
 * (docs/decisions/031-delegated-administration.md).
 */
export function ProfileAssignmentsPanel({ userId, userName, canManage, isSelf }: RightsPanelProps) {
  const { t } = useTranslation('profile');
  const qc = useQueryClient();
  const key = ['user', userId, 'profile-assignments'];
  const q = useQuery({ queryKey: key, queryFn: () => accessApi.assignments(userId) });
  const reach = useQuery({ queryKey: ['user', userId, 'reach'], queryFn: () => accessApi.reach(userId) });
  const editable = canManage && !isSelf;
  const profiles = useQuery({
    queryKey: ['permission-profiles'],
    queryFn: () => accessApi.profiles(),
    enabled: editable,
  });
  const limits = useLimitChoices();

  async function refresh() {
    await qc.invalidateQueries({ queryKey: key });
    await qc.invalidateQueries({ queryKey: ['user', userId, 'reach'] });
  }

  const removing = useItemConfirmation((a: ProfileAssignment) => ({
    title: t('profiles.removeTitle'),
    children: <Text>{t('profiles.removeText', { name: userName, profile: a.profileName })}</Text>,
    danger: true,
    onConfirm: async () => {
      await accessApi.removeAssignment(userId, a.id);
      await refresh();
    },
  }));

  async function give(profileId: string, limit: Limit) {
    const a = await accessApi.assignProfile(userId, profileId, limit);
    await refresh();
    notifications.show({ message: t('profiles.assigned', { profile: a.profileName, name: userName }), color: 'green' });
  }

  return (
    <ProfileSection id="profiles-heading" title={t('profiles.title')} intro={t('profiles.intro')}>
      {reach.data && (
        <Text size="sm" data-testid="reach">
          {reach.data.everyone
            ? t('profiles.reachEveryone', { count: reach.data.count })
            : t('profiles.reach', { count: reach.data.count })}{' '}
          <Anchor component={Link} to={`/?${reach.data.peopleQuery}`} size="sm">
            {t('profiles.reachLink')}
          </Anchor>
        </Text>
      )}

      <RightsTable
        query={q}
        headingId="profiles-heading"
        text={{ loading: t('profiles.loading'), loadFailed: t('profiles.loadFailed'), empty: t('profiles.empty') }}
        columns={[t('profiles.profile'), t('profiles.permissions'), t('grants.scope')]}
        cells={(a) => (
          <>
            <Table.Td>{a.profileName}</Table.Td>
            <Table.Td>{a.permissions.map(permissionLabel).join(', ')}</Table.Td>
            <Table.Td>{limits.describe(a)}</Table.Td>
          </>
        )}
        remove={
          editable
            ? { label: (a) => t('profiles.removeLabel', { profile: a.profileName }), onClick: removing.ask }
            : undefined
        }
      />

      {editable && (
        <LimitedGrantForm
          formLabel={t('profiles.assignForm')}
          what={{
            label: t('profiles.profile'),
            placeholder: t('profiles.choose'),
            choices: (profiles.data?.items ?? []).map((p) => ({ value: p.id, label: p.name })),
            chooseFirst: t('profiles.chooseFirst'),
          }}
          limits={limits}
          submitLabel={t('profiles.assign')}
          give={give}
        />
      )}
      {removing.modal}
    </ProfileSection>
  );
}
