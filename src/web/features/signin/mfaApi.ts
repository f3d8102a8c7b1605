/** Second factors: one's own (authenticator app, recovery codes, passkeys), the second step of sign-in, an administrator's reset. */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { Factors, Passkey } from '../../../common/contract/mfa';
import { http, setCsrfToken } from '../../common/api/client';
import type { Session } from '../../common/api/types';

export type { Factors } from '../../../common/contract/mfa';
export type { SecondStep } from '../../../common/contract/auth';

const enc = encodeURIComponent;

export const mfaApi = {
  factors: () => http.get<Factors>('/me/mfa'),
  startTotp: () => http.post<{ secret: string; otpauthUri: string; qrCode: string }>('/me/mfa/totp', {}),
  confirmTotp: (code: string) => http.post<{ recoveryCodes: string[] }>('/me/mfa/totp/confirm', { code }),
  removeTotp: () => http.del<void>('/me/mfa/totp'),
  passkeyOptions: () => http.post<PublicKeyCredentialCreationOptionsJSON>('/me/passkeys/registration-options', {}),
  addPasskey: (name: string, response: RegistrationResponseJSON) =>
    http.post<Passkey>('/me/passkeys', { name, response }),
  removePasskey: (id: string) => http.del<void>(`/me/passkeys/${enc(id)}`),
  resetFactorsOf: (userId: string) => http.del<void>(`/users/${enc(userId)}/mfa`),
  async finishSignIn(
    mfaToken: string,
    proof: { code: string } | { assertion: AuthenticationResponseJSON },
  ): Promise<Session> {
    const s = await http.post<Session>('/auth/mfa', { mfaToken, ...proof });
    setCsrfToken(s.csrfToken);
    return s;
  },
};
