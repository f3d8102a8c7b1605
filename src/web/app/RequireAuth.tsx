import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router-dom';
import { api, type Ability } from '../common/api';
import { replaceSession, useRefreshSession, useSession } from '../common/lib/session';
import { ErrorAlert } from '../common/components/ErrorAlert';
import { PublicShell } from './PublicShell';
import { SignInSecurity } from '../features/signin/SignInSecurity';

export function FullPageLoader() {
  const { t } = useTranslation('shell');
  return (
    <Center h="60vh">
      <Loader aria-label={t('loading')} />
    </Center>
  );
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation('shell');
  const { data, isPending, error } = useSession();
  const location = useLocation();
  if (isPending) {
    return (
      <main>
        <FullPageLoader />
      </main>
    );
  }
  if (error) {
    return (
      <main style={{ padding: 24 }}>
        <Stack maw={560} mx="auto">
          <h1>Roster</h1>
          <ErrorAlert error={error} title={t('sessionFailed')} />
        </Stack>
      </main>
    );
  }
  if (!data) {
    const next = location.pathname + location.search;
    return <Navigate to={next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />;
  }
  if (data.mfaEnrolmentRequired) return <EnrolmentRequired />;
  return <>{children}</>;
}

/** A session opened by a password alone while a second factor is required: it can only set one up. */
function EnrolmentRequired() {
  const { t } = useTranslation('shell');
  const refresh = useRefreshSession();
  const qc = useQueryClient();
  return (
    <PublicShell wide>
      <Stack>
        <Title order={1} size="h2">
          {t('enrolment.title')}
        </Title>
        <Text>{t('enrolment.text')}</Text>
        <SignInSecurity onEnrolled={() => void refresh()} />
        <Button
          variant="subtle"
          onClick={() =>
            void api.logout().then(() => {
              replaceSession(qc, null);
            })
          }
        >
          {t('signOut')}
        </Button>
      </Stack>
    </PublicShell>
  );
}

/** Shows children only with the ability; otherwise redirects (or explains). */
function NotAvailable() {
  const { t } = useTranslation('shell');
  return (
    <Stack maw={560}>
      <Title order={1}>{t('notAvailable.title')}</Title>
      <Text>{t('notAvailable.text')}</Text>
    </Stack>
  );
}

export function RequireAbility({
  ability,
  children,
  redirect,
}: {
  ability: Ability;
  children: ReactNode;
  redirect?: string;
}) {
  const { data } = useSession();
  if (!data?.abilities.includes(ability)) {
    if (redirect) return <Navigate to={redirect} replace />;
    return <NotAvailable />;
  }
  return <>{children}</>;
}

/** Owner-only pages (background jobs): the server refuses everyone else too. */
export function RequireOwner({ children }: { children: ReactNode }) {
  const { data } = useSession();
  return data?.user.role === 'owner' ? <>{children}</> : <NotAvailable />;
}
