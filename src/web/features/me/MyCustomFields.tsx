import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Paper, SimpleGrid, Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type User } from '../../common/api';
import { CustomFieldInput } from '../../common/components/CustomFieldInput';
import { FormError } from '../../common/components/ErrorAlert';
import { SubmitButton } from '../../common/form/SubmitButton';
import { useSubmit } from '../../common/form/useSubmit';
import { SectionHeading } from '../../common/components/SectionHeading';

/**
 * My profile → the custom fields the organisation lets people fill in themselves (marked "People may edit
 * their own value" in Settings → Custom fields). Only those are sent (PATCH /api/v1/me); the server refuses
 * any other. Nothing is shown when no field is editable.
 */
export function MyCustomFields({ me }: { me: User }) {
  const { t } = useTranslation('me');
  const qc = useQueryClient();
  const fields = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.customFields() });
  const editable = (fields.data?.items ?? []).filter((f) => f.editableByUser);
  const [values, setValues] = useState<Record<string, unknown>>(me.customFields);
  useEffect(() => setValues(me.customFields), [me.customFields]);
  const { busy, error, fieldErrors: errors, onSubmit } = useSubmit();

  // The fields' list failing is not the person's business here: the section stays away, as with none.
  if (editable.length === 0) return null;

  async function save() {
    const body = Object.fromEntries(editable.map((f) => [f.key, values[f.key] ?? null]));
    qc.setQueryData(['me'], await api.updateMe({ customFields: body }));
  }

  return (
    <Paper withBorder p="md">
      <form
        onSubmit={onSubmit(save, { success: t('customFields.saved') })}
        noValidate
        aria-labelledby="my-fields-heading"
      >
        <Stack>
          <SectionHeading id="my-fields-heading" title={t('customFields.heading')} intro={t('customFields.intro')} />
          <FormError message={error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {editable.map((f) => (
              <CustomFieldInput
                key={f.key}
                field={f}
                value={values[f.key]}
                onChange={(v) => setValues((all) => ({ ...all, [f.key]: v }))}
                error={errors[`customFields.${f.key}`]}
              />
            ))}
          </SimpleGrid>
          <SubmitButton busy={busy}>{t('customFields.save')}</SubmitButton>
        </Stack>
      </form>
    </Paper>
  );
}
