import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A settings table row's Edit and Delete buttons (Delete in red: it opens a confirmation). Their labels name the
 * row for screen readers, e.g. "Edit Regional HR".
 */
export function EditDeleteButtons({
  name,
  onEdit,
  onDelete,
}: {
  name: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <Button size="xs" variant="default" aria-label={t('common:editNamed', { name })} onClick={onEdit}>
        {t('common:edit')}
      </Button>
      <Button size="xs" variant="outline" color="red" aria-label={t('common:deleteNamed', { name })} onClick={onDelete}>
        {t('common:delete')}
      </Button>
    </Group>
  );
}
