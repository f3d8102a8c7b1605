/** HR sync over SCIM 2.0: the matching setting and the sync status (its tokens are API tokens with the `scim` scope, api/tokens.ts). */
import { http } from '../../shared/api/client';

const enc = encodeURIComponent;

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

/** One field HR owns for a person: what HR last sent, the value now, and what HR's next write does to it. */
export interface HrSyncField {
  field: string;
  hrValue: string | null;
  currentValue: string | null;
  pending: string | null;
}

export interface HrSyncView {
  managedByHr: boolean;
  lastSyncAt: string | null;
  valuesRecorded: boolean;
  fields: HrSyncField[];
}

export const scimApi = {
  hrSync: (userId: string) => http.get<HrSyncView>(`/users/${enc(userId)}/hr-sync`),
  matchOn: async (): Promise<ScimMatchOn> => (await http.get<{ scimMatchOn?: ScimMatchOn }>('/settings')).scimMatchOn ?? 'email',
  setMatchOn: (scimMatchOn: ScimMatchOn) => http.patch<{ scimMatchOn?: ScimMatchOn }>('/settings', { scimMatchOn }),
  status: () => http.get<ScimStatus>('/scim/status'),
};

/** The address an identity provider is configured with. */
export function scimBaseUrl(): string {
  return `${window.location.origin}/scim/v2`;
}
