import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, type PeopleView } from '../../common/api';
import { useItemConfirmation } from '../../common/components/useItemConfirmation';
import { useFields } from '../../common/form/useFormState';
import type { ListSort } from '../../../common/contract/peopleViews';

/** What a view saves: the page's filters (as its address holds them), the columns shown and the sort. */
export interface ViewState {
  filters: Record<string, string>;
  columns: string[];
  sort: string;
}

/** The save dialog's fields as it opens. */
const NEW_VIEW = { name: '', shared: false };

/**
 * Saved views of the People list (docs/decisions/026-people-list-views.md): pick one to show its filters,
 * columns and sort; save the list as it is as a new view (shared ones by Owners and Admins); change or
 * delete the view shown when one may.
 */
export function SavedViews({
  viewId,
  current,
  canShare,
  onOpen,
}: {
  viewId: string | null;
  current: ViewState;
  canShare: boolean;
  onOpen: (view: PeopleView | null) => void;
}) {
  const { t } = useTranslation('people');
  const qc = useQueryClient();
  const views = useQuery({ queryKey: ['people-views'], queryFn: () => api.peopleViews() });
  const [saveOpen, setSaveOpen] = useState(false);
  const { form, setForm, text, checked } = useFields(NEW_VIEW);
  const [error, setError] = useState<string | null>(null);
  const items = views.data?.items ?? [];
  const active = items.find((v) => v.id === viewId) ?? null;
  const refresh = () => qc.invalidateQueries({ queryKey: ['people-views'] });
  const deleting = useItemConfirmation((view: PeopleView) => ({
    title: t('views.deleteTitle', { name: view.name }),
    children: <Text size="sm">{t(view.shared ? 'views.deleteSharedBody' : 'views.deleteBody')}</Text>,
    confirmLabel: t('views.delete'),
    danger: true,
    onConfirm: async () => {
      await api.deletePeopleView(view.id);
      onOpen(null);
      await refresh();
    },
  }));

  const create = useMutation({
    mutationFn: () =>
      api.createPeopleView({ name: form.name.trim(), shared: form.shared, ...current, sort: current.sort as ListSort }),
    onSuccess: async (view) => {
      await refresh();
      setSaveOpen(false);
      onOpen(view);
      notifications.show({ message: t('views.saved', { name: view.name }), color: 'green' });
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const update = useMutation({
    mutationFn: () => api.updatePeopleView(active!.id, { ...current, sort: current.sort as ListSort }),
    onSuccess: async (view) => {
      await refresh();
      notifications.show({ message: t('views.updated', { name: view.name }), color: 'green' });
    },
    onError: (e) => notifications.show({ title: t('views.updateFailed'), message: errorMessage(e), color: 'red' }),
  });

  const group = (isShared: boolean) => ({
    group: t(isShared ? 'views.shared' : 'views.mine'),
    items: items.filter((v) => v.shared === isShared).map((v) => ({ value: v.id, label: v.name })),
  });

  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <Select
        label={t('views.label')}
        placeholder={views.isPending ? t('views.loading') : items.length ? t('views.none') : t('views.empty')}
        data={[group(true), group(false)].filter((g) => g.items.length)}
        value={active?.id ?? null}
        onChange={(id) => onOpen(items.find((v) => v.id === id) ?? null)}
        clearable
        clearButtonProps={{ 'aria-label': t('views.close') }}
        error={views.error ? t('views.loadFailed') : undefined}
        style={{ minWidth: 200 }}
      />
      <Button
        variant="default"
        onClick={() => {
          setForm(NEW_VIEW);
          setError(null);
          setSaveOpen(true);
        }}
      >
        {t('views.save')}
      </Button>
      {active?.canEdit && (
        <>
          <Button variant="default" loading={update.isPending} onClick={() => update.mutate()}>
            {t('views.update')}
          </Button>
          <Button variant="default" color="red" onClick={() => deleting.ask(active)}>
            {t('views.delete')}
          </Button>
        </>
      )}
      <Modal opened={saveOpen} onClose={() => setSaveOpen(false)} title={t('views.saveTitle')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            create.mutate();
          }}
        >
          <Stack>
            <Text size="sm" c="dark.6">
              {t('views.saveHelp')}
            </Text>
            <TextInput label={t('views.name')} {...text('name')} required maxLength={100} data-autofocus />
            {canShare && (
              <Checkbox label={t('views.share')} description={t('views.shareHelp')} {...checked('shared')} />
            )}
            {error && (
              <Text c="red.9" role="alert" size="sm">
                {error}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaveOpen(false)}>
                {t('columns.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!form.name.trim()}>
                {t('views.saveConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {deleting.modal}
    </Group>
  );
}
