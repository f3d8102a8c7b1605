/** Ways in beyond the invitation link: sign-in options, password reset, fresh invitation links, self sign-up. */
import { http, setCsrfToken } from '../../shared/api/client';
import type { Session } from '../../shared/api/types';

export interface AuthOptions {
  organisationName: string;
  passwordSignInAllowed: boolean;
  selfSignup: { enabled: boolean; requireApproval: boolean; allowedDomains: string[] };
  sso: { enabled: boolean; displayName: string };
  saml: { enabled: boolean; displayName: string };
}

export interface SignupRequest {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  requestedAt: string;
  verifiedAt: string;
}

export interface SignupInput {
  email: string;
  firstName: string;
  lastName: string;
  password: string;
  language?: string | null;
}

export interface SelfSignupSettings {
  enabled: boolean;
  allowedDomains: string[];
  defaultRole: 'learner' | 'reporter' | 'learning_designer' | 'curator';
  requireApproval: boolean;
  /** The team new accounts join (null: none). */
  defaultTeamId: string | null;
}

export interface SsoSettings {
  issuer: string | null;
  clientId: string | null;
  clientSecretSet: boolean;
  displayName: string;
  allowedDomains: string[];
  jitCreation: boolean;
  passwordSignInAllowed: boolean;
  /** Match by email when the provider sends no email_verified claim (Entra ID); only for the organisation's own provider. */
  trustUnverifiedEmail: boolean;
}

/** One of the last SSO sign-in attempts; the email is masked by the server. */
export interface SsoAttempt {
  at: string;
  outcome: 'signed_in' | 'refused';
  reason: string;
  message: string;
  emailMasked: string | null;
}

/** What "Test connection" found at the provider, or why it cannot be used. */
export type SsoTestResult =
  | {
      ok: true;
      issuer: string;
      authorizationEndpoint: string | null;
      tokenEndpoint: string | null;
      userinfoEndpoint: string | null;
      tokenEndpointAuthMethods: string[] | null;
      clientAuthMethod: string | null;
      scopes: string[] | null;
      emailVerifiedClaim: boolean | null;
    }
  | { ok: false; reason: string; message: string };

export type SsoSettingsPatch = Partial<Omit<SsoSettings, 'clientSecretSet'>> & { clientSecret?: string | null };

const enc = encodeURIComponent;

export const waysInApi = {
  authOptions: () => http.get<AuthOptions>('/auth/options'),

  requestPasswordReset: (email: string) => http.post<{ message: string }>('/auth/password-reset', { email }),
  checkResetToken: (token: string) => http.get<{ email: string }>(`/auth/password-reset/${enc(token)}`),
  resetPassword: (token: string, password: string) => http.post<void>(`/auth/password-reset/${enc(token)}`, { password }),

  renewInvitation: (token: string) => http.post<{ message: string }>(`/invitations/${enc(token)}/renew`, {}),

  signup: (input: SignupInput) => http.post<{ message: string }>('/signup', input),
  async verifySignup(token: string): Promise<{ state: 'confirmed' | 'pending_approval' } & Partial<Session>> {
    const r = await http.post<{ state: 'confirmed' | 'pending_approval' } & Partial<Session>>(`/signup/verify/${enc(token)}`, {});
    if (r.csrfToken) setCsrfToken(r.csrfToken);
    return r;
  },
  signupRequests: () => http.get<{ items: SignupRequest[] }>('/signup-requests'),
  decideSignup: (id: string, decision: 'approve' | 'decline') => http.post<{ userId: string | null }>(`/signup-requests/${enc(id)}/${decision}`, {}),

  signInSettings: () => http.get<{ selfSignup: SelfSignupSettings; sso: SsoSettings }>('/settings'),
  updateSignInSettings: (patch: { selfSignup?: Partial<SelfSignupSettings>; sso?: SsoSettingsPatch }) =>
    http.patch<{ selfSignup: SelfSignupSettings; sso: SsoSettings }>('/settings', patch),
  ssoAttempts: () => http.get<{ items: SsoAttempt[] }>('/settings/sso/attempts'),
  testSso: (issuer: string | null) => http.post<SsoTestResult>('/settings/sso/test', issuer ? { issuer } : {}),
};
