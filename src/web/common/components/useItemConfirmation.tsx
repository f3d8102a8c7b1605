import { useState } from 'react';
import { ConfirmModal, type ConfirmModalProps } from './ConfirmModal';

/** What a confirmation shows and does: ConfirmModal's props but for whether it is open. */
export type Confirmation = Omit<ConfirmModalProps, 'opened' | 'onClose'>;

/**
 * A confirmation about one item (the row to delete, the run to undo): `ask(item)` opens `modal`, which
 * `describe(item, close)` fills. The item stays described while the dialog closes, so its text does not go blank.
 */
export function useItemConfirmation<T>(describe: (item: T, close: () => void) => Confirmation) {
  const [asked, setAsked] = useState<{ item: T; open: boolean } | null>(null);
  const close = () => setAsked((a) => a && { ...a, open: false });
  const modal = asked && <ConfirmModal opened={asked.open} onClose={close} {...describe(asked.item, close)} />;
  return { ask: (item: T) => setAsked({ item, open: true }), close, modal };
}
