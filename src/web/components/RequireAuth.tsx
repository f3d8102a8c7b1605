import type { ReactNode } from 'react';
import { Center, Loader, Stack, Text, Title } from '@mantine/core';
import { Navigate, useLocation } from 'react-router-dom';
import type { Ability } from '../api';
import { useSession } from '../lib/session';
import { ErrorAlert } from './ErrorAlert';

export function FullPageLoader() {
  return (
    <Center h="60vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function RequireAuth({ children }: { children: ReactNode }) {
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
          <ErrorAlert error={error} title="Could not load your session" />
        </Stack>
      </main>
    );
  }
  if (!data) {
    const next = location.pathname + location.search;
    return <Navigate to={next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />;
  }
  return <>{children}</>;
}

/** Shows children only with the ability; otherwise redirects (or explains). */
export function RequireAbility({ ability, children, redirect }: { ability: Ability; children: ReactNode; redirect?: string }) {
  const { data } = useSession();
  if (!data?.abilities.includes(ability)) {
    if (redirect) return <Navigate to={redirect} replace />;
    return (
      <Stack maw={560}>
        <Title order={1}>Not available</Title>
        <Text>You do not have access to this page. Ask an administrator if you think you should.</Text>
      </Stack>
    );
  }
  return <>{children}</>;
}
