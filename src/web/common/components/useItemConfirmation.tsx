import { ConfirmModal, type ConfirmModalProps } from './ConfirmModal';
import { useItemDialog } from './useItemDialog';

/** What a confirmation shows and does: ConfirmModal's props but for whether it is open. */
export type Confirmation = Omit<ConfirmModalProps, 'opened' | 'onClose'>;

/**
 * A confirmation about one item (the row to delete, the run to undo): `ask(item)` opens `modal`, which
 * `describe(item, close)` fills. The item stays described while the dialog closes, so its text does not go blank.
 */
export function useItemConfirmation<T>(describe: (item: T, close: () => void) => Confirmation) {
  const dialog = useItemDialog<T | null>(null);
  const { item, close } = dialog;
  const modal = item !== null && <ConfirmModal opened={dialog.opened} onClose={close} {...describe(item, close)} />;
  return { ask: (next: T) => dialog.open(next), close, modal };
}

/** A confirmation of one action, about no item in particular (reset this template, delete this note). */
export function useConfirmation(describe: (close: () => void) => Confirmation) {
  const { ask, close, modal } = useItemConfirmation<true>((_, closeIt) => describe(closeIt));
  return { ask: () => ask(true), close, modal };
}
