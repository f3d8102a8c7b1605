import { Badge } from '@mantine/core';
import type { Status } from '../../shared/domain';
import { statusLabel } from '../lib/format';

// Light background + dark text of the same hue: readable (AA) and still colour-coded.
const STYLES: Record<Status, { bg: string; fg: string }> = {
  not_invited: { bg: '#f1f3f5', fg: '#343a40' },
  invite_scheduled: { bg: '#f3f0ff', fg: '#5f3dc4' },
  invite_pending: { bg: '#e7f5ff', fg: '#1864ab' },
  confirmed: { bg: '#e6fcf5', fg: '#087f5b' },
  deactivated: { bg: '#fff4e6', fg: '#a33b07' },
  expired: { bg: '#fff9db', fg: '#7a4b00' },
  anonymised: { bg: '#e9ecef', fg: '#212529' },
};

export function StatusBadge({ status }: { status: Status | string }) {
  const s = STYLES[status as Status] ?? STYLES.not_invited;
  return (
    <Badge variant="filled" radius="sm" tt="none" fw={600} styles={{ root: { background: s.bg, color: s.fg, border: `1px solid ${s.fg}33` } }}>
      {statusLabel(status)}
    </Badge>
  );
}
