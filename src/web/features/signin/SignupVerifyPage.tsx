import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loader, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../common/api';
import { waysInApi } from './waysInApi';
import { PublicPage, SignInLink } from './PublicPage';
import { SESSION_KEY } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';

/** The page behind `{PUBLIC_URL}/signup/verify/{token}`: confirms the address once, then signs in or says approval is pending. */
export function SignupVerifyPage() {
  const { t } = useTranslation('signin');
  usePageTitle(t('verify.title'));
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const started = useRef(false);
  const [state, setState] = useState<{ kind: 'working' } | { kind: 'pending' } | { kind: 'error'; message: string }>({
    kind: 'working',
  });

  useEffect(() => {
    if (started.current) return; // the link works once: never post it twice
    started.current = true;
    waysInApi
      .verifySignup(token)
      .then(async (r) => {
        if (r.state === 'pending_approval') return setState({ kind: 'pending' });
        qc.clear();
        await qc.invalidateQueries({ queryKey: SESSION_KEY });
        void navigate('/me', { replace: true });
      })
      .catch((err: unknown) => setState({ kind: 'error', message: errorMessage(err) }));
  }, [token, navigate, qc]);

  return (
    <PublicPage
      title={
        state.kind === 'error'
          ? t('linkUnusable')
          : state.kind === 'pending'
            ? t('verify.confirmed')
            : t('verify.working')
      }
    >
      {state.kind === 'working' && <Loader aria-label={t('verify.confirming')} />}
      {state.kind === 'pending' && <Text role="status">{t('verify.pendingText')}</Text>}
      {state.kind === 'error' && <Text>{state.message}</Text>}
      <SignInLink>{t('goToSignIn')}</SignInLink>
    </PublicPage>
  );
}
