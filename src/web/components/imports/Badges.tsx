import { Badge } from '@mantine/core';
import type { ImportState, RowAction } from '../../api/imports';
import { ACTION_LABELS, ACTION_STYLES, STATE_LABELS, STATE_STYLES } from './importText';

function styled(s: { bg: string; fg: string }) {
  return { root: { background: s.bg, color: s.fg, border: `1px solid ${s.fg}33` } };
}

export function ActionBadge({ action }: { action: RowAction }) {
  return (
    <Badge variant="filled" radius="sm" tt="none" fw={600} miw="max-content" styles={styled(ACTION_STYLES[action])}>
      {ACTION_LABELS[action]}
    </Badge>
  );
}

export function ImportStateBadge({ state }: { state: ImportState }) {
  return (
    <Badge variant="filled" radius="sm" tt="none" fw={600} miw="max-content" styles={styled(STATE_STYLES[state])}>
      {STATE_LABELS[state]}
    </Badge>
  );
}
