import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Box, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { accessApi, ApiError, errorMessage } from '../common/api';
import { formatDateTime, formatTime, fullName } from '../common/lib/format';
import { replaceSession, SESSION_KEY, useSession } from '../common/lib/session';

/** The end of the session: its time today, else its date and time. */
function until(endsAt: string): string {
  const d = new Date(endsAt);
  return d.toDateString() === new Date().toDateString() ? formatTime(endsAt) : formatDateTime(endsAt);
}

/**
 * Shown on every page while an Owner or Admin is signed in as someone else ("Log in as"):
 * who they are signed in as, by whom, until when, and a one-click way back.
 */
export function ImpersonationBanner({ onHeightChange }: { onHeightChange?: (px: number) => void }) {
  const { t } = useTranslation('shell');
  const { data: session } = useSession();
  const ref = useRef<HTMLElement>(null);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const impersonator = session?.impersonator ?? null;
  const endsAt = impersonator?.endsAt;

  // The "login as" session has a fixed end: reload the session then, which signs out of it.
  useEffect(() => {
    if (!endsAt) return;
    const ms = new Date(endsAt).getTime() - Date.now();
    const timer = window.setTimeout(
      () => void qc.invalidateQueries({ queryKey: SESSION_KEY }),
      Math.max(1000, Math.min(ms + 1000, 2 ** 31 - 1)),
    );
    return () => window.clearTimeout(timer);
  }, [endsAt, qc]);

  // The banner sits in the fixed app header; the header grows with it (the text wraps on small screens).
  const shown = Boolean(session && impersonator);
  useEffect(() => {
    const el = ref.current;
    if (!shown || !el) {
      onHeightChange?.(0);
      return;
    }
    const report = () => onHeightChange?.(el.offsetHeight);
    report();
    const ro = new ResizeObserver(report);
    ro.observe(el);
    return () => ro.disconnect();
  }, [shown, onHeightChange]);

  if (!session || !impersonator) return null;

  async function stop() {
    setBusy(true);
    try {
      const own = await accessApi.stopImpersonating();
      replaceSession(qc, own);
      void navigate('/', { replace: true });
      notifications.show({ message: t('impersonation.back'), color: 'green' });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        // The impersonator's own session has ended too: sign in again.
        replaceSession(qc, null);
        void navigate('/login', { replace: true });
        return;
      }
      notifications.show({ title: t('impersonation.backFailed'), message: errorMessage(e), color: 'red' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box
      component="section"
      ref={ref}
      aria-label={t('impersonation.region')}
      px="md"
      py={6}
      style={{ background: '#ffe8cc', borderBottom: '2px solid #d9480f', display: 'flex', alignItems: 'center' }}
    >
      <Group justify="space-between" gap="xs" wrap="wrap" w="100%">
        <Text size="sm" fw={500} c="#212529" role="status">
          <Trans
            t={t}
            i18nKey="impersonation.text"
            values={{
              name: fullName(session.user),
              by: impersonator.name || t('impersonation.anAdministrator'),
              until: until(impersonator.endsAt),
            }}
            components={{ strong: <strong />, time: <time dateTime={impersonator.endsAt} /> }}
          />
        </Text>
        <Button size="xs" color="dark" loading={busy} onClick={() => void stop()}>
          {t('impersonation.return')}
        </Button>
      </Group>
    </Box>
  );
}
