/** HR sync over SCIM 2.0: the matching setting and the sync status (its tokens are API tokens with the `scim` scope, api/tokens.ts). */
import type { HrSyncView, ScimStatus } from '../../../common/contract/scim';
import type { Settings } from '../../../common/contract/settings';
import { http } from '../../common/api/client';

const enc = encodeURIComponent;

export type ScimMatchOn = Settings['scimMatchOn'];

export type { HrSyncField, HrSyncView, ScimStatus } from '../../../common/contract/scim';

export const scimApi = {
  hrSync: (userId: string) => http.get<HrSyncView>(`/users/${enc(userId)}/hr-sync`),
  matchOn: async (): Promise<ScimMatchOn> =>
    (await http.get<{ scimMatchOn?: ScimMatchOn }>('/settings')).scimMatchOn ?? 'email',
  setMatchOn: (scimMatchOn: ScimMatchOn) => http.patch<{ scimMatchOn?: ScimMatchOn }>('/settings', { scimMatchOn }),
  status: () => http.get<ScimStatus>('/scim/status'),
};

/** The address an identity provider is configured with. */
export function scimBaseUrl(): string {
  return `${window.location.origin}/scim/v2`;
}
