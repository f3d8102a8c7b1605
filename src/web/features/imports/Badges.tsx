import type { ImportState, RowAction } from './importsApi';
import { ToneBadge } from '../../common/components/StatusBadge';
import { ACTION_LABELS, ACTION_STYLES, STATE_LABELS, STATE_STYLES } from './importText';

export function ActionBadge({ action }: { action: RowAction }) {
  return (
    <ToneBadge tone={ACTION_STYLES[action]} miw="max-content">
      {ACTION_LABELS[action]}
    </ToneBadge>
  );
}

export function ImportStateBadge({ state }: { state: ImportState }) {
  return (
    <ToneBadge tone={STATE_STYLES[state]} miw="max-content">
      {STATE_LABELS[state]}
    </ToneBadge>
  );
}
