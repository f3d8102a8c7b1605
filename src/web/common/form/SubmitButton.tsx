import { Button, Group } from '@mantine/core';

/** A form's submit button on its own row, showing the pending state. */
export function SubmitButton({ busy, children }: { busy: boolean; children: React.ReactNode }) {
  return (
    <Group>
      <Button type="submit" loading={busy}>
        {children}
      </Button>
    </Group>
  );
}
