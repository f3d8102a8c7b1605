import { Button, Group } from '@mantine/core';

/**
 * A settings table row's Edit and Delete buttons (Delete in red: it opens a confirmation). The labels name the row
 * for screen readers, e.g. "Edit Regional HR".
 */
export function EditDeleteButtons({
  edit,
  remove,
}: {
  edit: { text: string; label: string; onClick: () => void };
  remove: { text: string; label: string; onClick: () => void };
}) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Button size="xs" variant="default" aria-label={edit.label} onClick={edit.onClick}>
        {edit.text}
      </Button>
      <Button size="xs" variant="outline" color="red" aria-label={remove.label} onClick={remove.onClick}>
        {remove.text}
      </Button>
    </Group>
  );
}
