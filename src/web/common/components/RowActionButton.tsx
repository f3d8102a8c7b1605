import { Button } from '@mantine/core';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useAction, type ActionOptions } from '../form/useAction';

/**
 * A table row's small button that acts at once (run a job now, retry a delivery): busy while `action` runs, a
 * notification when it ends (`messages`), then the query `invalidates` names is fetched again.
 */
export function RowActionButton({
  action,
  invalidates,
  messages,
  'aria-label': ariaLabel,
  children,
}: {
  action: () => Promise<unknown>;
  invalidates: QueryKey;
  messages: ActionOptions;
  /** What the button does to which row ("Run nightly-digest now"): its text alone names no row. */
  'aria-label': string;
  children: React.ReactNode;
}) {
  const qc = useQueryClient();
  const { busy, run } = useAction();
  const act = () =>
    run(async () => {
      await action();
      void qc.invalidateQueries({ queryKey: invalidates });
    }, messages);
  return (
    <Button size="xs" variant="light" loading={busy} onClick={() => void act()} aria-label={ariaLabel}>
      {children}
    </Button>
  );
}
