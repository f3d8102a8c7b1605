import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A dialog's or form's footer, on the right: Cancel (disabled while the form is sending), then the submit
 * button showing the pending state; `danger` draws it red, `blocked` keeps it from being pressed.
 */
export function FormActions({
  busy,
  onCancel,
  submitLabel,
  cancelLabel,
  danger = false,
  blocked = false,
}: {
  busy: boolean;
  onCancel: () => void;
  submitLabel: React.ReactNode;
  cancelLabel?: React.ReactNode;
  danger?: boolean;
  blocked?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel} disabled={busy}>
        {cancelLabel ?? t('common:cancel')}
      </Button>
      <Button type="submit" color={danger ? 'red' : undefined} loading={busy} disabled={blocked}>
        {submitLabel}
      </Button>
    </Group>
  );
}
