/** API tokens (Settings): one scope each; the secret is returned once, at creation. */
import type { TokenScope } from '../../../common/domain';
import type { ApiToken } from '../../../common/contract/admin';
import { http } from '../../common/api/client';

export type { ApiToken } from '../../../common/contract/admin';

export const tokensApi = {
  list: () => http.get<{ items: ApiToken[] }>('/tokens'),
  /** The secret comes back once, here, and never again. */
  create: (name: string, scope: TokenScope) =>
    http.post<{ id: string; token: string }>('/tokens', { name, scopes: [scope] }),
  revoke: (id: string) => http.del<void>(`/tokens/${encodeURIComponent(id)}`),
};
