import { Stack } from '@mantine/core';

/** A form's fields, all disabled when the caller may only read them (the browser disables every input inside). */
export function ReadOnlyFieldset({ readOnly, children }: { readOnly: boolean; children: React.ReactNode }) {
  return (
    <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
      <Stack>{children}</Stack>
    </fieldset>
  );
}
