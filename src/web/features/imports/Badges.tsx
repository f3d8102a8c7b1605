import { useTranslation } from 'react-i18next';
import type { ImportState, RowAction } from './importsApi';
import { ToneBadge } from '../../common/components/StatusBadge';
import { ACTION_STYLES, actionLabel, STATE_STYLES, stateLabel } from './importText';

export function ActionBadge({ action }: { action: RowAction }) {
  useTranslation('imports');
  return (
    <ToneBadge tone={ACTION_STYLES[action]} miw="max-content">
      {actionLabel(action)}
    </ToneBadge>
  );
}

export function ImportStateBadge({ state }: { state: ImportState }) {
  useTranslation('imports');
  return (
    <ToneBadge tone={STATE_STYLES[state]} miw="max-content">
      {stateLabel(state)}
    </ToneBadge>
  );
}
