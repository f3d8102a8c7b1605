import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Group, Modal, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { GRANTABLE } from '../../../common/contract/access';
import { accessApi, type GrantablePermission, type PermissionProfile } from '../../common/api';
import { EditDeleteButtons } from '../../common/components/EditDeleteButtons';
import { useItemConfirmation } from '../../common/components/useItemConfirmation';
import { useItemDialog, type ItemDialog } from '../../common/components/useItemDialog';
import { ACTIONS_COLUMN, DataTable } from '../../common/components/DataTable';
import { FormError } from '../../common/components/ErrorAlert';
import { QueryState } from '../../common/components/QueryState';
import { useSubmit } from '../../common/form/useSubmit';
import { permissionLabel } from '../people/GrantsPanel';

/**
 * Settings → Permission profiles (docs/decisions/031-delegated-administration.md): named bundles of permissions,
 * assigned on a person's profile with a team or group limit; an edit here changes every holder's rights at once.
 */
function ProfileModal({ dialog }: { dialog: ItemDialog<PermissionProfile | null> }) {
  const { opened, item: profile, close: onClose } = dialog;
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [permissions, setPermissions] = useState<GrantablePermission[]>([]);
  const { busy, error, fieldErrors, run, reset } = useSubmit();

  useEffect(() => {
    if (!opened) return;
    setName(profile?.name ?? '');
    setDescription(profile?.description ?? '');
    setPermissions(profile?.permissions ?? []);
    reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filled again each time the dialog opens
  }, [opened, profile]);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const body = { name: name.trim(), description, permissions };
    const saved = await run(
      async () => {
        if (profile) await accessApi.updateProfile(profile.id, body);
        else await accessApi.createProfile(body);
        await qc.invalidateQueries({ queryKey: ['permission-profiles'] });
      },
      {
        check: body.name ? {} : { name: t('profiles.nameRequired') },
        success: t('profiles.saved', { name: body.name }),
      },
    );
    if (saved) onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={profile ? t('profiles.editTitle') : t('profiles.newTitle')}>
      <form onSubmit={save} noValidate>
        <Stack>
          <TextInput
            label={t('profiles.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
          />
          <Textarea
            label={t('profiles.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <Checkbox.Group
            label={t('profiles.permissions')}
            value={permissions}
            onChange={(v) => setPermissions(v as GrantablePermission[])}
          >
            <Stack gap={6} mt={6}>
              {GRANTABLE.map((p) => (
                <Checkbox key={p} value={p} label={permissionLabel(p)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <FormError message={error ?? fieldErrors.name} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('profiles.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('profiles.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function PermissionProfilesPanel() {
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['permission-profiles'], queryFn: () => accessApi.profiles() });
  const editor = useItemDialog<PermissionProfile | null>(null);
  const deleting = useItemConfirmation((p: PermissionProfile) => ({
    title: t('profiles.deleteTitle'),
    children: <Text>{t('profiles.deleteText', { name: p.name, count: p.assignmentCount })}</Text>,
    danger: true,
    onConfirm: async () => {
      await accessApi.deleteProfile(p.id);
      await qc.invalidateQueries({ queryKey: ['permission-profiles'] });
    },
  }));

  return (
    <Stack component="section" aria-labelledby="permission-profiles-heading">
      <Group justify="space-between">
        <Title order={2} size="h3" id="permission-profiles-heading">
          {t('profiles.title')}
        </Title>
        <Button onClick={() => editor.open(null)}>{t('profiles.new')}</Button>
      </Group>
      <Text size="sm" c="dark.7">
        {t('profiles.intro')}
      </Text>
      <QueryState
        query={q}
        loading={t('profiles.loading')}
        errorTitle={t('profiles.loadFailed')}
        empty={<Text size="sm">{t('profiles.empty')}</Text>}
      >
        {(data) => (
          <DataTable
            minWidth={560}
            aria-labelledby="permission-profiles-heading"
            columns={[t('profiles.name'), t('profiles.permissions'), t('profiles.assignments'), ACTIONS_COLUMN]}
          >
            {data.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {p.name}
                  </Text>
                  {p.description && (
                    <Text size="xs" c="dark.6">
                      {p.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{p.permissions.map(permissionLabel).join(', ') || t('profiles.none')}</Table.Td>
                <Table.Td>{p.assignmentCount}</Table.Td>
                <Table.Td>
                  <EditDeleteButtons name={p.name} onEdit={() => editor.open(p)} onDelete={() => deleting.ask(p)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </QueryState>
      <ProfileModal dialog={editor} />
      {deleting.modal}
    </Stack>
  );
}
