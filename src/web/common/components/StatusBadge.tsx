import { Badge, type BadgeProps } from '@mantine/core';
import type { Status } from '../../../common/domain';
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

/** A badge in one colour pair (light background, dark text of the same hue); other props go to Mantine's Badge. */
export function ToneBadge({
  tone,
  children,
  ...rest
}: { tone: { bg: string; fg: string }; children: React.ReactNode } & BadgeProps) {
  return (
    <Badge
      variant="filled"
      radius="sm"
      tt="none"
      fw={600}
      {...rest}
      styles={{ root: { background: tone.bg, color: tone.fg, border: `1px solid ${tone.fg}33` } }}
    >
      {children}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: Status | string }) {
  return <ToneBadge tone={STYLES[status as Status] ?? STYLES.not_invited}>{statusLabel(status)}</ToneBadge>;
}
