import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfRefresher, type Ability, type Session } from '../api';

export const SESSION_KEY = ['session'] as const;

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
