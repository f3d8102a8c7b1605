import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { STATUSES, type Engagement, type Role, type Status } from '../../../common/domain';
import type { UserFilters } from '../../common/api';

/** The list's sort orders in the "Sort by" select, each with its label's key (people:sort.<key>). */
export const SORTS = [
  { value: '-createdAt', key: 'newest' },
  { value: 'createdAt', key: 'oldest' },
  { value: 'name', key: 'nameAsc' },
  { value: '-name', key: 'nameDesc' },
  { value: 'email', key: 'emailAsc' },
  { value: '-email', key: 'emailDesc' },
] as const;
export const DEFAULT_SORT = '-createdAt';

/** The "last sign-in" filter's values (labels: people:filters.signedIn.<value>). */
export const SIGNED_IN = ['never', '30d', '90d'] as const;

/** The address parameter naming the saved view shown (its columns replace the person's own). */
export const VIEW_PARAM = 'view';
const CF = 'cf.';

/** Every filter back to "any" (the sort order stays). */
export const NO_FILTERS: Partial<UserFilters> = {
  q: '',
  status: [],
  role: null,
  onBreak: null,
  engagement: null,
  inviteDelivery: undefined,
  deleted: false,
  teamId: null,
  includeSubteams: false,
  groupId: null,
  reachOf: null,
  signedIn: null,
  department: null,
  location: null,
  manager: null,
  anyLevel: false,
  cf: {},
};

export function filtersActive(f: UserFilters): boolean {
  return Boolean(
    f.q ||
    f.status?.length ||
    f.role ||
    f.onBreak !== null ||
    f.engagement ||
    f.inviteDelivery?.length ||
    f.deleted ||
    f.teamId ||
    f.groupId ||
    f.reachOf ||
    f.signedIn ||
    f.department ||
    f.location ||
    f.manager ||
    Object.values(f.cf ?? {}).some(Boolean),
  );
}

/** The filters as the page's address holds them (a saved view keeps these, sort apart). */
export function filtersToParams(next: UserFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (next.q) p.set('q', next.q);
  if (next.status?.length) p.set('status', next.status.join(','));
  if (next.role) p.set('role', next.role);
  if (next.onBreak !== null && next.onBreak !== undefined) p.set('onBreak', String(next.onBreak));
  if (next.engagement) p.set('engagement', next.engagement);
  if (next.inviteDelivery?.length) p.set('inviteDelivery', 'failed');
  if (next.deleted) p.set('deleted', 'true');
  if (next.sort && next.sort !== DEFAULT_SORT) p.set('sort', next.sort);
  if (next.teamId) p.set('teamId', next.teamId);
  if (next.teamId && next.includeSubteams) p.set('includeSubteams', 'true');
  if (next.groupId) p.set('groupId', next.groupId);
  if (next.reachOf) p.set('reachOf', next.reachOf);
  if (next.signedIn) p.set('signedIn', next.signedIn);
  if (next.department?.trim()) p.set('department', next.department.trim());
  if (next.location?.trim()) p.set('location', next.location.trim());
  if (next.manager) p.set(next.anyLevel ? 'reportsTo' : 'managerId', next.manager);
  for (const [key, value] of Object.entries(next.cf ?? {})) if (value) p.set(`${CF}${key}`, value);
  return p;
}

export function paramsToFilters(params: URLSearchParams): UserFilters {
  const status = (params.get('status') ?? '')
    .split(',')
    .filter((s): s is Status => (STATUSES as readonly string[]).includes(s));
  const onBreak = params.get('onBreak');
  const cf: Record<string, string> = {};
  for (const [key, value] of params) if (key.startsWith(CF) && value) cf[key.slice(CF.length)] = value;
  return {
    q: params.get('q') ?? '',
    status,
    role: (params.get('role') as Role) || null,
    onBreak: onBreak === 'true' ? true : onBreak === 'false' ? false : null,
    engagement: (params.get('engagement') as Engagement) || null,
    inviteDelivery: params.get('inviteDelivery') === 'failed' ? ['failed', 'bounced'] : undefined,
    deleted: params.get('deleted') === 'true',
    sort: params.get('sort') || DEFAULT_SORT,
    teamId: params.get('teamId') || null,
    includeSubteams: params.get('includeSubteams') === 'true',
    groupId: params.get('groupId') || null,
    reachOf: params.get('reachOf') || null,
    signedIn: SIGNED_IN.find((v) => v === params.get('signedIn')) ?? null,
    department: params.get('department') || null,
    location: params.get('location') || null,
    manager: params.get('reportsTo') || params.get('managerId') || null,
    anyLevel: Boolean(params.get('reportsTo')),
    cf,
  };
}

/** The filters of a saved view: the address's parameters without the sort and the view itself. */
export function viewFiltersOf(filters: UserFilters): Record<string, string> {
  const p = filtersToParams(filters);
  p.delete('sort');
  return Object.fromEntries(p);
}

/** The People list's filters, kept in the address bar so a filtered list can be bookmarked and shared. */
export function usePeopleFilters() {
  const [params, setParams] = useSearchParams();
  const filters: UserFilters = useMemo(() => paramsToFilters(params), [params]);
  const viewId = params.get(VIEW_PARAM);

  function update(patch: Partial<UserFilters>) {
    const p = filtersToParams({ ...filters, ...patch });
    if (viewId) p.set(VIEW_PARAM, viewId);
    setParams(p, { replace: true });
  }

  /** Shows a saved view (its filters and sort), or none with null (the filters stay). */
  function openView(view: { id: string; filters: Record<string, string>; sort: string } | null) {
    if (!view) {
      const p = filtersToParams(filters);
      setParams(p, { replace: true });
      return;
    }
    const p = filtersToParams(paramsToFilters(new URLSearchParams({ ...view.filters, sort: view.sort })));
    p.set(VIEW_PARAM, view.id);
    setParams(p, { replace: true });
  }

  return { filters, update, viewId, openView };
}
