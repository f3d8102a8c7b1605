import type { UserRelations } from '../../../common/contract/relations';
import { http } from '../../common/api/client';

export type { RelatedPerson, UserRelations } from '../../../common/contract/relations';

/** GET /users/{id}/relations: manager chain, direct reports, teams and groups, as far as the reader sees. */
export const relationsApi = {
  relations: (userId: string) => http.get<UserRelations>(`/users/${encodeURIComponent(userId)}/relations`),
};
