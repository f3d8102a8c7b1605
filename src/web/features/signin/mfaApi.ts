/** Second factors: one's own (authenticator app, recovery codes, passkeys), the second step of sign-in, an administrator's reset. */
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import { http, setCsrfToken } from '../../shared/api/client';
import type { Session } from '../../shared/api/types';

export interface Factors {
  totp: { enabled: boolean; enabledAt: string | null };
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  recoveryCodesLeft: number;
  /** The organisation requires a second factor of this person. */
  required: boolean;
}

/** The answer of a right password when a second factor is needed: no session yet. */
export interface SecondStep {
  mfaRequired: true;
  mfaToken: string;
  methods: ('totp' | 'passkey' | 'recovery_code')[];
  passkeyOptions: PublicKeyCredentialRequestOptionsJSON | null;
}

const enc = encodeURIComponent;

export const mfaApi = {
  factors: () => http.get<Factors>('/me/mfa'),
  startTotp: () => http.post<{ secret: string; otpauthUri: string; qrCode: string }>('/me/mfa/totp', {}),
  confirmTotp: (code: string) => http.post<{ recoveryCodes: string[] }>('/me/mfa/totp/confirm', { code }),
  removeTotp: () => http.del<void>('/me/mfa/totp'),
  passkeyOptions: () => http.post<PublicKeyCredentialCreationOptionsJSON>('/me/passkeys/registration-options', {}),
  addPasskey: (name: string, response: RegistrationResponseJSON) => http.post<Factors['passkeys'][number]>('/me/passkeys', { name, response }),
  removePasskey: (id: string) => http.del<void>(`/me/passkeys/${enc(id)}`),
  resetFactorsOf: (userId: string) => http.del<void>(`/users/${enc(userId)}/mfa`),
  async finishSignIn(mfaToken: string, proof: { code: string } | { assertion: AuthenticationResponseJSON }): Promise<Session> {
    const s = await http.post<Session>('/auth/mfa', { mfaToken, ...proof });
    setCsrfToken(s.csrfToken);
    return s;
  },
};
