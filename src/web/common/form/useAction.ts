import { useState } from 'react';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../api';

export interface ActionOptions {
  /** Shown as a green notification when the action succeeds. */
  success?: string;
  /** The title of the red notification that carries the server's message when it fails. */
  failed?: string;
}

/**
 * The one way a button outside a form acts (run a job now, retry a delivery, save a switch): pending state
 * while it runs, a notification when it succeeds or fails. A form uses useSubmit instead, which shows a
 * failure in the form, next to its fields.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);

  /** Runs `action`; true when it succeeded. */
  async function run(action: () => Promise<unknown>, opts: ActionOptions = {}): Promise<boolean> {
    setBusy(true);
    const succeeded = await action().then(
      () => true,
      (err: unknown) => {
        notifications.show({ title: opts.failed, message: errorMessage(err), color: 'red' });
        return false;
      },
    );
    setBusy(false);
    if (succeeded && opts.success) notifications.show({ message: opts.success, color: 'green' });
    return succeeded;
  }

  return { busy, run };
}
