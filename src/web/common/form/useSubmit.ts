import { useState } from 'react';
import { notifications } from '@mantine/notifications';
import { ApiError, errorMessage } from '../api';

export type FieldErrors = Record<string, string>;

export interface SubmitOptions {
  /** Shown as a green notification when the action succeeds. */
  success?: string;
  /** Field errors found before sending (client-side checks): when there are any, nothing is sent. */
  check?: FieldErrors;
}

/**
 * The one way a form sends: pending state while the action runs, the envelope's message and field errors
 * when it fails (for FormError and each field's `error`), a notification when it succeeds.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  /** Runs `action`; true when it succeeded. */
  async function run(action: () => Promise<unknown>, opts: SubmitOptions = {}): Promise<boolean> {
    setError(null);
    setFieldErrors(opts.check ?? {});
    if (opts.check && Object.keys(opts.check).length) return false;
    setBusy(true);
    try {
      await action();
      if (opts.success) notifications.show({ message: opts.success, color: 'green' });
      return true;
    } catch (err) {
      if (err instanceof ApiError) setFieldErrors(err.fieldErrors);
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  }

  /** A form's onSubmit: the browser's submission is prevented and `action` runs as `run` does. */
  const onSubmit = (action: () => Promise<unknown>, opts?: SubmitOptions) => (e: React.FormEvent) => {
    e.preventDefault();
    void run(action, opts);
  };

  /** Forgets a previous failure (a dialog opened again). */
  function reset() {
    setError(null);
    setFieldErrors({});
  }

  return { busy, error, fieldErrors, run, onSubmit, reset };
}
