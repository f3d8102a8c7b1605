import { Badge, type BadgeProps } from '@mantine/core';
import type { Status } from '../../../common/domain';
import { statusLabel } from '../lib/format';

/** The badges' colour pairs: a light background and dark text of the same hue, readable (AA) and still colour-coded. */
export const TONES = {
  grey: { bg: '#f1f3f5', fg: '#343a40' },
  violet: { bg: '#f3f0ff', fg: '#5f3dc4' },
  blue: { bg: '#e7f5ff', fg: '#1864ab' },
  teal: { bg: '#e6fcf5', fg: '#087f5b' },
  orange: { bg: '#fff4e6', fg: '#a33b07' },
  yellow: { bg: '#fff9db', fg: '#7a4b00' },
  red: { bg: '#fff5f5', fg: '#a51d1d' },
  dark: { bg: '#e9ecef', fg: '#212529' },
} as const;
export type Tone = { bg: string; fg: string };

const STYLES: Record<Status, Tone> = {
  not_invited: TONES.grey,
  invite_scheduled: TONES.violet,
  invite_pending: TONES.blue,
  confirmed: TONES.teal,
  deactivated: TONES.orange,
  expired: TONES.yellow,
  anonymised: TONES.dark,
};

/** A badge in one colour pair (light background, dark text of the same hue); other props go to Mantine's Badge. */
export function ToneBadge({ tone, children, ...rest }: { tone: Tone; children: React.ReactNode } & BadgeProps) {
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
