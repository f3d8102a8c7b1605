import { useEffect, useRef, useState } from 'react';
import { Box, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { accessApi, ApiError, errorMessage } from '../common/api';
import { fullName } from '../common/lib/format';
import { replaceSession, SESSION_KEY, useSession } from '../common/lib/session';

function until(endsAt: string): string {
  const d = dayjs(endsAt);
  if (!d.isValid()) return endsAt;
  return d.isSame(dayjs(), 'day') ? d.format('HH:mm') : d.format('D MMM YYYY, HH:mm');
}

/**
 * Shown on every page while an Owner or Admin is signed in as someone else ("Log in as"):
 * who they are signed in as, by whom, until when, and a one-click way back.
 */
export function ImpersonationBanner({ onHeightChange }: { onHeightChange?: (px: number) => void }) {
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
      notifications.show({ message: 'You are back in your own account.', color: 'green' });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        // The impersonator's own session has ended too: sign in again.
        replaceSession(qc, null);
        void navigate('/login', { replace: true });
        return;
      }
      notifications.show({ title: 'Could not return to your account', message: errorMessage(e), color: 'red' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box
      component="section"
      ref={ref}
      aria-label="Signed in as another person"
      px="md"
      py={6}
      style={{ background: '#ffe8cc', borderBottom: '2px solid #d9480f', display: 'flex', alignItems: 'center' }}
    >
      <Group justify="space-between" gap="xs" wrap="wrap" w="100%">
        <Text size="sm" fw={500} c="#212529" role="status">
          You are signed in as <strong>{fullName(session.user)}</strong> (by {impersonator.name || 'an administrator'})
          until <time dateTime={impersonator.endsAt}>{until(impersonator.endsAt)}</time>
        </Text>
        <Button size="xs" color="dark" loading={busy} onClick={() => void stop()}>
          Return to my account
        </Button>
      </Group>
    </Box>
  );
}
