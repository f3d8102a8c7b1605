import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, setCsrfRefresher, setCsrfToken, type Ability, type Session } from '../api';

export const SESSION_KEY = ['session'] as const;

/**
 * Where signing in lands when no page was asked for: Home, which sends on to the People list (`/`, and from there
 * `/me`) whoever may not see it. One path for every role, so single sign-on, whose destination is fixed before
 * anyone is known, lands the same way (docs/decisions/020-insight.md).
 */
export const LANDING_PATH = '/home';

export function useSession() {
  return useQuery<Session | null>({
    queryKey: SESSION_KEY,
    queryFn: () => api.getSession(),
    staleTime: 60_000,
    retry: false,
  });
}

export function useAbilities(): Set<Ability> {
  const { data } = useSession();
  return new Set(data?.abilities ?? []);
}

export function useCan(ability: Ability): boolean {
  return useAbilities().has(ability);
}

export function useRefreshSession() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: SESSION_KEY });
}

/** Lets the API client fetch a fresh CSRF token when the server rejects a stale one. */
export function installCsrfRefresher(): void {
  setCsrfRefresher(async () => {
    try {
      const s = await api.getSession();
      return s?.csrfToken ?? null;
    } catch {
      return null;
    }
  });
}

/**
 * Swaps the signed-in identity in the UI ("Log in as" and "Return to my account"): the server
 * has already swapped the cookie; everything cached for the previous identity is dropped.
 */
export function replaceSession(qc: QueryClient, session: Session | null): void {
  setCsrfToken(session?.csrfToken ?? null);
  void qc.cancelQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
  qc.getMutationCache().clear();
  qc.setQueryData(SESSION_KEY, session);
}
