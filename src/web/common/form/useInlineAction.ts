import { useState } from 'react';

/**
 * A control that acts at once (a switch, a test button) and shows its failure beside it, in an ErrorAlert, not as
 * a notification (that is useAction): pending state while the action runs, and the error it failed with.
 */
export function useInlineAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  /** Runs `action`; true when it succeeded. */
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, run };
}
