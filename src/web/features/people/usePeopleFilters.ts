import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { STATUSES, type Engagement, type Role, type Status } from '../../../common/domain';
import type { UserFilters } from '../../common/api';

/** The list's sort orders, each with its label's key (people:sort.<key>). */
export const SORTS = [
  { value: '-createdAt', key: 'newest' },
  { value: 'createdAt', key: 'oldest' },
  { value: 'name', key: 'nameAsc' },
  { value: '-name', key: 'nameDesc' },
  { value: 'email', key: 'emailAsc' },
  { value: '-email', key: 'emailDesc' },
] as const;

/** The "last sign-in" filter's values (labels: people:filters.signedIn.<value>). */
export const SIGNED_IN = ['never', '30d', '90d'] as const;

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
  managerId: null,
  signedIn: null,
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
    f.managerId ||
    f.signedIn,
  );
}

/** The People list's filters, kept in the address bar so a filtered list can be bookmarked and shared. */
export function usePeopleFilters() {
  const [params, setParams] = useSearchParams();
  const filters: UserFilters = useMemo(() => {
    const status = (params.get('status') ?? '')
      .split(',')
      .filter((s): s is Status => (STATUSES as readonly string[]).includes(s));
    const onBreak = params.get('onBreak');
    return {
      q: params.get('q') ?? '',
      status,
      role: (params.get('role') as Role) || null,
      onBreak: onBreak === 'true' ? true : onBreak === 'false' ? false : null,
      engagement: (params.get('engagement') as Engagement) || null,
      inviteDelivery: params.get('inviteDelivery') === 'failed' ? ['failed', 'bounced'] : undefined,
      deleted: params.get('deleted') === 'true',
      sort: params.get('sort') || '-createdAt',
      teamId: params.get('teamId') || null,
      includeSubteams: params.get('includeSubteams') === 'true',
      groupId: params.get('groupId') || null,
      managerId: params.get('managerId') || null,
      signedIn: SIGNED_IN.find((v) => v === params.get('signedIn')) ?? null,
    };
  }, [params]);

  function update(patch: Partial<UserFilters>) {
    const next = { ...filters, ...patch };
    const p = new URLSearchParams();
    if (next.q) p.set('q', next.q);
    if (next.status?.length) p.set('status', next.status.join(','));
    if (next.role) p.set('role', next.role);
    if (next.onBreak !== null && next.onBreak !== undefined) p.set('onBreak', String(next.onBreak));
    if (next.engagement) p.set('engagement', next.engagement);
    if (next.inviteDelivery?.length) p.set('inviteDelivery', 'failed');
    if (next.deleted) p.set('deleted', 'true');
    if (next.sort && next.sort !== '-createdAt') p.set('sort', next.sort);
    if (next.teamId) p.set('teamId', next.teamId);
    if (next.teamId && next.includeSubteams) p.set('includeSubteams', 'true');
    if (next.groupId) p.set('groupId', next.groupId);
    if (next.managerId) p.set('managerId', next.managerId);
    if (next.signedIn) p.set('signedIn', next.signedIn);
    setParams(p, { replace: true });
  }

  return { filters, update };
}
