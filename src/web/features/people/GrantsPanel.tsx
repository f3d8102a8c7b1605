import { Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n';
import { accessApi, type Grant, type GrantablePermission, type Limit } from '../../common/api';
import { GRANTABLE } from '../../../common/contract/access';
import { formatDateTime } from '../../common/lib/format';
import { useItemConfirmation } from '../../common/components/useItemConfirmation';
import { UserRef } from '../../common/components/UserRef';
import { RightsTable } from './RightsTable';
import { ProfileSection } from './ProfileSection';
import { LimitedGrantForm, useLimitChoices, type RightsPanelProps } from './LimitedGrantForm';

/** The grantable permissions, in the contract's order; their words are profile:grants.label.<permission>. */
const PERMISSIONS: readonly string[] = GRANTABLE;

/** A permission in the UI's language; a name this UI does not know stays as the server sent it. */
export function permissionLabel(p: string): string {
  return PERMISSIONS.includes(p) ? i18next.t(`profile:grants.label.${p}`) : p;
}

/**
 * Permissions granted to this person on top of their role, organisation-wide or limited to a team.
 * Anyone who sees the profile sees them; only holders of grants.manage (Owners, Admins) change them.
 */
export function GrantsPanel({ userId, userName, canManage, isSelf }: RightsPanelProps) {
  const { t } = useTranslation('profile');
  const qc = useQueryClient();
  const key = ['user', userId, 'grants'];
  const q = useQuery({ queryKey: key, queryFn: () => accessApi.grants(userId) });
  const limits = useLimitChoices();
  const scope = (g: Grant) => limits.describe(g);
  const removing = useItemConfirmation((g: Grant) => ({
    title: t('grants.removeTitle'),
    children: (
      <Text>
        {t('grants.removeText', { name: userName, permission: permissionLabel(g.permission), scope: scope(g) })}
      </Text>
    ),
    danger: true,
    success: t('grants.removedFrom', { permission: permissionLabel(g.permission), name: userName }),
    onConfirm: async () => {
      await accessApi.removeGrant(userId, g.id);
      await qc.invalidateQueries({ queryKey: key });
    },
  }));
  const editable = canManage && !isSelf;

  async function give(permission: string, limit: Limit) {
    await accessApi.addGrant(userId, permission as GrantablePermission, limit);
    await qc.invalidateQueries({ queryKey: key });
    notifications.show({
      message: t('grants.grantedTo', { permission: permissionLabel(permission), name: userName }),
      color: 'green',
    });
  }

  return (
    <ProfileSection id="grants-heading" title={t('grants.title')} intro={t('grants.intro')}>
      <RightsTable
        query={q}
        headingId="grants-heading"
        text={{ loading: t('grants.loading'), loadFailed: t('grants.loadFailed'), empty: t('grants.empty') }}
        columns={[t('grants.permission'), t('grants.scope'), t('grants.grantedBy'), t('grants.granted')]}
        cells={(g) => (
          <>
            <Table.Td>{permissionLabel(g.permission)}</Table.Td>
            <Table.Td>{scope(g)}</Table.Td>
            <Table.Td>
              <UserRef id={g.grantedBy} />
            </Table.Td>
            <Table.Td>{formatDateTime(g.createdAt)}</Table.Td>
          </>
        )}
        remove={
          editable
            ? {
                label: (g) => t('grants.removeLabel', { permission: permissionLabel(g.permission), scope: scope(g) }),
                onClick: removing.ask,
              }
            : undefined
        }
      />

      {editable && (
        <LimitedGrantForm
          formLabel={t('grants.addForm')}
          what={{
            label: t('grants.permission'),
            placeholder: t('grants.choose'),
            choices: PERMISSIONS.map((p) => ({ value: p, label: permissionLabel(p) })),
            chooseFirst: t('grants.chooseFirst'),
          }}
          limits={limits}
          submitLabel={t('grants.grant')}
          give={give}
        />
      )}
      {canManage && isSelf && (
        <Text size="sm" c="dark.7">
          {t('grants.notSelf')}
        </Text>
      )}
      {removing.modal}
    </ProfileSection>
  );
}
