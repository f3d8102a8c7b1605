/** API tokens (Settings): one scope each; the secret is returned once, at creation. */
import type { TokenScope } from '../../../common/domain';
import { http } from '../../shared/api/client';

export interface ApiToken {
  id: string;
  name: string;
  scopes: TokenScope[];
  /** Id of the person who created it. */
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export const tokensApi = {
  list: () => http.get<{ items: ApiToken[] }>('/tokens'),
  /** The secret comes back once, here, and never again. */
  create: (name: string, scope: TokenScope) => http.post<{ id: string; token: string }>('/tokens', { name, scopes: [scope] }),
  revoke: (id: string) => http.del<void>(`/tokens/${encodeURIComponent(id)}`),
};
