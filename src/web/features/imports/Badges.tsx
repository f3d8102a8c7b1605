import { useTranslation } from 'react-i18next';
import type { ImportState, RowAction } from './importsApi';
import { ToneBadge, type Tone } from '../../common/components/StatusBadge';
import { ACTION_STYLES, actionLabel, STATE_STYLES, stateLabel } from './importText';

/** One of an import's words (a row's action, the import's state) as a badge in that word's tone. */
function ImportBadge<V extends string>({
  value,
  tones,
  label,
}: {
  value: V;
  tones: Record<V, Tone>;
  label: (value: V) => string;
}) {
  useTranslation('imports');
  return (
    <ToneBadge tone={tones[value]} miw="max-content">
      {label(value)}
    </ToneBadge>
  );
}

export function ActionBadge({ action }: { action: RowAction }) {
  return <ImportBadge value={action} tones={ACTION_STYLES} label={actionLabel} />;
}

export function ImportStateBadge({ state }: { state: ImportState }) {
  return <ImportBadge value={state} tones={STATE_STYLES} label={stateLabel} />;
}
