import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../common/lib/session';
import { waysInApi } from '../features/signin/waysInApi';
import { applyLanguage, resolveLanguage } from '../i18n';

/** Keeps the UI's language on the rule of docs/decisions/021-languages.md as the session and the organisation's options load. */
export function useUiLanguage(): void {
  const { data: session } = useSession();
  const options = useQuery({ queryKey: ['auth-options'], queryFn: () => waysInApi.authOptions(), staleTime: 60_000 });
  const profile = session?.user.language;
  const organisationDefault = options.data?.defaultLanguage;
  useEffect(() => applyLanguage(resolveLanguage(profile, organisationDefault)), [profile, organisationDefault]);
}
