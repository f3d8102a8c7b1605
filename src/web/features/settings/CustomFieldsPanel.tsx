import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CUSTOM_FIELD_TYPES, type CustomFieldType } from '../../../common/domain';
import { api, type CustomField } from '../../common/api';
import { EditDeleteButtons } from '../../common/components/EditDeleteButtons';
import { useItemConfirmation } from '../../common/components/useItemConfirmation';
import { useItemDialog, type ItemDialog } from '../../common/components/useItemDialog';
import { ACTIONS_COLUMN, DataTable } from '../../common/components/DataTable';
import { FormError } from '../../common/components/ErrorAlert';
import { QueryState } from '../../common/components/QueryState';
import { useFields } from '../../common/form/useFormState';
import { useSubmit, type FieldErrors } from '../../common/form/useSubmit';
import { FormActions } from '../../common/form/FormActions';
import { SectionHeading } from '../../common/components/SectionHeading';

/** Settings → Custom fields: the organisation's own fields on a person, their type and flags; add, edit, delete. */

const EMPTY_FIELD: CustomField = {
  key: '',
  label: '',
  type: 'text',
  options: [],
  filterable: false,
  unique: false,
  visibleInDirectory: false,
  editableByUser: false,
};

/** Adds a field (the dialog opened on `null`) or edits the one it was opened on. */
function CustomFieldModal({ dialog }: { dialog: ItemDialog<CustomField | null> }) {
  const { opened, item: field, close: onClose } = dialog;
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const editing = field !== null;
  const { form, setForm, set, text, checked } = useFields<CustomField>(EMPTY_FIELD);
  const [options, setOptions] = useState('');
  const { busy, error, fieldErrors: errors, run, reset } = useSubmit();

  useEffect(() => {
    if (opened) {
      const f = field ?? EMPTY_FIELD;
      setForm(f);
      setOptions((f.options ?? []).join('\n'));
      reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filled again each time the dialog opens
  }, [opened, field]);

  const hasOptions = form.type === 'single_select' || form.type === 'multi_select';

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const fe: FieldErrors = {};
    if (!editing && !/^[a-z][a-z0-9_]*$/.test(form.key)) fe.key = t('customFields.keyInvalid');
    if (!form.label.trim()) fe.label = t('customFields.labelMissing');
    const opts = options
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
    if (hasOptions && opts.length === 0) fe.options = t('customFields.optionsMissing');
    const body: CustomField = { ...form, label: form.label.trim(), options: hasOptions ? opts : [] };
    const saved = await run(
      async () => {
        if (editing) {
          const { key: _key, type: _type, ...patch } = body;
          void _key;
          void _type;
          await api.updateCustomField(field.key, patch);
        } else {
          await api.createCustomField(body);
        }
        await qc.invalidateQueries({ queryKey: ['custom-fields'] });
      },
      { check: fe, success: editing ? t('customFields.updated') : t('customFields.added') },
    );
    if (saved) onClose();
  }

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? t('customFields.editTitle', { label: field.label }) : t('customFields.add')}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={error} />
          <TextInput label={t('customFields.label')} {...text('label')} error={errors.label} data-autofocus />
          <TextInput
            label={t('customFields.key')}
            description={t('customFields.keyHint')}
            {...text('key')}
            error={errors.key}
            disabled={editing}
          />
          <NativeSelect
            label={t('customFields.type')}
            data={CUSTOM_FIELD_TYPES.map((type) => ({ value: type, label: t(`customFields.types.${type}`) }))}
            value={form.type}
            onChange={(e) => set('type', e.currentTarget.value as CustomFieldType)}
            disabled={editing}
            error={errors.type}
          />
          {hasOptions && (
            <Textarea
              label={t('customFields.options')}
              description={t('customFields.optionsHint')}
              autosize
              minRows={3}
              value={options}
              onChange={(e) => setOptions(e.currentTarget.value)}
              error={errors.options}
            />
          )}
          <Checkbox label={t('customFields.filterable')} {...checked('filterable')} />
          <Checkbox label={t('customFields.unique')} {...checked('unique')} />
          <Checkbox label={t('customFields.visibleInDirectory')} {...checked('visibleInDirectory')} />
          <Checkbox label={t('customFields.editableByUser')} {...checked('editableByUser')} />
          <FormActions
            busy={busy}
            onCancel={onClose}
            submitLabel={editing ? t('customFields.saveField') : t('customFields.addField')}
          />
        </Stack>
      </form>
    </Modal>
  );
}

export function CustomFieldsPanel() {
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.customFields() });
  const editor = useItemDialog<CustomField | null>(null);
  const deleting = useItemConfirmation((f: CustomField) => ({
    title: t('customFields.deleteTitle', { label: f.label }),
    children: <Text>{t('customFields.deleteBody')}</Text>,
    danger: true,
    success: t('customFields.deleted'),
    onConfirm: async () => {
      await api.deleteCustomField(f.key);
      await qc.invalidateQueries({ queryKey: ['custom-fields'] });
    },
  }));
  const yesNo = (b: boolean) => (b ? t('common:yes') : t('common:no'));

  return (
    <Stack>
      <Group justify="space-between">
        <SectionHeading id="custom-fields-heading" title={t('customFields.heading')} />
        <Button onClick={() => editor.open(null)}>{t('customFields.add')}</Button>
      </Group>
      <QueryState query={q} texts="settings:customFields" empty={<Text>{t('customFields.empty')}</Text>}>
        {(data) => (
          <DataTable
            minWidth={720}
            aria-labelledby="custom-fields-heading"
            columns={[
              t('customFields.label'),
              t('customFields.key'),
              t('customFields.type'),
              t('customFields.columns.filterable'),
              t('customFields.columns.unique'),
              t('customFields.columns.inDirectory'),
              t('customFields.columns.userEditable'),
              ACTIONS_COLUMN,
            ]}
          >
            {data.items.map((f) => (
              <Table.Tr key={f.key}>
                <Table.Td>{f.label}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {f.key}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {t(`customFields.types.${f.type}`)}
                  {f.options?.length ? ` (${f.options.join(', ')})` : ''}
                </Table.Td>
                <Table.Td>{yesNo(f.filterable)}</Table.Td>
                <Table.Td>{yesNo(f.unique)}</Table.Td>
                <Table.Td>{yesNo(f.visibleInDirectory)}</Table.Td>
                <Table.Td>{yesNo(f.editableByUser)}</Table.Td>
                <Table.Td>
                  <EditDeleteButtons name={f.label} onEdit={() => editor.open(f)} onDelete={() => deleting.ask(f)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </QueryState>
      <CustomFieldModal dialog={editor} />
      {deleting.modal}
    </Stack>
  );
}
