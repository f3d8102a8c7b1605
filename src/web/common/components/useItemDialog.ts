import { useState } from 'react';

/**
 * A dialog about one item (the row to edit, the row to delete; `null` for a new one where the caller says so):
 * `open(item)` opens it on that item, `close()` closes it. The item stays while the dialog closes, so its text
 * does not go blank during the closing transition.
 */
export function useItemDialog<T>(initial: T) {
  const [state, setState] = useState({ item: initial, opened: false });
  return {
    item: state.item,
    opened: state.opened,
    open: (item: T) => setState({ item, opened: true }),
    close: () => setState((s) => ({ ...s, opened: false })),
  };
}

export type ItemDialog<T> = ReturnType<typeof useItemDialog<T>>;
