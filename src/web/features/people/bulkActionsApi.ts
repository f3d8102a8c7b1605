/** Bulk actions as jobs (docs/api.md "Bulk actions"): dry run, start, follow, undo, results. */
import { API_BASE, http } from '../../common/api/client';
import { userQuery, type UserFilters } from '../../common/api';
import type { BulkActionDto, BulkImpact, BulkJobAction, BulkParams } from '../../../common/contract/bulkActions';

const enc = encodeURIComponent;

/** Who a bulk action is for: the selected people, or everything the list's filters match. */
export type BulkTarget = { ids: string[] } | { filters: UserFilters };

function body(action: BulkJobAction, target: BulkTarget, params: BulkParams) {
  if ('ids' in target) return { action, ids: target.ids, params };
  const { sort: _sort, ...filter } = userQuery(target.filters);
  return {
    action,
    filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')),
    params,
  };
}

export const bulkActionsApi = {
  dryRun: (action: BulkJobAction, target: BulkTarget, params: BulkParams) =>
    http.post<BulkImpact>('/bulk-actions', { ...body(action, target, params), dryRun: true }),
  start: (action: BulkJobAction, target: BulkTarget, params: BulkParams) =>
    http.post<{ id: string }>('/bulk-actions', body(action, target, params)),
  get: (id: string) => http.get<BulkActionDto>(`/bulk-actions/${enc(id)}`),
  undo: (id: string) => http.post<BulkActionDto>(`/bulk-actions/${enc(id)}/undo`),
  resultsUrl: (id: string) => `${API_BASE}/bulk-actions/${enc(id)}/results.csv`,
};
