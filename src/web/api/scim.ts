/** HR sync over SCIM 2.0: the matching setting and the sync status (its tokens are API tokens with the `scim` scope, api/tokens.ts). */
import { http } from './client';

export type ScimMatchOn = 'email' | 'employeeId';

export interface ScimError {
  at: string;
  method: string;
  path: string;
  status: number;
  scimType: string | null;
  detail: string | null;
}

export interface ScimStatus {
  lastRequestAt: string | null;
  last24h: { creates: number; updates: number; deactivations: number; errors: number };
  recentErrors: ScimError[];
}

export const scimApi = {
  matchOn: async (): Promise<ScimMatchOn> => (await http.get<{ scimMatchOn?: ScimMatchOn }>('/settings')).scimMatchOn ?? 'email',
  setMatchOn: (scimMatchOn: ScimMatchOn) => http.patch<{ scimMatchOn?: ScimMatchOn }>('/settings', { scimMatchOn }),
  status: () => http.get<ScimStatus>('/scim/status'),
};

/** The address an identity provider is configured with. */
export function scimBaseUrl(): string {
  return `${window.location.origin}/scim/v2`;
}
