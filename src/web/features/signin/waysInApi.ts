/** Ways in beyond the invitation link: sign-in options, password reset, fresh invitation links, self sign-up. */
import { http, setCsrfToken } from '../../common/api/client';
import type { AuthOptions, SignupInput, SignupRequest, SignupVerified } from '../../../common/contract/auth';
import type { SelfSignupSettings, SsoAttempt, SsoSettings, SsoTestResult } from '../../../common/contract/settings';

export type { AuthOptions, SignupRequest } from '../../../common/contract/auth';
export type { SelfSignupSettings, SsoAttempt, SsoSettings, SsoTestResult } from '../../../common/contract/settings';

export type SsoSettingsPatch = Partial<Omit<SsoSettings, 'clientSecretSet'>> & { clientSecret?: string | null };

const enc = encodeURIComponent;

export const waysInApi = {
  authOptions: () => http.get<AuthOptions>('/auth/options'),

  requestPasswordReset: (email: string) => http.post<{ message: string }>('/auth/password-reset', { email }),
  checkResetToken: (token: string) => http.get<{ email: string }>(`/auth/password-reset/${enc(token)}`),
  resetPassword: (token: string, password: string) =>
    http.post<void>(`/auth/password-reset/${enc(token)}`, { password }),

  renewInvitation: (token: string) => http.post<{ message: string }>(`/invitations/${enc(token)}/renew`, {}),

  signup: (input: SignupInput) => http.post<{ message: string }>('/signup', input),
  async verifySignup(token: string): Promise<SignupVerified> {
    const r = await http.post<SignupVerified>(`/signup/verify/${enc(token)}`, {});
    if (r.state === 'confirmed') setCsrfToken(r.csrfToken);
    return r;
  },
  signupRequests: () => http.get<{ items: SignupRequest[] }>('/signup-requests'),
  decideSignup: (id: string, decision: 'approve' | 'decline') =>
    http.post<{ userId: string | null }>(`/signup-requests/${enc(id)}/${decision}`, {}),

  signInSettings: () => http.get<{ selfSignup: SelfSignupSettings; sso: SsoSettings }>('/settings'),
  updateSignInSettings: (patch: { selfSignup?: Partial<SelfSignupSettings>; sso?: SsoSettingsPatch }) =>
    http.patch<{ selfSignup: SelfSignupSettings; sso: SsoSettings }>('/settings', patch),
  ssoAttempts: () => http.get<{ items: SsoAttempt[] }>('/settings/sso/attempts'),
  testSso: (issuer: string | null) => http.post<SsoTestResult>('/settings/sso/test', issuer ? { issuer } : {}),
};
