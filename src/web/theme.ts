import { createTheme, Modal, Notification, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // Darker shades keep white-on-colour text above WCAG AA contrast.
  primaryShade: { light: 9, dark: 8 },
  autoContrast: true,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif',
  defaultRadius: 'sm',
  components: {
    // No open/close animation: the dialog is gone as soon as the action completes.
    Modal: Modal.extend({
      defaultProps: { transitionProps: { duration: 0 }, closeButtonProps: { 'aria-label': 'Close dialog' } },
    }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
      styles: { description: { color: '#343a40' }, title: { color: '#141414' } },
    }),
  },
});

/** Darken the "dimmed" text colour so secondary text stays readable (AA contrast). */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#495057',
    '--mantine-color-placeholder': '#6c757d',
    '--mantine-color-anchor': '#1864ab',
    '--mantine-color-error': '#c92a2a',
  },
  dark: {},
});
