import { Alert } from '@mantine/core';

/** A dark shade of each tint, so that an alert's title reads with AA contrast on its light background. */
const TITLE_COLORS = { blue: '#1864ab', orange: '#7a3000' } as const;

/** A light alert that tells (not an error): its title in a dark shade of its colour, dark text under it. */
export function NoticeAlert({
  color,
  title,
  children,
}: {
  color: keyof typeof TITLE_COLORS;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <Alert
      color={color}
      variant="light"
      title={title}
      styles={{ message: { color: '#212529' }, title: { color: TITLE_COLORS[color] } }}
    >
      {children}
    </Alert>
  );
}
